// One blocking issue, from intake to closure: a thin shell over the pure reducer in libs/domain. The reducer
// decides; this function feeds it messages (updates) and timer firings, computes clocks through activities
// (so every instant is recorded in history), and sleeps until the next timer. The effects of each decision (read
// model, record, notices) are written behind it by a writer of their own, in order and in batches, through an
// idempotent activity: a write that fails never holds a deadline back. State and unwritten effects are plain JSON
// and move across continue-as-new untouched.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  calendarChangedSignal,
  ISSUE_ACTION_ROWS,
  issueViewQuery,
  registrationUpdate,
  type DecidedEffects,
  type IssueActionResult,
  type IssueActivities,
  type IssueEffectsStatus,
  type IssueMeta,
  type IssueWorkflowInput,
} from '@unblock/contracts';
import {
  clocksNeeded,
  currentEscalation,
  currentOwner,
  dueTimers,
  isIssueFinished,
  issueAge,
  nextTimer,
  reduceIssue,
  registeredIssue,
  textViolationIn,
  validateIssueMessage,
  withClocks,
  type IssueClosure,
  type IssueCommand,
  type IssueEvent,
  type IssueMessage,
  type IssueState,
} from '@unblock/domain';

/** Deadline arithmetic: quick, pure, recorded in history. */
const clockActivities = proxyLocalActivities<IssueActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 10 },
});

/** Read model, event log, escalations, inboxes: retried until PostgreSQL takes them, never duplicated. */
const effectActivities = proxyActivities<IssueActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * The writer behind the decisions: a few quick attempts per batch (a worker that died mid-write is noticed within
 * the heartbeat timeout), then the writer itself waits and sends a fresh batch with whatever was decided meanwhile.
 */
const writerActivities = proxyActivities<IssueActivities>({
  startToCloseTimeout: '15 seconds',
  heartbeatTimeout: '5 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumAttempts: 3,
  },
});

/** The most reductions one write carries. */
const MAX_REDUCTIONS_PER_WRITE = 100;
/** How long the writer waits after a failed write before the next, at most (it doubles from 1 s). */
const MAX_WRITE_BACKOFF_MS = 5_000;
/** How long an action's answer waits for its own effects to be written (the read model shows it), at most. */
const ANSWER_WAITS_FOR_WRITE_MS = 5_000;

/** Above this many history events an issue continues as new (the server may suggest it earlier). */
export const HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW = 4000;

export interface IssueOutcome {
  issueId: string;
  status: IssueState['status'];
  closure?: IssueClosure;
}

