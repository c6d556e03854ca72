// The working calendar through the API over HTTP against the real stack: what it knows and what is missing (also
// in /health), loading a year's arrangement by the notice's text or as dates, the rules a change is refused by
// (each naming its field), who may change it, correcting and removing a date, the record of changes, and the
// export that loads back. The dates of 2027 below are a made-up example, not the official notice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiStack, assertProblem, type ApiResponse } from '../support/api-stack';
import { missingCalendarYears } from '../../apps/api/src/calendar/calendar.service';
import type {
  CalendarChangeResultDto as Change,
  CalendarRevisionDto as Revision,
  CalendarStatusDto as Status,
  CalendarYearDto as Year,
  LoadCalendarYearBodyDto as YearFile,
} from '../../apps/api/src/calendar/calendar.dto';

const EXAMPLE_TEXT = `一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。`;

describe('the working calendar through the API', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  const call = <T = unknown>(method: string, path: string, as: string, body?: unknown): Promise<ApiResponse<T>> =>
    stack.request<T>(method, `/api/v1${path}`, { as, ...(body !== undefined ? { body } : {}) });

  function assertFieldError(response: ApiResponse, field: string, rule: string): void {
    const problem = assertProblem(response, 400, '/problems/validation');
    assert.ok(
      (problem.errors ?? []).some((e) => e.field === field && e.rule === rule),
      `${field} breaks ${rule}: ${JSON.stringify(problem)}`,
    );
  }

  test('before 2027 is loaded: the status and /health say what is missing and how to load it', async () => {
    const status = await call<Status>('GET', '/calendar', 'land_office.staff');
    assert.equal(status.status, 200);
    assert.ok(status.body.knownYears.includes(2026));
    assert.ok(!status.body.knownYears.includes(2027), 'the built-in data does not know 2027');
    assert.deepEqual(status.body.missingYears, missingCalendarYears(status.body.knownYears, Date.now()));
    const health = await stack.request<{
      checks: { calendar: { status: string; missingYears: number[]; detail?: string } };
    }>('GET', '/health');
    const calendar = health.body.checks.calendar;
    assert.deepEqual(calendar.missingYears, status.body.missingYears);
    if (status.body.missingYears.length > 0) {
      assert.equal(calendar.status, 'degraded');
      assert.match(calendar.detail ?? '', /PUT \/api\/v1\/calendar\/years\/\d{4}/);
      assert.match(status.body.advice ?? '', /尚未载入/);
    } else assert.equal(calendar.status, 'ready');
    const year = await call<Year>('GET', '/calendar/years/2027', 'land_office.staff');
    assert.equal(year.status, 200);
    assert.equal(year.body.known, false);
  });

  test('the rule of missing years: the current year, and from 1 November the next', () => {
    const at = (text: string) => Date.parse(`${text}+08:00`);
    assert.deepEqual(missingCalendarYears([2026], at('2026-10-31T23:59:00')), []);
    assert.deepEqual(missingCalendarYears([2026], at('2026-11-01T00:00:00')), [2027]);
    assert.deepEqual(missingCalendarYears([2026], at('2027-01-01T00:00:00')), [2027]);
    assert.deepEqual(missingCalendarYears([2026, 2027], at('2026-12-31T12:00:00')), []);
  });

  test('a change is refused with the field and the rule; staff may not change the calendar', async () => {
    assertProblem(
      await call('PUT', '/calendar/years/2027', 'land_office.staff', { notice: '示例', text: EXAMPLE_TEXT }),
      403,
      '/problems/forbidden',
    );
    const keeper = (body: unknown, year = '2027') => call('PUT', `/calendar/years/${year}`, 'dispatcher', body);
    assertFieldError(
      await keeper({ notice: '示例', text: '春节：2月5日至13日放假调休，共8天。' }),
      'text.sections[0]',
      'total',
    );
    assertFieldError(
      await keeper({ notice: '示例', text: '元旦：1月1日（周四）放假。' }),
      'text.sections[0]',
      'weekday',
    );
    assertFieldError(
      await keeper({ notice: '示例', days: [{ date: '2027-02-10', kind: 'workday', name: '春节' }] }),
      'days[0].kind',
      'workday_on_weekend',
    );
    assertFieldError(
      await keeper({
        notice: '示例',
        days: [
          { date: '2027-02-05', kind: 'holiday', name: '春节' },
          { date: '2027-02-05', kind: 'holiday', name: '春节' },
        ],
      }),
      'days[1].date',
      'unique',
    );
    assertFieldError(
      await keeper({ notice: '示例', days: [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }] }),
      'days[0].date',
      'year',
    );
    assertFieldError(await keeper({ notice: '示例', text: EXAMPLE_TEXT, days: [] }), 'days', 'one_of');
    assertFieldError(await keeper({ notice: '示例', text: EXAMPLE_TEXT }, '1999'), 'year', 'year');
    assertProblem(await keeper({ text: EXAMPLE_TEXT }), 400, '/problems/validation');
    const unchanged = await call<Year>('GET', '/calendar/years/2027', 'dispatcher');
    assert.equal(unchanged.body.known, false, 'nothing refused was loaded');
  });

  test("loading 2027 by the notice's text: the year is known, its days listed, the change on record", async () => {
    const loaded = await call<Change>('PUT', '/calendar/years/2027', 'dispatcher', {
      notice: '示例：2027年部分节假日安排',
      text: EXAMPLE_TEXT,
    });
    assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
    assert.ok(loaded.body.changedDates.includes('2027-01-01'));
    assert.ok(loaded.body.changedDates.includes('2027-02-20'));
    assert.ok(loaded.body.retimingWorkflowId?.startsWith('calendar-retiming:'));
    const year = await call<Year>('GET', '/calendar/years/2027', 'land_office.staff');
    assert.equal(year.body.known, true);
    assert.equal(year.body.holidays, 12);
    assert.equal(year.body.workdays, 2);
    assert.deepEqual(
      year.body.days.filter((d) => d.kind === 'workday').map((d) => d.date),
      ['2027-02-14', '2027-02-20'],
    );
    const status = await call<Status>('GET', '/calendar', 'land_office.staff');
    assert.ok(status.body.knownYears.includes(2027));
    assert.equal(status.body.revision, loaded.body.revision);
    assert.equal(status.body.updatedBy, 'dispatcher');
    assert.match(status.body.cause, /^工作日历：载入 2027 年元旦、春节安排（/);
    const health = await stack.request<{ checks: { calendar: { status: string } } }>('GET', '/health');
    if (status.body.missingYears.length === 0) assert.equal(health.body.checks.calendar.status, 'ready');
  });

  test('the export loads back unchanged; a date corrected and removed is on record; a removed date is a 404 after', async () => {
    const exported = await call<YearFile>('GET', '/calendar/years/2027/export', 'land_office.staff');
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-disposition') ?? '', /unblock-calendar-2027\.json/);
    assert.equal(exported.body.days?.length, 14);
    const before = (await call<Status>('GET', '/calendar', 'admin')).body.revision;
    const again = await call<Change>('PUT', '/calendar/years/2027', 'admin', exported.body);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body.changedDates, [], 'the same arrangement changes no date');
    assert.equal(again.body.revision, before, 'and writes no revision');

    assertFieldError(
      await call('PUT', '/calendar/days/2027-03-03', 'dispatcher', { kind: 'workday', name: '调休', reason: '示例' }),
      'kind',
      'workday_on_weekend',
    );
    assertFieldError(
      await call('PUT', '/calendar/days/2027-02-31', 'dispatcher', { kind: 'holiday', name: '示例', reason: '示例' }),
      'date',
      'date',
    );
    const corrected = await call<Change>('PUT', '/calendar/days/2027-03-06', 'dispatcher', {
      kind: 'workday',
      name: '调休',
      reason: '示例：区政府通知3月6日（周六）上班',
    });
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
    assert.deepEqual(corrected.body.changedDates, ['2027-03-06']);
    const removed = await call<Change>(
      'DELETE',
      '/calendar/days/2027-03-06?reason=' + encodeURIComponent('示例：更正'),
      'admin',
    );
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual(removed.body.changedDates, ['2027-03-06']);
    assertProblem(
      await call('DELETE', '/calendar/days/2027-03-06?reason=' + encodeURIComponent('示例'), 'admin'),
      404,
      '/problems/not-found',
    );
    assertProblem(await call('DELETE', '/calendar/days/2027-03-05', 'admin'), 400, '/problems/validation');

    const record = await call<Revision[]>('GET', '/calendar/revisions', 'land_office.staff');
    assert.deepEqual(
      record.body.slice(0, 3).map((r) => [r.action, r.by]),
      [
        ['day.remove', 'admin'],
        ['day.correct', 'dispatcher'],
        ['year.load', 'dispatcher'],
      ],
    );
    assert.deepEqual(record.body[0].removed, ['2027-03-06']);
    assert.deepEqual(record.body[1].added, ['2027-03-06']);
    assert.equal(record.body[record.body.length - 1].action, 'seed');
  });
});
