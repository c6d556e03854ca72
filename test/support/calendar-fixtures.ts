// The working calendar in tests and benchmarks: the test policies with land disputes on the working calendar in
// working days (deadlines that reach into next year), and a made-up arrangement for a year (not an official notice).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_POLICY_FILE } from '@unblock/config';
import { parseIssuePolicyDocument, type CalendarSnapshot, type IssuePolicyDocument } from '@unblock/domain';
import { REPO_ROOT } from './test-stack';

export function workingDayPolicies(): IssuePolicyDocument {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const raw = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, TEST_POLICY_FILE), 'utf8')) as Record<string, any>;
  for (const risk of Object.keys(raw.policies.land_acquisition)) {
    raw.policies.land_acquisition[risk] = {
      clock: 'working',
      accept: '25 working days',
      handle: '30 working days',
      reminders: ['50%', '80%'],
      ladder: [
        { role: 'department_head', wait: '14 working hours' },
        { role: 'responsible_leader', wait: '14 working hours' },
        { role: 'zone_director', wait: '14 working hours' },
        { role: 'party_secretary' },
      ],
      topRepeat: { interval: '14 working hours', count: 1 },
      transferLimit: 2,
      verificationWindow: '3 working days',
    };
  }
  return parseIssuePolicyDocument(raw, 'working-day test policies');
}

/** The snapshot with `year` known and the given days (made up, marked 示例), as a zone would load them. */
export function withExampleArrangement(
  snapshot: CalendarSnapshot,
  year: number,
  days: Array<{ date: string; kind: 'holiday' | 'workday'; name?: string }>,
): CalendarSnapshot {
  snapshot.years[String(year)] = { year, notice: `示例：${year}年节假日安排（测试）`, source: 'zone' };
  for (const day of days)
    snapshot.days[day.date] = {
      date: day.date,
      kind: day.kind,
      name: day.name ?? '元旦',
      notice: '示例',
      source: 'zone',
    };
  return snapshot;
}
