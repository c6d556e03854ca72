import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calendarFromSnapshot,
  changedDates,
  seedCalendarSnapshot,
  type ArrangedDay,
  type CalendarSnapshot,
} from './calendar-arrangement';
import { planRetiming, retimeInstant, unconfirmedYearsOf } from './calendar-retiming';
import { reduceIssue, type IssueCommand, type IssueState } from './issue';
import { prepareIntake } from './issue-intake';
import { loadDefaultPolicies } from './testing/policy-fixtures';
import { formatShanghai, shanghaiTime, type WorkingCalendar } from './working-calendar';

const document = loadDefaultPolicies();
const seed = seedCalendarSnapshot(document.calendar);
const before = calendarFromSnapshot(seed, 1, document.calendar);

let revisions = 1;
/** The seed plus some dates of 2027 (made up for the test, not the official arrangement), as the next revision. */
function withDays(days: Array<Pick<ArrangedDay, 'date' | 'kind'>>, year?: number, base: CalendarSnapshot = seed) {
  const snapshot: CalendarSnapshot = structuredClone(base);
  if (year) snapshot.years[String(year)] = { year, notice: '示例通知', source: 'zone' };
  for (const day of days) snapshot.days[day.date] = { ...day, name: '示例', source: 'zone' };
  return { snapshot, calendar: calendarFromSnapshot(snapshot, ++revisions, document.calendar) };
}

/** 2027 with New Year's Day and a made-up Spring Festival week, and a make-up Saturday. */
const EXAMPLE_2027: Array<Pick<ArrangedDay, 'date' | 'kind'>> = [
  { date: '2027-01-01', kind: 'holiday' },
  ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map((date) => ({
    date,
    kind: 'holiday' as const,
  })),
  { date: '2027-02-20', kind: 'workday' },
];
const example2027 = withDays(EXAMPLE_2027, 2027);

function open(
  category: 'permit' | 'land_acquisition' | 'site_obstruction' | 'petition',
  receivedAt: string,
  calendar: WorkingCalendar,
): IssueState {
  const result = reduceIssue(
    undefined,
    prepareIntake(document, calendar, {
      issueId: 'issue-7',
      projectId: 'GX-ROAD-01',
      category,
      risk: 'medium',
      description: '道路施工受阻',
      reporter: { id: 'contractor-3' },
      receivedAt: shanghaiTime(receivedAt),
    }),
  );
  assert.ok(result.ok, result.ok ? '' : result.rejection.message);
  return result.state;
}

function retime(state: IssueState, after: WorkingCalendar, at: string, from: WorkingCalendar = before) {
  const plan = planRetiming(state, from, after, shanghaiTime(at), '工作日历：载入 2027 年安排');
  const result = reduceIssue(state, { type: 'recalendar', at: plan.at, plan });
  assert.ok(result.ok, result.ok ? '' : result.rejection.message);
  return { plan, state: result.state, commands: result.commands };
}

const lead = (state: IssueState) => state.tasks[state.leadTaskId];
const show = (at: number | undefined) => (at === undefined ? undefined : formatShanghai(at));
const recorded = (commands: IssueCommand[]) =>
  commands.flatMap((c) => (c.type === 'record_event' ? [{ name: c.name, data: c.data }] : []));

