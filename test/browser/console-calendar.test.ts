// The working calendar in the console, in headless Chromium on the real stack (the API serving dist/web, a worker,
// PostgreSQL, Temporal): while a year the zone must know has no arrangement (放假调休), every page carries the
// banner and an issue with a deadline in that year is marked 日历未确认; the dispatcher follows the banner to 工作日历,
// loads the year from the notice's text (a wrong 共N天 first, shown on its section, in words), sees the months mark
// 休 and 班 and the change on record; the running issue is re-timed and its timeline says which deadline moved and
// why; a date is corrected (a make-up day on a weekday refused on its field) and one removed, each with a reason;
// department staff read the calendar and cannot change it. Then the pages are looked at, desktop and phone.
// The arrangement is made up (marked 示例), for the first year the calendar lacks, with dates worked out from today.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { ApiStack } from '../support/api-stack';
import {
  browserMissing,
  lookAt,
  markDocument,
  sameDocument,
  Screens,
  settled,
  VIEWPORTS,
  type ViewportName,
} from '../support/browser';
import { workingDayPolicies } from '../support/calendar-fixtures';
import { eventually } from '../support/test-stack';

interface Status {
  revision: number;
  knownYears: number[];
  missingYears: number[];
  unconfirmedIssues: number;
  issuesOnEarlierRevisions: number;
}
interface IssueRead {
  calendarUnconfirmed: boolean;
  timeline: Array<{ name: string; data?: Record<string, unknown> }>;
}

