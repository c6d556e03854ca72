import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArrangementText, validateArrangementDays } from './calendar-notice';

// a made-up arrangement in the notice's words (not the official 2027 notice)
const EXAMPLE = `一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。`;

describe("a year's arrangement as the zone enters it", () => {
  test("the notice's sections give the holidays and the make-up working days", () => {
    const { days, problems } = parseArrangementText(2027, EXAMPLE);
    assert.deepEqual(problems, []);
    const holidays = days.filter((d) => d.kind === 'holiday');
    assert.equal(holidays.length, 12);
    assert.deepEqual(
      holidays.slice(0, 3).map((d) => `${d.date}:${d.name}`),
      ['2027-01-01:元旦', '2027-01-02:元旦', '2027-01-03:元旦'],
    );
    assert.equal(holidays[3].date, '2027-02-05');
    assert.equal(holidays[11].date, '2027-02-13');
    assert.deepEqual(
      days.filter((d) => d.kind === 'workday').map((d) => d.date),
      ['2027-02-14', '2027-02-20'],
    );
    assert.deepEqual(validateArrangementDays(2027, days), []);
  });
  test('a range across months and a single day off', () => {
    const { days, problems } = parseArrangementText(
      2027,
      '国庆节：9月30日至10月2日放假，共3天。\n端午节：6月9日放假。',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      days.map((d) => d.date),
      ['2027-09-30', '2027-10-01', '2027-10-02', '2027-06-09'],
    );
  });
  test('a stated total or weekday that does not hold is named', () => {
    const wrongTotal = parseArrangementText(2027, '春节：2月5日至13日放假调休，共8天。');
    assert.deepEqual(
      wrongTotal.problems.map((p) => [p.field, p.rule]),
      [['text.sections[0]', 'total']],
    );
    const wrongWeekday = parseArrangementText(2027, '元旦：1月1日（周四）放假，共1天。');
    assert.deepEqual(
      wrongWeekday.problems.map((p) => p.rule),
      ['weekday'],
    );
    const noDays = parseArrangementText(2027, '春节：放假');
    assert.deepEqual(
      noDays.problems.map((p) => p.rule),
      ['holiday'],
    );
  });
  test('dates: of the year, once, a make-up working day on a weekend, a name', () => {
    const problems = validateArrangementDays(2027, [
      { date: '2027-02-05', kind: 'holiday', name: '春节' },
      { date: '2027-02-05', kind: 'holiday', name: '春节' },
      { date: '2027-02-10', kind: 'workday', name: '春节' },
      { date: '2026-12-31', kind: 'holiday', name: '元旦' },
      { date: '2027-02-30', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: ' ' },
    ]);
    assert.deepEqual(
      problems.map((p) => `${p.field} ${p.rule}`),
      [
        'days[1].date unique',
        'days[2].kind workday_on_weekend',
        'days[3].date year',
        'days[4].date date',
        'days[5].name name',
      ],
    );
  });
});