describe('re-timing open issues when the working calendar changes', () => {
  test('an issue filed on 31 December with 2027 unknown is marked unconfirmed, then re-timed across the year boundary', () => {
    // permits run in working days: filed Thursday 31 December 2026, on a calendar that does not know 2027
    const state = open('permit', '2026-12-31 10:00', before);
    assert.deepEqual(state.calendar, { revision: 1, unconfirmedYears: [2027] });
    const due = lead(state).handle!.due;
    const { state: after, commands, plan } = retime(state, example2027.calendar, '2026-12-31 11:00');
    // exactly where it falls when filed on the calendar that knows 2027
    const filedOnNew = open('permit', '2026-12-31 10:00', example2027.calendar);
    assert.notEqual(lead(after).handle!.due, due);
    assert.equal(show(lead(after).handle!.due), show(lead(filedOnNew).handle!.due));
    assert.equal(show(lead(after).accept.due), show(lead(filedOnNew).accept.due));
    assert.deepEqual(after.timers, filedOnNew.timers, 'every pending timer lands where the new calendar puts it');
    assert.deepEqual(after.calendar, { revision: example2027.calendar.arrangement!.revision, unconfirmedYears: [] });
    assert.equal(plan.fromRevision, 1);
    const moved = recorded(commands).filter((e) => e.name === 'deadline_moved');
    assert.ok(moved.some((e) => e.data?.deadline === 'handle' && e.data.cause === '工作日历：载入 2027 年安排'));
    assert.deepEqual(
      lead(after).handle!.moves.map((m) => [m.cause, show(m.from), show(m.to)]),
      [['calendar', show(due), show(lead(filedOnNew).handle!.due)]],
    );
  });

  test('a same-day deadline received after closing on 31 December moves from 1 January to the first working day', () => {
    const state = open('land_acquisition', '2026-12-31 18:30', before);
    assert.equal(show(lead(state).handle!.due), '2027-01-01 17:30');
    const { state: after } = retime(state, example2027.calendar, '2026-12-31 19:00');
    assert.equal(show(lead(after).handle!.due), '2027-01-04 17:30');
    assert.equal(show(lead(after).accept.due), '2027-01-04 09:30');
  });

  test('a make-up Saturday added after filing pulls a working-day deadline one day earlier', () => {
    // filed Thursday 18 February 2027: 3 working days are Fri 19, Mon 22, Tue 23 without the make-up day
    const base = withDays([], 2027);
    const withSaturday = withDays([{ date: '2027-02-20', kind: 'workday' }], 2027);
    const fresh = open('permit', '2027-02-18 10:00', base.calendar);
    const expected = open('permit', '2027-02-18 10:00', withSaturday.calendar);
    assert.ok(lead(expected).handle!.due < lead(fresh).handle!.due);
    const plan = planRetiming(fresh, base.calendar, withSaturday.calendar, shanghaiTime('2027-02-18 12:00'), 'c');
    const result = reduceIssue(fresh, { type: 'recalendar', at: plan.at, plan });
    assert.ok(result.ok);
    assert.equal(show(lead(result.state).handle!.due), show(lead(expected).handle!.due));
  });

  test('a holiday removed (a correction) brings deadlines after it one working day earlier', () => {
    const holiday = withDays([{ date: '2027-03-03', kind: 'holiday' }], 2027);
    const corrected = withDays([], 2027);
    const state = open('permit', '2027-03-01 10:00', holiday.calendar);
    const expected = open('permit', '2027-03-01 10:00', corrected.calendar);
    const plan = planRetiming(state, holiday.calendar, corrected.calendar, shanghaiTime('2027-03-01 11:00'), 'c');
    const result = reduceIssue(state, { type: 'recalendar', at: plan.at, plan });
    assert.ok(result.ok);
    assert.equal(show(lead(result.state).handle!.due), show(lead(expected).handle!.due));
    assert.deepEqual(changedDates(holiday.snapshot, corrected.snapshot), ['2027-03-03']);
  });

  test('today declared a day off: a deadline due today moves to the next working day, at its hour', () => {
    const open2027 = withDays([], 2027);
    const state = open('land_acquisition', '2027-03-01 09:00', open2027.calendar);
    assert.equal(show(lead(state).handle!.due), '2027-03-01 17:30');
    const closed = withDays([{ date: '2027-03-01', kind: 'holiday' }], 2027);
    const plan = planRetiming(state, open2027.calendar, closed.calendar, shanghaiTime('2027-03-01 10:00'), 'c');
    const result = reduceIssue(state, { type: 'recalendar', at: plan.at, plan });
    assert.ok(result.ok);
    assert.equal(show(lead(result.state).handle!.due), '2027-03-02 17:30');
  });

  test('nothing moves on a round-the-clock policy, and a change that touches no deadline is still on record', () => {
    const state = open('site_obstruction', '2026-12-31 10:00', before);
    const { state: after, commands, plan } = retime(state, example2027.calendar, '2026-12-31 10:30');
    assert.deepEqual(plan.moves, {});
    assert.deepEqual(after.timers, state.timers);
    assert.deepEqual(
      recorded(commands).map((e) => e.name),
      ['calendar_checked'],
    );
    assert.equal(after.calendar?.revision, example2027.calendar.arrangement!.revision);
  });

  test('a deadline a person chose stays; fired reminders are not fired again; the same revision twice is refused', () => {
    const state = open('permit', '2026-12-30 10:00', before);
    const task = lead(state);
    // a granted extension set the handling deadline to a date a person chose
    const chosen = shanghaiTime('2027-01-08 12:00');
    task.handle!.moves.push({
      from: task.handle!.due,
      to: chosen,
      at: shanghaiTime('2026-12-30 11:00'),
      cause: 'extension',
      by: 'leader-1',
    });
    task.handle!.due = chosen;
    state.timers[`task/${task.id}/handle`] = chosen;
    // the first reminder has fired already
    const firedReminder = Object.keys(state.timers).find((id) => id.startsWith(`task/${task.id}/handle/remind/`))!;
    delete state.timers[firedReminder];
    const { state: after, plan } = retime(state, example2027.calendar, '2026-12-31 09:00');
    assert.equal(lead(after).handle!.due, chosen, 'the chosen deadline is where the person put it');
    assert.equal(plan.moves[`task/${task.id}/handle`], undefined);
    assert.equal(after.timers[firedReminder], undefined, 'a fired reminder is not scheduled again');
    for (const [id, at] of Object.entries(after.timers))
      if (id.startsWith(`task/${task.id}/handle/remind/`)) assert.ok(at < chosen, `${id} before its deadline`);
    const again = reduceIssue(after, { type: 'recalendar', at: plan.at, plan });
    assert.equal(again.ok, false);
    if (!again.ok) assert.equal(again.rejection.rule, 'recalendar.not_newer');
  });

  test("a petition's legal deadline on a new holiday moves to the next working day's end", () => {
    // 15 days after 22 January 2027 is 6 February, a Saturday on which the made-up Spring Festival falls
    const base = withDays([], 2027);
    const state = open('petition', '2027-01-22 10:00', base.calendar);
    const decide = state.petition!.acceptDecision.due;
    const festival = withDays(EXAMPLE_2027, 2027);
    const { state: after } = retime(state, festival.calendar, '2027-01-22 11:00', base.calendar);
    const expected = open('petition', '2027-01-22 10:00', festival.calendar);
    assert.notEqual(after.petition!.acceptDecision.due, decide);
    assert.equal(show(after.petition!.acceptDecision.due), show(expected.petition!.acceptDecision.due));
    assert.equal(after.timers['petition/accept_decision'], expected.petition!.acceptDecision.due);
  });

  test('a deadline the corrected calendar puts in the past falls due at once, not before the change', () => {
    const holiday = withDays([{ date: '2027-03-02', kind: 'holiday' }], 2027);
    const state = open('land_acquisition', '2027-03-01 18:00', holiday.calendar); // due 3 March 17:30
    const corrected = withDays([], 2027);
    const at = shanghaiTime('2027-03-02 18:00'); // the correction comes after closing on 2 March
    const plan = planRetiming(state, holiday.calendar, corrected.calendar, at, 'c');
    assert.equal(show(lead(state).handle!.due), '2027-03-03 17:30');
    // filed on the corrected calendar it was due 2 March 17:30: it falls due at the correction
    assert.equal(plan.moves[`task/${lead(state).id}/handle`], at);
  });

  test('retimeInstant keeps the time of day and counts working days from today', () => {
    const at = shanghaiTime('2026-12-31 17:30');
    assert.equal(show(retimeInstant(before, example2027.calendar, '2026-12-31', at)), '2026-12-31 17:30');
    const jan1 = shanghaiTime('2027-01-01 10:30');
    assert.equal(show(retimeInstant(before, example2027.calendar, '2026-12-31', jan1)), '2027-01-04 10:30');
    const feb12 = shanghaiTime('2027-02-12 09:00');
    // from Thursday 4 February, 12 February was the 7th working day; with the festival (5–11 February) off, the
    // 7th is Friday 19 February
    assert.equal(show(retimeInstant(before, example2027.calendar, '2027-02-04', feb12)), '2027-02-19 09:00');
  });

  test('unconfirmed years are the years of calendar-decided deadlines the calendar does not know', () => {
    const state = open('permit', '2026-12-31 10:00', before);
    assert.deepEqual(unconfirmedYearsOf(state, [2026]), [2027]);
    assert.deepEqual(unconfirmedYearsOf(state, [2026, 2027]), []);
    const obstruction = open('site_obstruction', '2026-12-31 23:00', before);
    assert.deepEqual(unconfirmedYearsOf(obstruction, [2026]), [], 'round-the-clock deadlines need no calendar');
  });
});
