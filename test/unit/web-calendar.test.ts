// The console's pure parts of the working calendar (apps/web/src/logic/calendar.ts): a month as weeks, the years
// offered, and a refused arrangement said on its fields in words — fed the problems the domain itself finds in a
// notice's text and in a list of dates (libs/domain/src/calendar-notice.ts), so that a change of theirs shows here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArrangementText, validateArrangementDays } from '@unblock/domain';
import type { Problem } from '../../apps/web/src/api/types';
import {
  arrangementErrors,
  firstYearToShow,
  isWeekend,
  mayKeepCalendar,
  monthWeeks,
  weekdayOf,
  yearChoices,
  yearRuns,
} from '../../apps/web/src/logic/calendar';

const refused = (errors: Array<{ field: string; rule: string; message: string }>): Problem => ({
  type: '/problems/validation',
  title: 'Invalid request',
  status: 400,
  errors,
});

describe('the months', () => {
  test('February 2027 starts on a Monday and fills four weeks; March 2027 needs five, padded', () => {
    assert.equal(weekdayOf('2027-02-01'), 1);
    const february = monthWeeks(2027, 2);
    assert.equal(february.length, 4);
    assert.deepEqual(february[0], [
      '2027-02-01',
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
    ]);
    const march = monthWeeks(2027, 3);
    assert.equal(march.flat().filter(Boolean).length, 31);
    assert.ok(march.every((week) => week.length === 7));
    // 1 March 2027 is a Monday, 31 March a Wednesday: the last week ends with four empty cells
    assert.deepEqual(march[4].slice(2), ['2027-03-31', null, null, null, null]);
  });

  test('a month starting on a Sunday leads with six empty cells; a leap February has 29 days', () => {
    const august = monthWeeks(2027, 8); // 1 August 2027 is a Sunday
    assert.deepEqual(august[0].slice(0, 7), [null, null, null, null, null, null, '2027-08-01']);
    assert.equal(monthWeeks(2028, 2).flat().filter(Boolean).length, 29);
    assert.equal(isWeekend('2027-02-20'), true);
    assert.equal(isWeekend('2027-02-19'), false);
  });

  test('the years offered: those known and missing, and around this year; the page opens on the first missing', () => {
    const status = { knownYears: [2025, 2026], missingYears: [2027] };
    assert.deepEqual(yearChoices(status, 2026), [2025, 2026, 2027]);
    assert.deepEqual(yearChoices({ knownYears: [2024], missingYears: [] }, 2026), [2024, 2025, 2026, 2027]);
    assert.equal(firstYearToShow(status, 2026), 2027);
    assert.equal(firstYearToShow({ missingYears: [] }, 2026), 2026);
    assert.deepEqual(yearRuns([2006, 2004, 2005, 2009, 2012, 2011]), ['2004–2006', '2009', '2011–2012']);
    assert.deepEqual(yearRuns([]), []);
    assert.equal(mayKeepCalendar({ roles: ['dispatcher'] }), true);
    assert.equal(mayKeepCalendar({ roles: ['administrator', 'staff'] }), true);
    assert.equal(mayKeepCalendar({ roles: ['staff', 'department_head'] }), false);
  });
});

describe("a refused arrangement in words, from the domain's own problems", () => {
  test("the notice's text: each section by its number, with its dates, in Chinese", () => {
    const text = [
      '一、元旦：1月1日（周四）至3日（周日）放假，共3天。',
      '二、春节：2月5日至13日放假调休，共8天。2月14日（周日）上班。',
      '三、清明节：4月31日放假。',
      '四、劳动节放假',
      '五、端午节：6月放假。',
    ].join('\n');
    const { problems } = parseArrangementText(2027, text);
    assert.ok(problems.length >= 4, JSON.stringify(problems));
    const said = arrangementErrors(refused(problems), 'zh-CN');
    assert.ok(
      said.every((e) => e.field === 'text'),
      'every one on the text',
    );
    const messages = said.map((e) => e.message);
    assert.ok(messages.includes('第 1 段：1月1日是周五，不是周四'), messages.join(' | '));
    assert.ok(messages.includes('第 2 段：写明共8天，但 2027-02-05 至 2027-02-13 是 9 天'), messages.join(' | '));
    assert.ok(messages.includes('第 3 段：2027年没有4月31日'), messages.join(' | '));
    assert.ok(
      messages.some((m) => m.startsWith('第 4 段：每段写一个节日')),
      messages.join(' | '),
    );
    assert.ok(
      messages.every((m) => !/is stated|is not|not a/.test(m)),
      `no English left: ${messages.join(' | ')}`,
    );
    // in English, the API's own sentences, by section
    const english = arrangementErrors(refused(problems), 'en').map((e) => e.message);
    assert.ok(english.some((m) => m.startsWith('Section 2: 春节: 共8天 is stated')));
  });

  test('the dates of a file: each by its position and date; those read from the text by their date', () => {
    const days = [
      { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
      { date: '2026-12-31', kind: 'holiday' as const, name: '元旦' },
      { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
      { date: '2027-02-17', kind: 'workday' as const, name: '春节' },
      { date: '2027-02-20', kind: 'workday' as const, name: '' },
    ];
    const said = arrangementErrors(refused(validateArrangementDays(2027, days)), 'zh-CN');
    assert.deepEqual(said, [
      { field: 'days', message: '第 2 个日期（2026-12-31）：不是该年度的日期' },
      { field: 'days', message: '第 3 个日期（2027-01-01）：重复列出' },
      { field: 'days', message: '第 4 个日期（2027-02-17）：调休上班日应在周六或周日' },
      { field: 'days', message: '第 5 个日期：要写明节日名称' },
    ]);
    // a weekday make-up day read out of the notice's text belongs to the text, named by its date
    const fromText = validateArrangementDays(2027, [days[3]], 'text.days');
    assert.deepEqual(arrangementErrors(refused(fromText), 'zh-CN'), [
      { field: 'text', message: '2027-02-17：调休上班日应在周六或周日' },
    ]);
  });

  test("the notice's name, and neither text nor dates", () => {
    const said = arrangementErrors(
      refused([
        { field: 'notice', rule: 'isLength', message: 'notice must be longer than or equal to 1 characters' },
        { field: 'days', rule: 'one_of', message: 'give the dates (days) or the notice text (text), one of them' },
      ]),
      'zh-CN',
    );
    assert.deepEqual(said, [
      { field: 'notice', message: '请填写通知名称（1–200 字）' },
      { field: 'text', message: '请粘贴通知原文，或导入日期文件' },
    ]);
  });
});
