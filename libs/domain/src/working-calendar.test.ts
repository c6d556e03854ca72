import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addWorkingTime,
  calendarKnowsYear,
  CalendarSettingsError,
  createWorkingCalendar,
  describeDay,
  formatShanghai,
  isWithinWorkingHours,
  isWorkingDay,
  nextWorkingDay,
  officialCalendarYears,
  sameDayDeadline,
  shanghaiDateOf,
  shanghaiTime,
  subtractWorkingTime,
  toShanghaiIso,
  workingDaysDeadline,
  workingTimeBetween,
} from './working-calendar';
import { isWorkday as packageIsWorkday } from 'chinese-days';

const calendar = createWorkingCalendar();
const at = shanghaiTime;
const show = formatShanghai;
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('Shanghai wall clock', () => {
  test('a Shanghai time is UTC+08:00 whatever the machine time zone', () => {
    assert.equal(at('2025-09-30 17:30'), Date.parse('2025-09-30T09:30:00Z'));
    assert.equal(toShanghaiIso(Date.parse('2025-09-30T16:00:00Z')), '2025-10-01T00:00:00+08:00');
  });
  test('the Shanghai date changes at 16:00 UTC, not at UTC midnight', () => {
    assert.equal(shanghaiDateOf(Date.parse('2025-09-30T15:59:59Z')), '2025-09-30');
    assert.equal(shanghaiDateOf(Date.parse('2025-09-30T16:00:00Z')), '2025-10-01');
  });
});

describe('working days from the official data and the overrides', () => {
  test('an ordinary Tuesday is a working day and a Saturday is not', () => {
    assert.equal(isWorkingDay(calendar, '2025-09-30'), true);
    assert.equal(isWorkingDay(calendar, '2025-09-27'), false);
  });
  test('National Day 2025 (1–8 October) are days off, though 1 October is a Wednesday', () => {
    for (let day = 1; day <= 8; day++)
      assert.equal(isWorkingDay(calendar, `2025-10-0${day}`), false, `2025-10-0${day}`);
    assert.equal(describeDay(calendar, '2025-10-01').kind, 'public_holiday');
    assert.equal(isWorkingDay(calendar, '2025-10-09'), true);
  });
  test('make-up Sunday 2025-09-28 and make-up Saturday 2025-10-11 are working days (调休)', () => {
    assert.equal(describeDay(calendar, '2025-09-28').kind, 'make_up_workday');
    assert.equal(isWorkingDay(calendar, '2025-09-28'), true);
    assert.equal(isWorkingDay(calendar, '2025-10-11'), true);
  });
  test('the Spring Festival week 2025 (28 January – 4 February) is off, with make-up days 26 January and 8 February', () => {
    for (const date of ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04']) {
      assert.equal(isWorkingDay(calendar, date), false, date);
    }
    assert.equal(isWorkingDay(calendar, '2025-01-26'), true);
    assert.equal(isWorkingDay(calendar, '2025-02-08'), true);
    assert.equal(nextWorkingDay(calendar, '2025-01-27'), '2025-02-05');
  });
  test('the calendar agrees with the chinese-days isWorkday function over 2025 and 2026', () => {
    let checked = 0;
    for (let t = at('2025-01-01 12:00'); t < at('2027-01-01 00:00'); t += 24 * HOUR) {
      const date = shanghaiDateOf(t);
      assert.equal(isWorkingDay(calendar, date), packageIsWorkday(date), date);
      checked++;
    }
    assert.equal(checked, 730);
  });
  test('an override wins over the official data, both ways', () => {
    const local = createWorkingCalendar({
      overrides: [
        { date: '2025-10-08', kind: 'workday', name: 'zone duty day' },
        { date: '2025-09-28', kind: 'holiday' },
      ],
    });
    assert.equal(isWorkingDay(local, '2025-10-08'), true);
    assert.equal(describeDay(local, '2025-10-08').kind, 'override_workday');
    assert.equal(isWorkingDay(local, '2025-09-28'), false);
  });
  test('a year the data does not know yet uses weekends plus the overrides', () => {
    assert.equal(officialCalendarYears().includes(2030), false);
    const plain = createWorkingCalendar();
    assert.equal(calendarKnowsYear(plain, 2030), false);
    assert.equal(isWorkingDay(plain, '2030-10-01'), true); // a Tuesday, no data
    const declared = createWorkingCalendar({
      overrides: [
        { date: '2030-10-01', kind: 'holiday', name: 'National Day' },
        { date: '2030-09-29', kind: 'workday', name: 'make-up Sunday' },
      ],
    });
    assert.equal(calendarKnowsYear(declared, 2030), true);
    assert.equal(isWorkingDay(declared, '2030-10-01'), false);
    assert.equal(isWorkingDay(declared, '2030-09-29'), true);
    assert.equal(show(sameDayDeadline(declared, at('2030-09-30 18:00'))), '2030-10-02 17:30');
  });
  test('bad calendar settings are refused naming the setting', () => {
    assert.throws(
      () => createWorkingCalendar({ workingHours: [{ start: '14:00', end: '12:00' }] }),
      (e: unknown) => e instanceof CalendarSettingsError && e.path === 'calendar.workingHours[0].end',
    );
    assert.throws(
      () => createWorkingCalendar({ workingHours: [{ start: '8:30', end: '12:00' }] }),
      /calendar.workingHours\[0\].start: must be a time HH:MM/,
    );
    assert.throws(
      () =>
        createWorkingCalendar({
          workingHours: [
            { start: '08:30', end: '12:00' },
            { start: '11:00', end: '17:30' },
          ],
        }),
      /calendar.workingHours\[1\].start: must not be earlier/,
    );
    assert.throws(
      () => createWorkingCalendar({ overrides: [{ date: '2025-02-30', kind: 'holiday' }] }),
      /calendar.overrides\[0\].date: must be a date/,
    );
    assert.throws(
      () => createWorkingCalendar({ overrides: [{ date: '2025-02-03', kind: 'day_off' as 'holiday' }] }),
      /calendar.overrides\[0\].kind/,
    );
  });
});

