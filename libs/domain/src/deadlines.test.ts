import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClocksAt, computeDeadlines, computeEscalationWaits, deadlineAfter } from './deadlines';
import { parseDuration } from './durations';
import { computeReminders, parseReminderPoint } from './reminders';
import { resolveIssuePolicy } from './issue-policy';
import { createWorkingCalendar, formatShanghai, shanghaiTime } from './working-calendar';
import { loadDefaultPolicies, loadTestPolicies, workingPolicyEntry } from './testing/policy-fixtures';

const calendar = createWorkingCalendar();
const at = shanghaiTime;
const show = formatShanghai;

describe('durations', () => {
  test('ISO-8601 durations read days apart from time', () => {
    const parsed = parseDuration('P1DT2H30M');
    assert.ok(parsed.ok && parsed.duration.kind === 'iso');
    assert.equal(parsed.duration.days, 1);
    assert.equal(parsed.duration.timeMs, 2.5 * 3_600_000);
    const seconds = parseDuration('PT2S');
    assert.ok(seconds.ok && seconds.duration.kind === 'iso' && seconds.duration.totalMs === 2000);
  });
  test('working-time expressions: same-day, working hours, working minutes, working days', () => {
    assert.deepEqual(parseDuration('same-day'), { ok: true, duration: { kind: 'same_day', text: 'same-day' } });
    const hours = parseDuration('4 working hours');
    assert.ok(hours.ok && hours.duration.kind === 'working_time' && hours.duration.ms === 4 * 3_600_000);
    const minutes = parseDuration('90 working minutes');
    assert.ok(minutes.ok && minutes.duration.kind === 'working_time' && minutes.duration.ms === 90 * 60_000);
    const days = parseDuration('2 working days');
    assert.ok(days.ok && days.duration.kind === 'working_days' && days.duration.days === 2);
  });
  test('malformed durations are refused with the rule', () => {
    for (const bad of ['P', 'PT', '4 hours', 'P1M', '1.5 working days', '0 working hours', 'PT0S', 12, undefined]) {
      const parsed = parseDuration(bad);
      assert.equal(parsed.ok, false, String(bad));
    }
  });
});