const DAY_MS = 86_400_000;
/** A calendar date in UTC arithmetic (dates only: no time zone). */
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const weekday = (date: string) => new Date(msOf(date)).getUTCDay();
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`;
/** Today on the zone's clock. */
const zoneToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * A made-up arrangement of `year`: 元旦 1–3 January, and a week off from the first Monday a week after today (or
 * after 4 January), with the Saturday after it a make-up working day — so that it falls within the working-day
 * deadlines of an issue filed today.
 */
function exampleArrangement(year: number) {
  const from = Math.max(msOf(zoneToday()), msOf(`${year}-01-04`)) + 7 * DAY_MS;
  let monday = from;
  while (weekday(dateOf(monday)) !== 1) monday += DAY_MS;
  const week = [0, 1, 2, 3, 4].map((i) => dateOf(monday + i * DAY_MS));
  const saturday = dateOf(monday + 5 * DAY_MS);
  const sections = ['一、元旦：1月1日至1月3日放假，共3天。'];
  if (saturday.startsWith(`${year}-`))
    sections.push(
      `二、示例假期：${monthDay(week[0])}至${monthDay(week[4])}放假调休，共5天。${monthDay(saturday)}（周六）上班。`,
    );
  return {
    notice: `示例：${year}年部分节假日安排（测试）`,
    text: sections.join('\n'),
    wrong: sections.map((s, i) => (i === 0 ? s.replace('共3天', '共4天') : s)).join('\n'),
    holidays: [`${year}-01-01`, ...(sections.length > 1 ? week : [])],
    workday: sections.length > 1 ? saturday : undefined,
  };
}

/** The input of an Ant Design field whose test id may sit on the input or on its wrapper. */
async function inputOf(field: Locator): Promise<Locator> {
  return (await field.evaluate((e) => e.tagName)) === 'INPUT' ? field : field.locator('input').first();
}

describe('the working calendar in the console, in a browser, on the real stack', { skip: browserMissing() }, () => {
  const stack = new ApiStack(workingDayPolicies());
  const screens = new Screens(() => stack.base);
  const pageErrors = screens.pageErrors;
  const signedIn = (username: string, viewport: ViewportName = 'desktop') => screens.signedIn(username, viewport);
  let year = 0;
  let arrangement: ReturnType<typeof exampleArrangement>;
  let issueId = '';

  const status = async () => (await stack.request<Status>('GET', '/api/v1/calendar', { as: 'dispatcher' })).body;
  const issue = async (id: string) =>
    (await stack.request<IssueRead>('GET', `/api/v1/issues/${id}`, { as: 'dispatcher' })).body;

  before(async () => {
    await stack.setUp();
    await screens.open();
    const before = await status();
    // the built-in data stops at a year: from 1 November the next one is missing, and in it the current one
    assert.ok(before.missingYears.length > 0, `a year is missing: ${JSON.stringify(before)}`);
    year = before.missingYears[0];
    arrangement = exampleArrangement(year);
    // a land dispute on the working calendar in working days: its deadlines reach into the missing year
    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: {
        projectId: 'GX-HOME-01',
        category: 'land_acquisition',
        risk: 'medium',
        title: '安置房地块征地补偿协议签订受阻',
        description: '三户村民对补偿标准有异议，拒绝签约，影响安置房地块按期交付。',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    issueId = filed.body.id;
    await eventually(
      async () => ((await issue(issueId)).calendarUnconfirmed ? true : undefined),
      30_000,
      'unconfirmed',
    );
  });
  after(async () => {
    await screens.close();
    await stack.tearDown();
  });

  test('while the year is missing: the banner on every page, the issue marked 日历未确认, the calendar says so', async () => {
    const dispatcher = await signedIn('dispatcher');
    await dispatcher.waitForURL(/\/dispatch$/);
    const banner = dispatcher.getByTestId('calendar-banner');
    await banner.getByText(`${year} 年放假调休安排尚未载入`).waitFor();
    await markDocument(dispatcher);
    await dispatcher.getByTestId('calendar-banner-link').filter({ hasText: '去载入' }).click();
    await dispatcher.waitForURL(/\/calendar$/);
    assert.equal(await sameDocument(dispatcher), true, 'the console went to the page without reloading');
    await dispatcher.getByTestId('calendar-missing').waitFor();
    assert.equal(await dispatcher.getByTestId('calendar-banner').count(), 0, 'the page says it itself');
    const card = dispatcher.locator(`[data-testid=calendar-year][data-year="${year}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute('data-known'), 'false');
    await card.getByText('未载入').first().waitFor();
    const unconfirmed = Number(
      await dispatcher
        .getByTestId('calendar-unconfirmed-count')
        .innerText()
        .then((t) => t.replace(/\D/g, '')),
    );
    assert.ok(unconfirmed >= 1, 'the filed issue is counted unconfirmed');

    await dispatcher.getByTestId('nav-issues').click();
    await dispatcher
      .locator(`[data-testid=issue-row][data-issue-id="${issueId}"]`)
      .getByTestId('calendar-unconfirmed')
      .waitFor();
    await dispatcher.getByTestId('calendar-banner').waitFor();
    await dispatcher.goto(`${stack.base}/issues/${issueId}`);
    await dispatcher.getByTestId('issue-page').getByTestId('calendar-unconfirmed').waitFor();

    // department staff read the calendar; they cannot change it
    const staff = await signedIn('land_office.staff');
    await staff.getByTestId('calendar-banner-link').filter({ hasText: '查看工作日历' }).click();
    await staff.locator(`[data-testid=calendar-year][data-year="${year}"]`).waitFor();
    assert.equal(await staff.getByTestId('calendar-load').count(), 0, 'no 载入 for staff');
    assert.equal(await staff.getByTestId('calendar-day-add').count(), 0, 'no 更正 for staff');
  });

  test("the dispatcher loads the year from the notice's text: a wrong 共N天 on its section, then saved, 休 and 班 in the months", async () => {
    const dispatcher = await signedIn('dispatcher');
    await dispatcher.goto(`${stack.base}/calendar?year=${year}`);
    const revision = Number(await dispatcher.getByTestId('calendar-status').getAttribute('data-revision'));
    await dispatcher.getByTestId('calendar-load').click();
    await dispatcher.getByTestId('calendar-load-notice').fill(arrangement.notice);
    await dispatcher.getByTestId('calendar-load-text').fill(arrangement.wrong);
    await dispatcher.getByTestId('calendar-load-submit').click();
    const error = dispatcher.locator('.ant-form-item-explain-error', {
      hasText: `第 1 段：写明共4天，但 ${year}-01-01 至 ${year}-01-03 是 3 天`,
    });
    await error.waitFor();
    assert.equal(await dispatcher.locator('.ant-modal .ant-form-item-has-error').count(), 1, 'one field: the text');
    assert.ok(await dispatcher.locator('.ant-form-item-has-error').getByTestId('calendar-load-text').count());

    await dispatcher.getByTestId('calendar-load-text').fill(arrangement.text);
    await dispatcher.getByTestId('calendar-load-submit').click();
    await dispatcher.getByText(`已保存为第 ${revision + 1} 版`).waitFor();
    await dispatcher.locator(`[data-testid=calendar-status][data-revision="${revision + 1}"]`).waitFor();
    const card = dispatcher.locator(`[data-testid=calendar-year][data-year="${year}"][data-known=true]`);
    await card.waitFor();
    await card.getByText(arrangement.notice).first().waitFor();
    for (const date of arrangement.holidays)
      await card.locator(`[data-testid=calendar-cell][data-date="${date}"][data-kind=holiday]`).waitFor();
    if (arrangement.workday) {
      const cell = card.locator(`[data-testid=calendar-cell][data-date="${arrangement.workday}"][data-kind=workday]`);
      await cell.waitFor();
      assert.equal(await cell.innerText().then((t) => t.includes('班')), true, 'a make-up day says 班');
    }
    assert.equal(
      await card.locator('[data-testid=calendar-cell][data-date$="-01-02"]').getAttribute('data-kind'),
      'holiday',
    );
    assert.ok(
      await card
        .locator('[data-testid=calendar-cell][data-kind=holiday]')
        .first()
        .innerText()
        .then((t) => t.includes('休')),
    );
    assert.equal(
      await card.getByTestId('calendar-day-row').count(),
      arrangement.holidays.length + 2 + (arrangement.workday ? 1 : 0),
      'every date of the notice is listed (1–3 January, the week off, the make-up day)',
    );
    await dispatcher
      .locator(`[data-testid=calendar-revision][data-revision="${revision + 1}"]`)
      .getByText('载入年度安排')
      .waitFor();
    assert.equal(await dispatcher.getByTestId('calendar-missing').count(), 0, 'nothing missing now');

    // the banner is gone from the other pages
    await dispatcher.getByTestId('nav-dispatch').click();
    await dispatcher.waitForURL(/\/dispatch$/);
    await dispatcher.getByTestId('dispatch-page').waitFor();
    await settled(dispatcher);
    assert.equal(await dispatcher.getByTestId('calendar-banner').count(), 0, 'no banner once the year is loaded');

    // the running issue is re-timed on the new revision: confirmed, its deadlines moved on record
    const retimed = await eventually(
      async () => {
        const read = await issue(issueId);
        return !read.calendarUnconfirmed && read.timeline.some((e) => e.name === 'deadline_moved') ? read : undefined;
      },
      60_000,
      'the issue re-timed',
    );
    assert.ok(retimed.timeline.some((e) => e.name === 'deadline_moved' && e.data?.deadline === 'accept'));
  });

  test("the issue's timeline says which deadline moved with the calendar, from when to when, and why", async () => {
    const dispatcher = await signedIn('dispatcher');
    await dispatcher.goto(`${stack.base}/issues/${issueId}`);
    const moved = dispatcher.locator('[data-testid=timeline-event][data-event=deadline_moved]');
    await moved.first().waitFor();
    const text = await moved.filter({ hasText: '签收期限' }).first().innerText();
    assert.match(text, /^\S+的签收期限随工作日历调整：\d{4}-\d{2}-\d{2} \d{2}:\d{2} → \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // the task's deadline says it moved with the calendar, by the system
    const move = dispatcher.getByTestId('deadline-move').first();
    assert.match(await move.innerText(), /调整为 \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 系统 于 .* 随工作日历调整/);
    assert.match(text, new RegExp(`依据：.*${arrangement.notice}`));
    assert.equal(await dispatcher.getByTestId('issue-page').getByTestId('calendar-unconfirmed').count(), 0);
  });

  test('a date corrected (a make-up day on a weekday refused on its field) and one removed, each with a reason', async () => {
    const dispatcher = await signedIn('dispatcher');
    await dispatcher.goto(`${stack.base}/calendar?year=${year}`);
    const card = dispatcher.locator(`[data-testid=calendar-year][data-year="${year}"][data-known=true]`);
    await card.waitFor();
    // a Wednesday in March of that year
    let wednesday = msOf(`${year}-03-01`);
    while (weekday(dateOf(wednesday)) !== 3) wednesday += DAY_MS;
    const date = dateOf(wednesday);
    await dispatcher.getByTestId('calendar-day-add').click();
    const input = await inputOf(dispatcher.getByTestId('calendar-day-date'));
    await input.click();
    await input.fill(date);
    await input.press('Enter');
    await dispatcher.locator('.ant-modal').getByText('调休上班', { exact: true }).click();
    await (await inputOf(dispatcher.getByTestId('calendar-day-name'))).fill('示例调休');
    await dispatcher.getByTestId('calendar-day-reason').fill('示例：区政府通知');
    await dispatcher.getByTestId('calendar-day-submit').click();
    await dispatcher.locator('.ant-form-item-explain-error', { hasText: '调休上班日应在周六或周日' }).waitFor();
    await dispatcher.locator('.ant-modal').getByText('放假', { exact: true }).click();
    await dispatcher.getByTestId('calendar-day-submit').click();
    await card.locator(`[data-testid=calendar-day-row][data-date="${date}"]`).getByText('示例调休').waitFor();
    await card.locator(`[data-testid=calendar-cell][data-date="${date}"][data-kind=holiday]`).waitFor();

    // removed again, with a reason: an ordinary Wednesday
    await card
      .locator(`[data-testid=calendar-day-row][data-date="${date}"]`)
      .getByTestId('calendar-day-remove')
      .click();
    await dispatcher.getByTestId('calendar-day-submit').click();
    await dispatcher.locator('.ant-form-item-explain-error', { hasText: '请填写理由' }).waitFor();
    await dispatcher.getByTestId('calendar-day-reason').fill('示例：更正，该日不放假');
    await dispatcher.getByTestId('calendar-day-submit').click();
    await card.locator(`[data-testid=calendar-day-row][data-date="${date}"]`).waitFor({ state: 'detached' });
    await card.locator(`[data-testid=calendar-cell][data-date="${date}"][data-kind=ordinary]`).waitFor();
    const history = dispatcher.getByTestId('calendar-history');
    await history.getByText('删除日期').first().waitFor();
    await history.getByText('更正日期').first().waitFor();
    const last = await status();
    assert.equal(last.knownYears.includes(year), true);
  });

  test('the pages, on an office screen and a phone', async () => {
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      const dispatcher = await signedIn('dispatcher', viewport);
      await dispatcher.goto(`${stack.base}/calendar?year=${year}`);
      await dispatcher.locator(`[data-testid=calendar-year][data-year="${year}"]`).waitFor();
      await dispatcher.getByTestId('calendar-revision').first().waitFor();
      await settled(dispatcher);
      await lookAt(dispatcher, 'calendar', viewport);

      await dispatcher.getByTestId('calendar-load').click();
      await dispatcher.getByTestId('calendar-load-notice').fill(arrangement.notice);
      await dispatcher.getByTestId('calendar-load-text').fill(arrangement.wrong);
      await dispatcher.getByTestId('calendar-load-submit').click();
      await dispatcher.locator('.ant-form-item-explain-error').first().waitFor();
      await settled(dispatcher);
      await lookAt(dispatcher, 'calendar-load-error', viewport);

      // a year still unknown, as the page shows it (the one after)
      await dispatcher.goto(`${stack.base}/calendar?year=${year + 1}`);
      await dispatcher.locator(`[data-testid=calendar-year][data-year="${year + 1}"][data-known=false]`).waitFor();
      await settled(dispatcher);
      await lookAt(dispatcher, 'calendar-unknown-year', viewport);

      await dispatcher.goto(`${stack.base}/issues/${issueId}`);
      await dispatcher.locator('[data-testid=timeline-event][data-event=deadline_moved]').first().waitFor();
      await settled(dispatcher);
      await lookAt(dispatcher, 'issue-calendar-moved', viewport);
    }
    assert.deepEqual(pageErrors, [], 'no page threw');
  });
});
