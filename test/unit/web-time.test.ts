// The console's times (apps/web/src/logic/time.ts) and urgency (urgency.ts): every instant on the zone's clock
// (Asia/Shanghai), what is left before a deadline or how late it is, in Chinese and English.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatDuration,
  formatLateness,
  formatTimeLeft,
  formatZoneTime,
  formatZoneTimeShort,
  zoneIso,
} from '../../apps/web/src/logic/time';
import { byUrgency, escalationColour, urgencyColour, urgencyOf } from '../../apps/web/src/logic/urgency';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.parse('2026-12-02T02:00:00Z'); // 10:00 in Shanghai

describe('time left and lateness', () => {
  test('hours and minutes left, in Chinese and English', () => {
    assert.equal(formatTimeLeft(NOW + 2 * HOUR + 15 * MIN, NOW, 'zh-CN'), '剩余 2小时15分');
    assert.equal(formatTimeLeft(NOW + 2 * HOUR + 15 * MIN, NOW, 'en'), '2 h 15 min left');
  });

  test('minutes overdue', () => {
    assert.equal(formatTimeLeft(NOW - 40 * MIN, NOW, 'zh-CN'), '超时 40分钟');
    assert.equal(formatTimeLeft(NOW - 40 * MIN, NOW, 'en'), '40 min overdue');
  });

  test('ISO strings and Dates are read alike', () => {
    assert.equal(formatTimeLeft('2026-12-02T03:30:00.000Z', new Date(NOW), 'zh-CN'), '剩余 1小时30分');
  });

  test('whole hours, days, and under a minute', () => {
    assert.equal(formatDuration(2 * HOUR, 'zh-CN'), '2小时');
    assert.equal(formatDuration(2 * HOUR, 'en'), '2 h');
    assert.equal(formatDuration(3 * 24 * HOUR + 2 * HOUR + 59 * MIN, 'zh-CN'), '3天2小时');
    assert.equal(formatDuration(3 * 24 * HOUR, 'en'), '3 d');
    assert.equal(formatDuration(59_999, 'zh-CN'), '不到1分钟');
    assert.equal(formatDuration(-30_000, 'en'), '<1 min');
    assert.equal(formatTimeLeft(NOW + 30_000, NOW, 'zh-CN'), '剩余 不到1分钟');
  });

  test('rounded down to the minute, never up', () => {
    assert.equal(formatDuration(40 * MIN + 59_000, 'zh-CN'), '40分钟');
    assert.equal(formatTimeLeft(NOW - (40 * MIN + 59_000), NOW, 'en'), '40 min overdue');
  });

  test('how late an action came against its deadline', () => {
    assert.equal(formatLateness(NOW + 40 * MIN, NOW, 'zh-CN'), '超时 40分钟');
    assert.equal(formatLateness(NOW - 2 * HOUR, NOW, 'en'), '2 h early');
    assert.equal(formatLateness(NOW, NOW, 'zh-CN'), '提前 不到1分钟');
  });
});

describe('the zone clock', () => {
  test('instants are shown in Asia/Shanghai whatever the machine is set to', () => {
    assert.equal(formatZoneTime('2026-12-02T09:30:00.000Z'), '2026-12-02 17:30');
    assert.equal(formatZoneTime(Date.parse('2026-12-01T16:30:05Z'), { withSeconds: true }), '2026-12-02 00:30:05');
  });

  test('today shows only the time; another day its date', () => {
    assert.equal(formatZoneTimeShort('2026-12-02T09:30:00Z', NOW), '17:30');
    // 2026-12-01T17:00Z is already 01:00 on 2 December in Shanghai
    assert.equal(formatZoneTimeShort('2026-12-01T17:00:00Z', NOW), '01:00');
    assert.equal(formatZoneTimeShort('2026-11-30T09:30:00Z', NOW), '11-30 17:30');
    assert.equal(formatZoneTimeShort('2025-11-30T09:30:00Z', NOW), '2025-11-30 17:30');
  });

  test('an instant for the API carries the zone offset', () => {
    assert.equal(zoneIso('2026-12-02T09:30:00.000Z'), '2026-12-02T17:30:00+08:00');
  });
});

describe('urgency', () => {
  test('overdue, within the hour, within four hours, later, ended', () => {
    assert.equal(urgencyOf(-1), 'overdue');
    assert.equal(urgencyOf(59 * MIN), 'critical');
    assert.equal(urgencyOf(3 * HOUR), 'soon');
    assert.equal(urgencyOf(5 * HOUR), 'normal');
    assert.equal(urgencyOf(5 * HOUR, true), 'ended');
    assert.equal(urgencyOf(null), 'ended');
  });

  test('each urgency has its own colour; overdue is red', () => {
    const colours = new Set(['overdue', 'critical', 'soon', 'normal', 'ended'].map((u) => urgencyColour(u as never)));
    assert.equal(colours.size, 5);
    assert.equal(urgencyColour('overdue'), '#cf1322');
    assert.equal(escalationColour(0), 'default');
    assert.equal(escalationColour(4), 'red');
  });

  test('open work first, the most overdue first, ended last', () => {
    const items = [
      { id: 'ended', left: null, ended: true },
      { id: 'later', left: 5 * HOUR, ended: false },
      { id: 'late', left: -HOUR, ended: false },
      { id: 'soon', left: HOUR, ended: false },
    ];
    assert.deepEqual(
      byUrgency(
        items,
        (i) => i.left,
        (i) => i.ended,
      ).map((i) => i.id),
      ['late', 'soon', 'later', 'ended'],
    );
  });
});
