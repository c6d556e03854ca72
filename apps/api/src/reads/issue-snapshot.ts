import { iso, type Instruction, type PetitionClockState } from '@unblock/domain';
import type { InstructionDto, PetitionDto } from './issues.dto';

// The parts of the detail that come from the workflow's state as stored in the read model (`issues.snapshot`),
// where instants are epoch milliseconds: here they become ISO-8601 strings, like every instant the API sends.

export function toInstruction(instruction: Instruction): InstructionDto {
  return {
    id: instruction.id,
    taskId: instruction.taskId,
    by: { id: instruction.by.id, role: instruction.by.role, department: instruction.by.department ?? null },
    text: instruction.text,
    at: iso(instruction.at),
    due: iso(instruction.due),
    acknowledgedAt: iso(instruction.acknowledgedAt),
    acknowledgedBy: instruction.acknowledgedBy ?? null,
  };
}

export function toPetition(petition: PetitionClockState): PetitionDto {
  const { acceptDecision, conclude } = petition;
  return {
    regulation: petition.regulation,
    acceptDecision: {
      due: iso(acceptDecision.due),
      warnings: acceptDecision.warnings.map((at) => iso(at)),
      decidedAt: iso(acceptDecision.decidedAt),
    },
    conclude: conclude
      ? {
          due: iso(conclude.due),
          warnings: conclude.warnings.map((at) => iso(at)),
          original: iso(conclude.original),
          concludedAt: iso(conclude.concludedAt),
          extension: conclude.extension
            ? {
                by: conclude.extension.by,
                reason: conclude.extension.reason,
                extension: conclude.extension.extension,
                at: iso(conclude.extension.at),
                previousDue: iso(conclude.extension.previousDue),
              }
            : null,
        }
      : null,
    extensionsUsed: petition.extensionsUsed,
    missed: petition.missed,
  };
}
