import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPetitionExtension,
  computePetitionAcceptDecision,
  computePetitionConclusion,
  computePetitionExtension,
  PetitionStatute,
} from './petition-clock';
import { createWorkingCalendar, formatShanghai, shanghaiTime } from './working-calendar';
import { loadDefaultPolicies } from './testing/policy-fixtures';

const calendar = createWorkingCalendar();
const statute = loadDefaultPolicies().petitionStatute;
const show = formatShanghai;

describe('petition statutory clock (信访工作条例, 2022)', () => {
  test('the statute is data naming the regulation: 15 days, 60 days, one extension of at most 30 days', () => {
    assert.equal(statute.regulation, '信访工作条例 (2022)');
    assert.deepEqual(
      [statute.acceptDecision, statute.conclude, statute.maxExtension, statute.maxExtensions],
      ['P15D', 'P60D', 'P30D', 1],
    );
  });
  test('the decision on acceptance is due at 24:00 of the 15th day after receipt (the day of receipt not counted)', () => {
    const deadline = computePetitionAcceptDecision(statute, calendar, shanghaiTime('2025-09-02 16:20'));
    assert.equal(show(deadline.due), '2025-09-18 00:00');
    assert.deepEqual(deadline.warnings.map(show), ['2025-09-15 00:00', '2025-09-17 00:00']);
  });
  test('a last day falling on a holiday moves to the end of the next working day', () => {
    const deadline = computePetitionAcceptDecision(statute, calendar, shanghaiTime('2025-09-16 10:00'));
    assert.equal(
      show(deadline.due),
      '2025-10-10 00:00',
      'day 15 is 1 October (National Day); the next working day is 9 October',
    );
    const keep: PetitionStatute = { ...statute, lastDayOnDayOff: 'keep' };
    assert.equal(
      show(computePetitionAcceptDecision(keep, calendar, shanghaiTime('2025-09-16 10:00')).due),
      '2025-10-02 00:00',
    );
  });
  test('the conclusion is due 60 days after acceptance, moved past Labour Day when it falls on it', () => {
    // 3 March + 60 days = 2 May 2025, inside the Labour Day holiday (1–5 May) → end of 6 May
    assert.equal(
      show(computePetitionConclusion(statute, calendar, shanghaiTime('2025-03-03 09:00')).due),
      '2025-05-07 00:00',
    );
    assert.equal(
      show(computePetitionConclusion(statute, calendar, shanghaiTime('2025-03-10 09:00')).due),
      '2025-05-10 00:00',
    );
  });
  test('one extension of at most 30 days lengthens the 60-day period itself (90 days from acceptance)', () => {
    const acceptedAt = shanghaiTime('2025-07-01 09:00');
    const original = computePetitionConclusion(statute, calendar, acceptedAt);
    assert.equal(
      show(original.due),
      '2025-09-02 00:00',
      '30 August is a Saturday: moved to the end of Monday 1 September',
    );
    const extended = computePetitionExtension(
      statute,
      calendar,
      acceptedAt,
      'P30D',
      0,
      shanghaiTime('2025-08-20 10:00'),
    );
    assert.equal(show(extended.due), '2025-09-30 00:00', '1 July + 90 days = 29 September, a Monday');
    assert.deepEqual(extended.warnings.map(show), ['2025-09-27 00:00', '2025-09-29 00:00']);
    assert.deepEqual(checkPetitionExtension(statute, 0, 'P31D'), {
      ok: false,
      rule: 'statutory_extension.max',
      message: '信访工作条例 (2022) allows an extension of at most P30D, asked for P31D',
    });
    assert.equal((checkPetitionExtension(statute, 1, 'P10D') as { rule: string }).rule, 'statutory_extension.once');
    assert.equal(
      (checkPetitionExtension(statute, 0, 'thirty days') as { rule: string }).rule,
      'statutory_extension.duration',
    );
    assert.throws(
      () => computePetitionExtension(statute, calendar, acceptedAt, 'P31D', 0, shanghaiTime('2025-08-20 10:00')),
      /statutory_extension.max/,
    );
  });
});
