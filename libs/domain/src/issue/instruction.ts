/**
 * Instructions (批示): a leader at any level (a department head only for their own department) orders a next
 * step with a new handling deadline; the deadline moves (the original is kept) and a handling stall ends. The
 * addressed department acknowledges it, once, and must do so before it resolves (see ./resolution).
 */
import { departmentOf, nonEmpty, requireHeadOfOwnDepartment, requireLeader, requireOpen, targetTask } from './actors';
import type { AcknowledgeEvent, InstructEvent } from './events';
import { IssueRule, reject, requireClocks } from './reduction';
import type { Instruction } from './state';
import { customReminders, moveHandleDeadline } from './tasks';

export const instructRule: IssueRule<InstructEvent, string> = {
  check(state, event) {
    requireOpen(state, 'instruct');
    requireLeader(event.by, 'instruct');
    const task = targetTask(state, event.taskId, 'instruct');
    requireHeadOfOwnDepartment(event.by, task, 'instruct');
    if (!nonEmpty(event.text)) reject('instruct.text_required', 'an instruction (批示) needs its text');
    if (!(event.due > event.at)) reject('instruct.deadline_in_past', 'an instruction sets a deadline in the future');
    return task.id;
  },
  /** the instruction's deadline gets the policy's reminders, computed for it */
  clocks(_state, event) {
    return { customDue: event.due };
  },
  apply(reduction, event, taskId) {
    const state = reduction.state;
    const task = state.tasks[taskId];
    const clocks = requireClocks(event, 'instruct');
    const instruction: Instruction = {
      id: `instruction-${state.instructions.length + 1}`,
      taskId: task.id,
      by: event.by,
      text: event.text,
      at: event.at,
      due: event.due,
    };
    state.instructions.push(instruction);
    moveHandleDeadline(reduction, task, event.due, customReminders(clocks, event.due), 'instruction', event.by.id);
    reduction.notifyDepartment(task.department, 'head', 'instruction', task.id, event.text);
    reduction.record('instruction_issued', event.by, task.id, {
      instructionId: instruction.id,
      text: event.text,
      due: event.due,
    });
  },
};

export const acknowledgeRule: IssueRule<AcknowledgeEvent, number> = {
  check(state, event) {
    requireOpen(state, 'acknowledge');
    const department = departmentOf(event.by, 'acknowledge');
    const index = state.instructions.findIndex((i) => i.id === event.instructionId);
    if (index < 0)
      reject('acknowledge.unknown_instruction', `no instruction ${JSON.stringify(event.instructionId)} on this issue`);
    const instruction = state.instructions[index];
    const task = state.tasks[instruction.taskId];
    if (task.department !== department)
      reject('acknowledge.not_addressee', `the instruction is addressed to ${task.department}`);
    if (instruction.acknowledgedAt !== undefined)
      reject('acknowledge.already_acknowledged', 'the instruction was already acknowledged');
    return index;
  },
  apply(reduction, event, index) {
    const instruction = reduction.state.instructions[index];
    instruction.acknowledgedAt = event.at;
    instruction.acknowledgedBy = event.by.id;
    reduction.notify({ kind: 'person', id: instruction.by.id }, 'instruction_acknowledged', instruction.taskId);
    reduction.record('instruction_acknowledged', event.by, instruction.taskId, { instructionId: instruction.id });
  },
};