describe('deadline arithmetic on the policy clock', () => {
  test('ISO hours on a working-time policy count working hours', () => {
    assert.equal(show(deadlineAfter('PT4H', 'working', calendar, at('2025-09-16 10:00'))), '2025-09-16 16:00');
  });
  test('ISO hours on a round-the-clock policy count elapsed time through the night and holidays', () => {
    assert.equal(show(deadlineAfter('PT4H', 'round_the_clock', calendar, at('2025-09-30 22:00'))), '2025-10-01 02:00');
    assert.equal(show(deadlineAfter('P1D', 'round_the_clock', calendar, at('2025-09-30 22:00'))), '2025-10-01 22:00');
  });
  test('computeDeadlines gives accept and same-day handling deadlines with reminders', () => {
    const deadlines = computeDeadlines(workingPolicyEntry(), calendar, at('2025-09-16 10:00'));
    assert.equal(show(deadlines.accept.due), '2025-09-16 11:00');
    assert.equal(show(deadlines.handle.due), '2025-09-16 17:30');
    // 5.5 working hours between 10:00 and 17:30: 50% = 2h45 of working time → 14:45; 80% = 4h24 → 16:24; 30 minutes before → 17:00
    assert.deepEqual(deadlines.handle.reminders.map(show), [
      '2025-09-16 14:45',
      '2025-09-16 16:24',
      '2025-09-16 17:00',
    ]);
    assert.deepEqual(deadlines.accept.reminders.map(show), ['2025-09-16 10:30', '2025-09-16 10:48']);
  });
  test('a task received after hours the day before National Day is due on 9 October with reminders that day', () => {
    const deadlines = computeDeadlines(workingPolicyEntry(), calendar, at('2025-09-30 18:00'));
    assert.equal(show(deadlines.handle.due), '2025-10-09 17:30');
    assert.deepEqual(deadlines.handle.reminders.map(show), [
      '2025-10-09 12:00',
      '2025-10-09 16:06',
      '2025-10-09 17:00',
    ]);
  });
  test('reminders on a round-the-clock policy are shares of elapsed time', () => {
    const reminders = computeReminders(
      ['50%', '80%', 'PT30M before'],
      'round_the_clock',
      calendar,
      at('2025-09-16 22:00'),
      at('2025-09-17 02:00'),
    );
    assert.deepEqual(reminders.map(show), ['2025-09-17 00:00', '2025-09-17 01:12', '2025-09-17 01:30']);
  });
  test('a reminder point that would fall before the deadline was set is dropped, and duplicates merge', () => {
    const reminders = computeReminders(
      ['50%', 'PT30M before', 'PT10M before'],
      'round_the_clock',
      calendar,
      at('2025-09-16 10:00'),
      at('2025-09-16 10:20'),
    );
    assert.deepEqual(reminders.map(show), ['2025-09-16 10:10']);
  });
  test('reminder points "before" on a working-time policy step back over the night', () => {
    const reminders = computeReminders(
      ['1 working hour before'],
      'working',
      calendar,
      at('2025-09-16 17:00'),
      at('2025-09-17 09:00'),
    );
    assert.deepEqual(
      reminders,
      [],
      'one working hour before 09:00 is 17:00 the day before, the moment the deadline was set: dropped',
    );
    const later = computeReminders(
      ['1 working hour before'],
      'working',
      calendar,
      at('2025-09-16 15:00'),
      at('2025-09-17 09:00'),
    );
    assert.deepEqual(later.map(show), ['2025-09-16 17:00']);
  });
  test('a reminder point cannot use days on a working-time policy', () => {
    assert.equal(parseReminderPoint('P1D before', 'working').ok, false);
    assert.equal(parseReminderPoint('P1D before', 'round_the_clock').ok, true);
  });
  test("escalation waits end after each level's own wait, on the policy clock; the top repeats at its interval", () => {
    const waits = computeEscalationWaits(workingPolicyEntry(), calendar, at('2025-09-16 16:30'));
    assert.deepEqual(waits.levelEnds.map(show), ['2025-09-17 09:30', '2025-09-17 11:30', '2025-09-17 11:30']);
    assert.equal(show(waits.topRepeatAt), '2025-09-17 11:30');
  });
  test('clocks for a petition carry the statutory deadlines; other categories do not', () => {
    const doc = loadDefaultPolicies();
    const petition = computeClocksAt(resolveIssuePolicy(doc, 'petition', 'medium'), calendar, at('2025-09-16 10:00'));
    assert.ok(petition.petition);
    // 15 days from 16 September end on 1 October, a holiday: moved to the end of 9 October, the first working day
    assert.equal(show(petition.petition.acceptDecision.due), '2025-10-10 00:00');
    const permit = computeClocksAt(resolveIssuePolicy(doc, 'permit', 'medium'), calendar, at('2025-09-16 10:00'));
    assert.equal(permit.petition, undefined);
    assert.equal(show(permit.handle.due), '2025-09-19 17:30');
    assert.equal(show(permit.assist.due), '2025-09-18 17:30');
    assert.equal(show(permit.verificationDue), '2025-09-23 17:30');
  });
  test('clocks carry reminders for a deadline a person chose (an instruction or an extension)', () => {
    const doc = loadTestPolicies();
    const from = Date.parse('2025-09-16T00:00:00Z');
    const clocks = computeClocksAt(resolveIssuePolicy(doc, 'other', 'low'), calendar, from, {
      customDue: from + 10_000,
    });
    assert.deepEqual(clocks.custom, { due: from + 10_000, reminders: [from + 5_000, from + 9_000] });
    assert.equal(clocks.accept.due, from + 2_000);
    assert.deepEqual(clocks.escalationWaits.levelEnds, [from + 2_000, from + 2_000, from + 2_000]);
  });
});