describe('working hours', () => {
  test('08:29 is outside working hours, 08:30 inside, 12:00 outside (lunch), 14:00 inside, 17:30 outside', () => {
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 08:29')), false);
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 08:30')), true);
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 11:59')), true);
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 12:00')), false);
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 14:00')), true);
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 17:29')), true);
    assert.equal(isWithinWorkingHours(calendar, at('2025-09-30 17:30')), false);
  });
  test('configurable working hours replace the default ones', () => {
    const summer = createWorkingCalendar({
      workingHours: [
        { start: '08:00', end: '12:00' },
        { start: '14:30', end: '18:00' },
      ],
    });
    assert.equal(show(sameDayDeadline(summer, at('2025-07-01 17:45'))), '2025-07-01 18:00');
    assert.equal(show(addWorkingTime(summer, at('2025-07-01 11:00'), 2 * HOUR)), '2025-07-01 15:30');
  });
});

describe('same-day deadline', () => {
  const cases: Array<[string, string, string]> = [
    ['received in the morning → closing time that day', '2025-09-30 10:00', '2025-09-30 17:30'],
    ['received at 08:30 opening → that day', '2025-09-30 08:30', '2025-09-30 17:30'],
    [
      'received at 08:29, before opening on a working day → that day (the whole day lies ahead)',
      '2025-09-30 08:29',
      '2025-09-30 17:30',
    ],
    ['received during the lunch break → that day', '2025-09-30 12:30', '2025-09-30 17:30'],
    ['received at 17:29 → that day', '2025-09-16 17:29', '2025-09-16 17:30'],
    ['received exactly at 17:30 closing → next working day', '2025-09-16 17:30', '2025-09-17 17:30'],
    ['received in the evening → next working day', '2025-09-16 21:00', '2025-09-17 17:30'],
    [
      'received on the day before National Day after hours → first working day after the holiday',
      '2025-09-30 17:30',
      '2025-10-09 17:30',
    ],
    ['received during National Day → first working day after it', '2025-10-03 10:00', '2025-10-09 17:30'],
    ['received on make-up Sunday 2025-09-28 in working hours → that Sunday', '2025-09-28 09:00', '2025-09-28 17:30'],
    ['received on make-up Saturday 2025-10-11 → that Saturday', '2025-10-11 15:00', '2025-10-11 17:30'],
    ['received Friday 2025-10-10 after hours → make-up Saturday 2025-10-11', '2025-10-10 18:00', '2025-10-11 17:30'],
    ['received on an ordinary Saturday → Monday', '2025-09-20 10:00', '2025-09-22 17:30'],
    ['received the evening before the Spring Festival week → after the week', '2025-01-27 18:00', '2025-02-05 17:30'],
    [
      'received on make-up Sunday 2025-01-26 before the Spring Festival → that Sunday',
      '2025-01-26 10:00',
      '2025-01-26 17:30',
    ],
  ];
  for (const [name, received, expected] of cases) {
    test(name, () => assert.equal(show(sameDayDeadline(calendar, at(received))), expected));
  }
});

