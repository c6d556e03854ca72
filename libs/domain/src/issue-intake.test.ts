import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarOf, prepareIntake } from './issue-intake';
import { reduceIssue } from './issue';
import { loadDefaultPolicies } from './testing/policy-fixtures';
import { createWorkingCalendar, formatShanghai, shanghaiTime } from './working-calendar';

const document = loadDefaultPolicies();
const submit = (
  category: 'permit' | 'land_acquisition' | 'site_obstruction',
  receivedAt: string,
  calendar = calendarOf(document),
) =>
  prepareIntake(document, calendar, {
    issueId: 'issue-42',
    projectId: 'GX-ROAD-01',
    category,
    risk: 'medium',
    description: 'road works blocked',
    reporter: { id: 'contractor-3' },
    receivedAt: shanghaiTime(receivedAt),
  });

describe('intake on the zone calendar with the default policies', () => {
  test('an issue received the evening before National Day is due the first working day after it (same-day rule)', () => {
    const result = reduceIssue(undefined, submit('land_acquisition', '2025-09-30 19:00'));
    assert.ok(result.ok);
    const lead = result.state.tasks[result.state.leadTaskId];
    assert.equal(formatShanghai(lead.handle!.due), '2025-10-09 17:30');
    assert.equal(formatShanghai(lead.accept.due), '2025-10-09 09:30');
    assert.deepEqual(
      Object.values(result.state.tasks).map((t) => t.department),
      ['land_office', 'planning', 'utilities'],
    );
  });
  test('a permit issue runs in working days; a site obstruction runs round the clock in hours', () => {
    const permit = submit('permit', '2025-09-30 10:00');
    assert.equal(formatShanghai(permit.clocks!.handle.due), '2025-10-11 17:30');
    const obstruction = submit('site_obstruction', '2025-09-30 22:00');
    assert.equal(formatShanghai(obstruction.clocks!.handle.due), '2025-10-01 02:00');
  });
  test('the calendar overrides in the policy document are used', () => {
    const calendar = createWorkingCalendar({
      ...document.calendar,
      overrides: [{ date: '2025-10-09', kind: 'holiday', name: 'zone closure' }],
    });
    assert.equal(
      formatShanghai(submit('land_acquisition', '2025-09-30 19:00', calendar).clocks!.handle.due),
      '2025-10-10 17:30',
    );
  });
});
