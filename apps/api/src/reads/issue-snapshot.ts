import type { Instruction, PetitionClockState } from '@unblock/domain';
import type { InstructionDto, PetitionDto } from './issues.dto';

// The parts of the detail that come from the workflow's state as stored in the read model (`issues.snapshot`),
// where instants are epoch milliseconds: here they become ISO-8601 strings, like every instant the API sends.

function instant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function optionalInstant(epochMs: number | undefined | null): string | null {
  return epochMs === undefined || epochMs === null ? null : instant(epochMs);
}

export function toInstruction(instruction: Instruction): InstructionDto {
  return {
    id: instruction.id,
    taskId: instruction.taskId,
    by: { id: instruction.by.id, role: instruction.by.role, department: instruction.by.department ?? null },
    text: instruction.text,
    at: instant(instruction.at),
    due: instant(instruction.due),
    acknowledgedAt: optionalInstant(instruction.acknowledgedAt),
    acknowledgedBy: instruction.acknowledgedBy ?? null,
  };
}

export function toPetition(petition: PetitionClockState): PetitionDto {
  const { acceptDecision, conclude } = petition;
  return {
    regulation: petition.regulation,
    acceptDecision: {
      due: instant(acceptDecision.due),
      warnings: acceptDecision.warnings.map(instant),
      decidedAt: optionalInstant(acceptDecision.decidedAt),
    },
    conclude: conclude
      ? {
          due: instant(conclude.due),
          warnings: conclude.warnings.map(instant),
          original: instant(conclude.original),
          concludedAt: optionalInstant(conclude.concludedAt),
          extension: conclude.extension
            ? {
                by: conclude.extension.by,
                reason: conclude.extension.reason,
                extension: conclude.extension.extension,
                at: instant(conclude.extension.at),
                previousDue: instant(conclude.extension.previousDue),
              }
            : null,
        }
      : null,
    extensionsUsed: petition.extensionsUsed,
    missed: petition.missed,
  };
}