describe('N working hours', () => {
  const cases: Array<[string, string, number, string]> = [
    ['4 working hours from 10:00 span the lunch break', '2025-09-16 10:00', 4, '2025-09-16 16:00'],
    ['2 working hours from 10:00 end exactly at 12:00, not at 14:00', '2025-09-16 10:00', 2, '2025-09-16 12:00'],
    [
      '3.5 working hours from 14:00 end exactly at 17:30 closing, not next morning',
      '2025-09-16 14:00',
      3.5,
      '2025-09-16 17:30',
    ],
    ['4 working hours from 16:00 run overnight to the next morning', '2025-09-16 16:00', 4, '2025-09-17 11:00'],
    ['4 working hours from 08:29 start counting at 08:30', '2025-09-16 08:29', 4, '2025-09-16 14:30'],
    ['4 working hours from 08:30 end at 14:30', '2025-09-16 08:30', 4, '2025-09-16 14:30'],
    ['received at lunch, the clock starts at 14:00', '2025-09-16 12:15', 1, '2025-09-16 15:00'],
    ['4 working hours from 2025-09-30 16:00 jump National Day', '2025-09-30 16:00', 4, '2025-10-09 11:00'],
    ['received on a Sunday, counting starts Monday 08:30', '2025-09-21 10:00', 2, '2025-09-22 10:30'],
    [
      '8 working hours from Friday 2025-10-10 16:00 end on make-up Saturday 2025-10-11',
      '2025-10-10 16:00',
      8,
      '2025-10-11 17:00',
    ],
    [
      '9 working hours from Friday 2025-10-10 16:00 run past make-up Saturday to Monday',
      '2025-10-10 16:00',
      9,
      '2025-10-13 09:00',
    ],
    [
      '2 working hours from 2025-01-27 17:00 cross the whole Spring Festival week',
      '2025-01-27 17:00',
      2,
      '2025-02-05 10:00',
    ],
  ];
  for (const [name, from, hours, expected] of cases) {
    test(name, () => assert.equal(show(addWorkingTime(calendar, at(from), hours * HOUR)), expected));
  }
  test('subtracting working time walks back over lunch, nights and holidays', () => {
    assert.equal(show(subtractWorkingTime(calendar, at('2025-09-16 17:30'), 30 * MINUTE)), '2025-09-16 17:00');
    assert.equal(show(subtractWorkingTime(calendar, at('2025-09-16 14:15'), 30 * MINUTE)), '2025-09-16 11:45');
    assert.equal(show(subtractWorkingTime(calendar, at('2025-10-09 08:45'), 30 * MINUTE)), '2025-09-30 17:15');
  });
  test('adding then subtracting the same working time returns to the start, for many starts and amounts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const start =
        at('2025-01-01 08:30') + Math.floor(random() * 365) * 24 * HOUR + Math.floor(random() * 9 * 60) * MINUTE;
      const amount = Math.floor(random() * 40 * 60) * MINUTE + MINUTE;
      const end = addWorkingTime(calendar, start, amount);
      assert.equal(workingTimeBetween(calendar, start, end), amount, `from ${show(start)} + ${amount / MINUTE} min`);
      if (isWithinWorkingHours(calendar, start)) assert.equal(subtractWorkingTime(calendar, end, amount), start);
    }
  });
  test('working time between two instants counts only working periods', () => {
    assert.equal(workingTimeBetween(calendar, at('2025-09-16 10:00'), at('2025-09-16 17:30')), 5.5 * HOUR);
    assert.equal(workingTimeBetween(calendar, at('2025-09-30 17:00'), at('2025-10-09 09:00')), HOUR);
    assert.equal(workingTimeBetween(calendar, at('2025-09-16 12:00'), at('2025-09-16 14:00')), 0);
  });
});

describe('N working days', () => {
  test('the day of receipt is not counted: 2 working days from Tuesday 10:00 end Thursday 17:30', () => {
    assert.equal(show(workingDaysDeadline(calendar, at('2025-09-16 10:00'), 2)), '2025-09-18 17:30');
  });
  test('working days skip the weekend and count a make-up Sunday', () => {
    assert.equal(show(workingDaysDeadline(calendar, at('2025-09-26 10:00'), 1)), '2025-09-28 17:30');
    assert.equal(show(workingDaysDeadline(calendar, at('2025-09-19 10:00'), 1)), '2025-09-22 17:30');
  });
  test('3 working days from the day before National Day end on 2025-10-11 (make-up Saturday)', () => {
    assert.equal(show(workingDaysDeadline(calendar, at('2025-09-30 10:00'), 3)), '2025-10-11 17:30');
  });
});
