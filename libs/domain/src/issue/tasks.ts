/**
 * Tasks (派单 / 交办): each department on an issue has its own task with its accept deadline (签收), its handling
 * deadline (办理) and the reminders (催办) before each; a task ends when it is done, transferred, re-routed or
 * the issue closes.
 */
import type { ClocksAt, Deadline } from '../deadlines';
import { endStall, initialLadder, StallCause } from '../escalation-ladder';
import { isActiveTask } from '../vocabulary';
import type { EpochMs } from '../working-calendar';
import type { Reduction } from './reduction';
import type { DeadlineMoveCause, IssueState, IssueTask, TaskRole, TaskStatus, TrackedDeadline } from './state';

export function tracked(deadline: Deadline): TrackedDeadline {
  return { due: deadline.due, original: deadline.due, reminders: [...deadline.reminders], moves: [] };
}

/** Creates a task, schedules its clocks and tells the department. `handle` absent = starts at acceptance. */
export function addTask(
  reduction: Reduction,
  department: string,
  role: TaskRole,
  accept: Deadline,
  handle: Deadline | undefined,
  level: number,
): IssueTask {
  const state = reduction.state;
  state.taskCount += 1;
  const task: IssueTask = {
    id: `task-${state.taskCount}`,
    department,
    role,
    status: 'assigned',
    assignedAt: reduction.at,
    accept: tracked(accept),
    ...(handle ? { handle: tracked(handle) } : {}),
    ladder: initialLadder(level),
    missedDeadlines: [],
  };
  state.tasks[task.id] = task;
  scheduleDeadline(reduction, task, 'accept');
  if (task.handle) scheduleDeadline(reduction, task, 'handle');
  reduction.notify(
    { kind: 'department', department, audience: 'staff' },
    role === 'lead' ? 'task_assigned' : 'assist_requested',
    task.id,
  );
  reduction.record('task_assigned', undefined, task.id, {
    department,
    role,
    acceptBy: task.accept.due,
    ...(task.handle ? { handleBy: task.handle.due } : { handleBy: 'on acceptance' }),
  });
  return task;
}

/** (Re)schedules a task's deadline and the reminders (催办) still ahead of it. */
export function scheduleDeadline(reduction: Reduction, task: IssueTask, which: StallCause): void {
  const deadline = which === 'accept' ? task.accept : task.handle;
  if (!deadline) return;
  reduction.cancelWithin({ kind: 'task', taskId: task.id, clock: which });
  deadline.reminders.forEach((at, i) => {
    if (at > reduction.at && at < deadline.due)
      reduction.schedule({ kind: 'task', taskId: task.id, clock: which, reminder: i }, at);
  });
  reduction.schedule({ kind: 'task', taskId: task.id, clock: which }, deadline.due);
}

/** Moves the handling deadline to a time a person chose (an extension, an instruction); a stall on it ends. */
export function moveHandleDeadline(
  reduction: Reduction,
  task: IssueTask,
  due: EpochMs,
  reminders: EpochMs[],
  cause: DeadlineMoveCause,
  by: string,
): void {
  if (task.handle) {
    task.handle.moves.push({ from: task.handle.due, to: due, at: reduction.at, cause, by });
    task.handle.due = due;
    task.handle.reminders = [...reminders];
  } else {
    task.handle = { due, original: due, reminders: [...reminders], moves: [] };
  }
  scheduleDeadline(reduction, task, 'handle');
  stopStall(reduction, task, 'handle');
}

/** The reminders computed for a deadline a person chose (ClocksAt.custom), when they are for that instant. */
export function customReminders(clocks: ClocksAt, due: EpochMs): EpochMs[] {
  return clocks.custom && clocks.custom.due === due ? clocks.custom.reminders : [];
}

export function endTask(reduction: Reduction, task: IssueTask, status: TaskStatus): void {
  task.status = status;
  task.endedAt = reduction.at;
  task.ladder = endStall(task.ladder);
  delete task.extensionRequest;
  reduction.cancelWithin({ kind: 'task', taskId: task.id });
}

/** Ends a task's stall (of the given cause, or any): the ladder stops where it is. */
export function stopStall(reduction: Reduction, task: IssueTask, cause?: StallCause): void {
  if (!task.ladder.stall) return;
  if (cause && task.ladder.stall.cause !== cause) return;
  task.ladder = endStall(task.ladder);
  reduction.cancel({ kind: 'task', taskId: task.id, clock: 'ladder' });
}

export function activeTaskOf(state: IssueState, department: string): IssueTask | undefined {
  return Object.values(state.tasks).find((task) => task.department === department && isActiveTask(task));
}

export function leadTask(state: IssueState): IssueTask {
  return state.tasks[state.leadTaskId];
}
