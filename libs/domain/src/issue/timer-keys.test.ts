import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTimerKey, TimerKey, timerKeyId } from './timer-keys';
import { Reduction } from './reduction';
import type { IssueState } from './state';

const taskId = fc.stringMatching(/^task-[1-9][0-9]{0,3}$/);
const index = fc.nat({ max: 50 });
const timerKey: fc.Arbitrary<TimerKey> = fc.oneof(
  fc.constant<TimerKey>({ kind: 'verification' }),
  fc.record({
    kind: fc.constant('task' as const),
    taskId,
    clock: fc.constantFrom('accept' as const, 'handle' as const),
  }),
  fc.record({
    kind: fc.constant('task' as const),
    taskId,
    clock: fc.constantFrom('accept' as const, 'handle' as const),
    reminder: index,
  }),
  fc.record({ kind: fc.constant('task' as const), taskId, clock: fc.constant('ladder' as const) }),
  fc.record({
    kind: fc.constant('petition' as const),
    deadline: fc.constantFrom('accept_decision' as const, 'conclude' as const),
  }),
  fc.record({
    kind: fc.constant('petition' as const),
    deadline: fc.constantFrom('accept_decision' as const, 'conclude' as const),
    warning: index,
  }),
);

describe('timer keys', () => {
  test('the ids are the ones running workflows and committed histories hold', () => {
    assert.equal(timerKeyId({ kind: 'verification' }), 'verification');
    assert.equal(timerKeyId({ kind: 'task', taskId: 'task-1', clock: 'accept' }), 'task/task-1/accept');
    assert.equal(
      timerKeyId({ kind: 'task', taskId: 'task-1', clock: 'accept', reminder: 0 }),
      'task/task-1/accept/remind/0',
    );
    assert.equal(
      timerKeyId({ kind: 'task', taskId: 'task-12', clock: 'handle', reminder: 2 }),
      'task/task-12/handle/remind/2',
    );
    assert.equal(timerKeyId({ kind: 'task', taskId: 'task-3', clock: 'ladder' }), 'task/task-3/ladder');
    assert.equal(timerKeyId({ kind: 'petition', deadline: 'accept_decision' }), 'petition/accept_decision');
    assert.equal(timerKeyId({ kind: 'petition', deadline: 'conclude', warning: 1 }), 'petition/conclude/warn/1');
  });
  test('readTimerKey reads back exactly what timerKeyId writes', () => {
    fc.assert(
      fc.property(timerKey, (key) => {
        const id = timerKeyId(key);
        assert.deepEqual(readTimerKey(id), { ...key }); // fast-check's records have no prototype
        assert.equal(timerKeyId(readTimerKey(id)!), id);
      }),
    );
  });
  test('an id timerKeyId never writes reads as no key', () => {
    for (const id of [
      '',
      'verification/0',
      'task',
      'task//accept',
      'task/task-1',
      'task/task-1/remind',
      'task/task-1/ladder/remind/0',
      'task/task-1/accept/remind',
      'task/task-1/accept/remind/01',
      'task/task-1/accept/remind/-1',
      'task/task-1/accept/warn/0',
      'petition',
      'petition/decide',
      'petition/conclude/warn',
      'petition/conclude/remind/0',
      'petition/conclude/warn/1/2',
    ]) {
      assert.equal(readTimerKey(id), undefined, id);
    }
  });
  test('cancelling by scope takes a task, one of its clocks with its reminders, or one legal deadline with its warnings', () => {
    const timers: Record<string, number> = {};
    const all: TimerKey[] = [
      { kind: 'verification' },
      { kind: 'task', taskId: 'task-1', clock: 'accept' },
      { kind: 'task', taskId: 'task-1', clock: 'accept', reminder: 0 },
      { kind: 'task', taskId: 'task-1', clock: 'handle' },
      { kind: 'task', taskId: 'task-1', clock: 'handle', reminder: 1 },
      { kind: 'task', taskId: 'task-1', clock: 'ladder' },
      { kind: 'task', taskId: 'task-10', clock: 'accept' },
      { kind: 'petition', deadline: 'accept_decision' },
      { kind: 'petition', deadline: 'conclude' },
      { kind: 'petition', deadline: 'conclude', warning: 0 },
    ];
    all.forEach((key, i) => (timers[timerKeyId(key)] = 1000 + i));
    const cancelled = (run: (reduction: Reduction) => void) => {
      const reduction = new Reduction(
        { issueId: 'issue-1', timers: { ...timers }, sequence: 0 } as unknown as IssueState,
        0,
      );
      run(reduction);
      return reduction.commands.map((c) => (c.type === 'cancel_timer' ? c.key : c.type));
    };
    assert.deepEqual(
      cancelled((r) => r.cancelWithin({ kind: 'task', taskId: 'task-1', clock: 'accept' })),
      ['task/task-1/accept', 'task/task-1/accept/remind/0'],
    );
    assert.deepEqual(
      cancelled((r) => r.cancelWithin({ kind: 'task', taskId: 'task-1' })),
      [
        'task/task-1/accept',
        'task/task-1/accept/remind/0',
        'task/task-1/handle',
        'task/task-1/handle/remind/1',
        'task/task-1/ladder',
      ],
    );
    assert.deepEqual(
      cancelled((r) => r.cancelWithin({ kind: 'petition', deadline: 'conclude' })),
      ['petition/conclude', 'petition/conclude/warn/0'],
    );
    assert.deepEqual(
      cancelled((r) => r.cancel({ kind: 'task', taskId: 'task-1', clock: 'ladder' })),
      ['task/task-1/ladder'],
    );
    assert.deepEqual(
      cancelled((r) => r.cancel({ kind: 'task', taskId: 'task-2', clock: 'ladder' })),
      [],
      'a timer not pending is not cancelled',
    );
    assert.equal(cancelled((r) => r.cancelAll()).length, all.length);
  });
});
