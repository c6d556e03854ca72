/**
 * The escalation ladder on an issue (升级 / 督办): a missed accept or handling deadline is recorded, told to the
 * department's head and starts a stall that climbs the policy's ladder one level after each wait, then repeats
 * at the top a bounded number of times. A second missed deadline during a stall does not climb twice; the level
 * survives a transfer. The ladder's own arithmetic is ../escalation-ladder.
 */
import type { ClocksAt } from '../deadlines';
import { advanceLadder, LadderStep, StallCause, startStall } from '../escalation-ladder';
import type { Reduction } from './reduction';
import type { IssueTask } from './state';

/** A task's accept or handling deadline passed. */
export function deadlineMissed(reduction: Reduction, task: IssueTask, which: StallCause, clocks: ClocksAt): void {
  const policy = reduction.state.policy.policy;
  if (which === 'accept' && task.status !== 'assigned') return;
  const deadline = which === 'accept' ? task.accept : task.handle;
  if (!deadline) return;
  task.missedDeadlines.push({ cause: which, due: deadline.due, at: reduction.at });
  reduction.notifyDepartment(task.department, 'head', 'deadline_missed', task.id, which);
  reduction.record('deadline_missed', undefined, task.id, { deadline: which, due: deadline.due, role: task.role });
  const { ladder, step } = startStall(task.ladder, which, policy.ladder, policy.topRepeat, clocks.escalationWaits);
  task.ladder = ladder;
  if (step) emitLadderStep(reduction, task, step, which);
}

/** The wait at the current level ended during a stall: the next step of the ladder. */
export function ladderStepDue(reduction: Reduction, task: IssueTask, clocks: ClocksAt): void {
  const policy = reduction.state.policy.policy;
  const { ladder, step } = advanceLadder(task.ladder, policy.ladder, policy.topRepeat, clocks.escalationWaits);
  task.ladder = ladder;
  if (step) emitLadderStep(reduction, task, step, ladder.stall?.cause ?? 'handle');
}

function emitLadderStep(reduction: Reduction, task: IssueTask, step: LadderStep, cause: StallCause): void {
  const state = reduction.state;
  if (step.kind !== 'exhausted') {
    state.tally.escalations += 1;
    reduction.commands.push({
      type: 'escalated',
      issueId: state.issueId,
      taskId: task.id,
      department: task.department,
      level: step.level,
      role: step.role,
      repeat: step.repeat,
      kind: step.kind,
      cause,
      at: reduction.at,
    });
  }
  reduction.record(step.kind === 'exhausted' ? 'escalation_exhausted' : 'escalated', undefined, task.id, {
    level: step.level,
    role: step.role,
    repeat: step.repeat,
    kind: step.kind,
    cause,
  });
  if (task.ladder.nextStepAt !== undefined)
    reduction.schedule({ kind: 'task', taskId: task.id, clock: 'ladder' }, task.ladder.nextStepAt);
  else if (task.ladder.exhausted && step.kind !== 'exhausted') {
    reduction.record('escalation_exhausted', undefined, task.id, {
      level: step.level,
      role: step.role,
      repeats: task.ladder.topRepeats,
    });
  }
}