export async function issueWorkflow(input: IssueWorkflowInput & { historyLimit?: number }): Promise<IssueOutcome> {
  const { workflowId } = workflowInfo();
  const historyLimit = input.historyLimit ?? HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW;
  let state: IssueState | undefined;
  const meta: IssueMeta =
    'continued' in input
      ? input.continued.meta
      : { title: input.intake.title, attachments: input.intake.attachments ?? [] };
  /** bumped on every change, to wake the timer loop */
  let version = 0;
  /** one event at a time: the clocks and the reduction of one finish before the next starts */
  let busy = false;
  /**
   * Effects written behind the decision (every issue started since): the reduction never waits for PostgreSQL.
   * Issues started before keep writing each reduction's effects before the next (their histories replay so).
   */
  const behind = patched('effects-behind-decision');
  /** decided, not written yet, oldest first */
  const outbox: DecidedEffects[] = 'continued' in input ? [...(input.continued.outbox ?? [])] : [];
  /** what the writer knows (how many wait is the outbox's length, said by the view) */
  const effects: Omit<IssueEffectsStatus, 'pending'> = { writtenSequence: 0 };
  /** actions deciding or waiting their turn to (timers that fell due wait for them) */
  let deciding = 0;
  /** the latest working-calendar revision the issue has heard of (a signal, or its own clocks) */
  let calendarHeard = 0;
  const calendarRevision = () => state?.calendar?.revision ?? 1;

  const hasEffects = (commands: IssueCommand[]) =>
    commands.some((command) => command.type !== 'schedule_timer' && command.type !== 'cancel_timer');

  const applyEffects = async (after: IssueState, commands: IssueCommand[], processedAt: number, dueAt?: number) => {
    if (!hasEffects(commands)) return;
    const decided: DecidedEffects = {
      sequence: after.sequence,
      commands,
      processedAt,
      ...(dueAt !== undefined ? { dueAt } : {}),
    };
    if (behind) {
      outbox.push(decided);
      return;
    }
    await effectActivities.applyIssueEffects({ workflowId, meta, state: after, ...decided });
  };

  /** The writer: sends what was decided, oldest first, in batches; a failure waits and retries, and is shown. */
  const writeEffects = async (): Promise<void> => {
    for (;;) {
      await condition(() => outbox.length > 0 || (state !== undefined && isIssueFinished(state)));
      if (outbox.length === 0) return;
      const reductions = outbox.slice(0, MAX_REDUCTIONS_PER_WRITE);
      try {
        await writerActivities.writeIssueEffects({ workflowId, meta, state: state!, reductions });
        outbox.splice(0, reductions.length);
        effects.writtenSequence = reductions[reductions.length - 1].sequence;
        if (effects.failing) {
          log.info('issue effects written again', {
            issueId: state!.issueId,
            failedAttempts: effects.failing.attempts,
          });
          delete effects.failing;
        }
      } catch (error) {
        const failing = effects.failing ?? { since: Date.now(), attempts: 0, error: '' };
        failing.attempts += 1;
        failing.error =
          (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error);
        effects.failing = failing;
        log.error('issue effects not written; the issue keeps deciding and retries', {
          issueId: state!.issueId,
          pending: outbox.length,
          attempts: failing.attempts,
          error: failing.error,
        });
        await sleep(Math.min(MAX_WRITE_BACKOFF_MS, 1_000 * 2 ** Math.min(failing.attempts - 1, 10)));
      }
    }
  };

  /** An action's answer waits (a little) until its own effects are written, so the reader sees what it did. */
  const written = async (sequence: number) => {
    if (behind) await condition(() => !outbox.some((e) => e.sequence <= sequence), ANSWER_WAITS_FOR_WRITE_MS);
  };

  /**
   * Re-times the pending deadlines on a later calendar revision (the caller holds the turn): the plan is computed
   * on the calendar in an activity, the reducer moves the deadlines and records each move in the timeline.
   */
  const retime = async (toRevision: number): Promise<void> => {
    if (toRevision <= calendarRevision() || isIssueFinished(state!)) return;
    let plan;
    try {
      plan = await clockActivities.planIssueRetiming({ state: state!, toRevision, at: Date.now() });
    } catch (error) {
      // the deadlines stay on the calendar they are on; the next event's clocks ask again
      log.error('calendar re-timing failed; the issue goes on on its calendar', {
        issueId: state!.issueId,
        revision: toRevision,
        error: (error as Error).message,
      });
      return;
    }
    const result = reduceIssue(state, { type: 'recalendar', at: plan.at, plan });
    if (!result.ok) {
      log.error('calendar re-timing refused', { issueId: state!.issueId, rule: result.rejection.rule });
      return;
    }
    state = result.state;
    version += 1;
    await applyEffects(result.state, result.commands, Date.now());
    log.info('issue re-timed on the working calendar', {
      issueId: state.issueId,
      revision: toRevision,
      moved: Object.keys(plan.moves).length,
    });
  };

  /** Computes the clocks an event needs (clocksNeeded), reduces it, keeps the new state and writes the effects. */
  const process = async (event: IssueEvent, dueAt?: number): Promise<IssueActionResult> => {
    // Several waiters may be woken in the same pass: each checks again before it takes the turn.
    while (state === undefined || busy) await condition(() => state !== undefined && !busy);
    busy = true;
    try {
      const computeClocks = async () => {
        const needed = clocksNeeded(state!, event);
        const { policy } = state!;
        const onRevision = state!.calendar ? { calendarRevision: state!.calendar.revision } : {};
        const clocks = await clockActivities.computeIssueClocks({ policy, ...needed.issueClocks, ...onRevision });
        const statutoryDeadline = needed.statutoryExtension
          ? await clockActivities.computeStatutoryExtension({ policy, ...needed.statutoryExtension, ...onRevision })
          : undefined;
        return { clocks, statutoryDeadline };
      };
      let { clocks, statutoryDeadline } = await computeClocks();
      // The calendar changed since the issue was timed (and its message has not come yet): re-time first, then
      // decide on the new calendar. A timer the new calendar moves later is then ignored by its firing.
      const latest = clocks.calendar?.latest;
      if (latest !== undefined && latest > calendarRevision()) {
        calendarHeard = Math.max(calendarHeard, latest);
        await retime(latest);
        ({ clocks, statutoryDeadline } = await computeClocks());
      }
      const result = reduceIssue(
        state,
        withClocks(event, { clocks, ...(statutoryDeadline ? { statutoryDeadline } : {}) }),
      );
      if (!result.ok)
        throw ApplicationFailure.create({
          type: result.rejection.rule,
          message: result.rejection.message,
          nonRetryable: true,
        });
      state = result.state;
      version += 1;
      await applyEffects(result.state, result.commands, Date.now(), dueAt);
      return {
        issueId: result.state.issueId,
        status: result.state.status,
        sequence: result.state.sequence,
        ...(result.notice ? { notice: result.notice } : {}),
      };
    } finally {
      busy = false;
    }
  };

  /** An action: decided in turn, answered once its effects are written (or after ANSWER_WAITS_FOR_WRITE_MS). */
  const act = async (event: IssueEvent): Promise<IssueActionResult> => {
    deciding += 1;
    let result: IssueActionResult;
    try {
      result = await process(event);
    } finally {
      deciding -= 1;
    }
    await written(result.sequence);
    return result;
  };

  // Every action is an update with a validator: refused before it reaches history when it breaks a rule.
  const handle = <A extends { by: unknown }>(
    definition: UpdateDefinition<IssueActionResult, [A]>,
    toEvent: (args: A) => IssueMessage,
  ) => {
    setHandler(definition, (args: A) => act({ ...toEvent(args), at: Date.now() } as IssueEvent), {
      validator: (args: A) => {
        const badText = textViolationIn(args); // the text rule (libs/domain/src/text.ts): refused before history
        if (badText)
          throw ApplicationFailure.create({ type: badText.rule, message: badText.message, nonRetryable: true });
        if (typeof args !== 'object' || args === null || typeof args.by !== 'object' || args.by === null) {
          throw ApplicationFailure.create({
            type: 'message.by_required',
            message: 'an action names who takes it (by: {id, role})',
            nonRetryable: true,
          });
        }
        if (state === undefined) return; // intake still being prepared: the handler waits for it
        const rejection = validateIssueMessage(state, { ...toEvent(args), at: Date.now() } as IssueEvent);
        if (rejection)
          throw ApplicationFailure.create({ type: rejection.rule, message: rejection.message, nonRetryable: true });
      },
    });
  };
  // One handler per action of the table in libs/contracts (its update, and the domain message its argument becomes).
  for (const action of ISSUE_ACTION_ROWS) handle(action.update, (args) => action.toMessage(args));

  // The working calendar changed: the timer loop re-times the issue at its next turn.
  setHandler(calendarChangedSignal, ({ revision }) => {
    if (Number.isInteger(revision) && revision > calendarHeard) {
      calendarHeard = revision;
      version += 1;
    }
  });

  setHandler(issueViewQuery, () => {
    if (state === undefined) throw new Error('the issue is still being registered');
    const next = nextTimer(state);
    return {
      state,
      meta,
      owner: currentOwner(state),
      escalation: currentEscalation(state),
      ageMs: issueAge(state, Date.now()),
      ...(next ? { nextTimer: next } : {}),
      ...(behind ? { effects: { ...effects, pending: outbox.length } } : {}),
    };
  });

  // Intake's answer (sent with the start): the issue as reduced, without waiting for the effects (the read model).
  setHandler(registrationUpdate, async () => {
    await condition(() => state !== undefined);
    return { issueId: state!.issueId, workflowId, ...registeredIssue(state!) };
  });

  if ('continued' in input) {
    state = input.continued.state;
  } else {
    const receivedAt = input.intake.receivedAt ?? Date.now();
    const intake = await clockActivities.prepareIssueIntake({ ...input.intake, receivedAt });
    const result = reduceIssue(undefined, intake);
    if (!result.ok)
      throw ApplicationFailure.create({
        type: result.rejection.rule,
        message: result.rejection.message,
        nonRetryable: true,
      });
    busy = true;
    state = result.state;
    await applyEffects(result.state, result.commands, Date.now());
    busy = false;
    log.info('issue registered', { issueId: state.issueId, workflowId });
  }
  const writer = behind ? writeEffects() : Promise.resolve();

  // The timer loop: sleep until the next timer or a change, fire what is due, in order, each at its own instant.
  while (!isIssueFinished(state!)) {
    if (calendarHeard > calendarRevision()) {
      await condition(() => !busy && (behind ? deciding === 0 : allHandlersFinished()));
      busy = true;
      try {
        await retime(calendarHeard);
      } finally {
        busy = false;
      }
      if (calendarHeard > calendarRevision()) calendarHeard = calendarRevision(); // refused: not again
      continue;
    }
    const seen = version;
    const next = nextTimer(state!);
    const now = Date.now();
    if (next === undefined || next.at > now) {
      const wake = () =>
        version !== seen || workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit;
      const woke = next === undefined ? (await condition(wake), true) : await condition(wake, next.at - now);
      if (woke) {
        if (version !== seen) continue;
        // Long-lived issue: carry the state over to a fresh history once every handler has finished.
        await condition(() => !busy && allHandlersFinished());
        if (version !== seen) continue;
        log.info('issue continues as new', { issueId: state!.issueId, historyLength: workflowInfo().historyLength });
        // effects not written yet go along (a write in flight is sent again: writes are idempotent)
        return continueAsNew<typeof issueWorkflow>({
          continued: { state: state!, meta, ...(outbox.length > 0 ? { outbox } : {}) },
          ...(input.historyLimit !== undefined ? { historyLimit: input.historyLimit } : {}),
        });
      }
    }
    await condition(() => !busy);
    for (const timer of dueTimers(state!, Date.now())) {
      // An action already waiting goes before timers that fell due meanwhile (an accept sent right after intake's
      // answer is not kept behind a run of overdue reminders). Older histories fired the timers first.
      if (patched('actions-before-due-timers'))
        await condition(() => !busy && (behind ? deciding === 0 : allHandlersFinished()));
      if (state!.timers[timer.key] !== timer.at) continue; // moved or cancelled by an earlier firing
      try {
        await process({ type: 'timer_fired', key: timer.key, at: timer.at }, timer.at);
      } catch (error) {
        // A firing the reducer refuses is a bug in the rules, not a reason to stop the issue's clocks.
        log.error('timer firing refused', { issueId: state!.issueId, key: timer.key, error: (error as Error).message });
        delete state!.timers[timer.key];
      }
    }
  }

  await condition(() => !busy && allHandlersFinished());
  await writer; // every effect written before the workflow ends
  log.info('issue finished', { issueId: state!.issueId, status: state!.status });
  return { issueId: state!.issueId, status: state!.status, ...(state!.closure ? { closure: state!.closure } : {}) };
}
