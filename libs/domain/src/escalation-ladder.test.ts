import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  advanceLadder,
  currentLevelRole,
  endStall,
  EscalationWaits,
  initialLadder,
  LadderLevelPolicy,
  LadderState,
  mayGrantExtension,
  startStall,
} from './escalation-ladder';

const levels: LadderLevelPolicy[] = [
  { role: 'department_head', wait: 'PT1H' },
  { role: 'responsible_leader', wait: 'PT2H' },
  { role: 'zone_director', wait: 'PT3H' },
  { role: 'party_secretary' },
];
const HOUR = 3_600_000;
const waitsFrom = (from: number): EscalationWaits => ({
  from,
  levelEnds: [from + HOUR, from + 2 * HOUR, from + 3 * HOUR],
  topRepeatAt: from + 30 * 60_000,
});

describe('escalation ladder', () => {
  test('each level is reached after the previous level’s own wait', () => {
    let { ladder, step } = startStall(initialLadder(), 'handle', levels, { interval: 'PT30M', count: 2 }, waitsFrom(0));
    assert.deepEqual(step, { kind: 'climbed', level: 1, role: 'department_head', repeat: 0 });
    assert.equal(ladder.nextStepAt, HOUR);
    const reached: string[] = [];
    let now = ladder.nextStepAt!;
    for (let i = 0; i < 10 && ladder.nextStepAt !== undefined; i++) {
      ({ ladder, step } = advanceLadder(ladder, levels, { interval: 'PT30M', count: 2 }, waitsFrom(now)));
      reached.push(`${now / 60_000}m ${step?.kind} L${step?.level}${step?.repeat ? `#${step.repeat}` : ''}`);
      if (ladder.nextStepAt !== undefined) now = ladder.nextStepAt;
    }
    assert.deepEqual(reached, [
      '60m climbed L2',
      '180m climbed L3',
      '360m climbed L4',
      '390m repeated L4#1',
      '420m repeated L4#2',
    ]);
    assert.equal(ladder.exhausted, true);
    assert.equal(ladder.nextStepAt, undefined);
  });
  test('a top level with no repeats allowed is exhausted as soon as it is reached', () => {
    const short: LadderLevelPolicy[] = [{ role: 'zone_director' }];
    const { ladder, step } = startStall(initialLadder(), 'accept', short, { interval: 'PT1H', count: 0 }, waitsFrom(0));
    assert.equal(step?.role, 'zone_director');
    assert.equal(ladder.exhausted, true);
    assert.equal(ladder.nextStepAt, undefined);
  });
  test('a new stall at the top notifies the top again and repeats afresh', () => {
    const atTop: LadderState = { level: 4, topRepeats: 0, exhausted: false };
    const { ladder, step } = startStall(atTop, 'handle', levels, { interval: 'PT30M', count: 2 }, waitsFrom(0));
    assert.deepEqual(step, { kind: 'renotified', level: 4, role: 'party_secretary', repeat: 0 });
    assert.equal(ladder.nextStepAt, 30 * 60_000);
  });
  test('a stall already running is not restarted by another missed deadline', () => {
    const { ladder } = startStall(initialLadder(), 'accept', levels, { interval: 'PT30M', count: 2 }, waitsFrom(0));
    const again = startStall(ladder, 'handle', levels, { interval: 'PT30M', count: 2 }, waitsFrom(10));
    assert.equal(again.step, undefined);
    assert.deepEqual(again.ladder, ladder);
  });
  test('ending a stall keeps the level and stops the climb', () => {
    const { ladder } = startStall(initialLadder(1), 'handle', levels, { interval: 'PT30M', count: 2 }, waitsFrom(0));
    assert.deepEqual(endStall(ladder), { level: 2, topRepeats: 0, exhausted: false });
    assert.equal(
      advanceLadder(endStall(ladder), levels, { interval: 'PT30M', count: 2 }, waitsFrom(1)).step,
      undefined,
    );
  });
  test('only a leader at the current level or above may grant more time', () => {
    assert.equal(currentLevelRole(initialLadder(), levels), 'department_head');
    assert.equal(mayGrantExtension('department_head', initialLadder(), levels), true);
    const atLevel3: LadderState = { level: 3, topRepeats: 0, exhausted: false };
    assert.equal(mayGrantExtension('department_head', atLevel3, levels), false);
    assert.equal(mayGrantExtension('responsible_leader', atLevel3, levels), false);
    assert.equal(mayGrantExtension('zone_director', atLevel3, levels), true);
    assert.equal(mayGrantExtension('party_secretary', atLevel3, levels), true);
  });
});
