// The read side of the API over HTTP against the real stack (PostgreSQL, Temporal, the worker with the test
// policies): issue lists (filters, sorts, cursor pages, visibility in SQL), the issue detail with its live state,
// the inboxes, projects and departments.
//
// Most issues are filed with a `receivedAt` days in the past: every deadline has passed, so the test policies'
// ladder fires at once and the issue settles (escalated to the top, overdue) within seconds; the tests then read
// a read model that no longer moves. One issue is withdrawn right after intake (never escalated), and one is
// left to climb the ladder in real time (accept PT2S, then a level every PT2S) for the escalation inboxes.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import type { WorkflowHandle } from '@temporalio/client';
import { createApiApp } from '../../apps/api/src/create-api-app';
import type { AuthenticatedUser } from '../../apps/api/src/auth/authenticated-user';
import { canViewIssue } from '../../apps/api/src/auth/issue-access';
import { ISSUE_SORTS } from '../../apps/api/src/reads/issues.dto';
import { loadConfig } from '@unblock/config';
import { acceptUpdate, withdrawUpdate, type IssueIntakeInput } from '@unblock/contracts';
import { DEMO_PEOPLE } from '@unblock/persistence';
import { freePort } from '@unblock/runtime';
import { ApiStack, TEST_JWT_SECRET } from '../support/api-stack';
import { people } from '../support/issue-worker';
import { eventually, temporalNamespace, uniqueName } from '../support/test-stack';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';

interface ListItem {
  id: string;
  title: string;
  projectId: string;
  projectName: string;
  category: string;
  risk: string;
  status: string;
  leadDepartment: string;
  supportingDepartments: string[];
  escalationLevel: number;
  acceptDue: string;
  handleDue: string | null;
  handleDueOriginal: string | null;
  overdue: boolean;
  receivedAt: string;
  updatedAt: string;
}
interface Page<T = ListItem> {
  items: T[];
  nextCursor: string | null;
}

const HOUR = 3_600_000;
const T0 = Date.now() - 10 * 24 * HOUR;

/** The issues of the test, by name; filed in `before`. */
const SPECS: Record<string, Partial<IssueIntakeInput> & { fate: 'open' | 'withdrawn' | 'fresh-withdrawn' }> = {
  i1: {
    category: 'land_acquisition',
    risk: 'medium',
    projectId: 'GX-ROAD-01',
    reporter: { id: 'reporter_investor' },
    receivedAt: T0,
    title: '高新大道K2+300段征地补偿争议',
    description: '三户村民对补偿标准有异议，阻止施工队进场。',
    fate: 'open',
  },
  i2: {
    category: 'permit',
    risk: 'high',
    projectId: 'GX-IND-01',
    reporter: { id: 'reporter_contractor' },
    receivedAt: T0 + 1 * HOUR,
    title: '华芯封测基地施工许可证办理受阻',
    description: '施工许可证因规划条件变更迟迟未批。',
    fate: 'open',
  },
  i3: {
    category: 'demolition',
    risk: 'low',
    projectId: 'GX-HOME-03',
    reporter: { id: 'reporter_investor' },
    receivedAt: T0 + 2 * HOUR,
    title: '安园小区二期拆迁协议未签',
    description: '两户居民对安置方案有异议，协议未签。',
    fate: 'withdrawn',
  },
  i4: {
    category: 'site_obstruction',
    risk: 'critical',
    projectId: 'GX-HOME-01',
    reporter: { id: 'reporter_contractor' },
    receivedAt: T0 + 3 * HOUR,
    title: '和园小区工地被堵门阻工',
    description: '部分人员以环境问题为由堵门，工程停工两天。',
    fate: 'open',
  },
  i5: {
    category: 'funding',
    risk: 'medium',
    projectId: 'GX-IND-02',
    reporter: { id: 'reporter_investor' },
    receivedAt: T0 + 4 * HOUR,
    title: 'EPC总包进度款拨付滞后',
    description: '总包单位反映第三季度进度款未到位。',
    fate: 'open',
  },
  i6: {
    category: 'other',
    risk: 'low',
    projectId: 'GX-PUB-01',
    reporter: { id: 'reporter_taskforce' },
    receivedAt: T0 + 5 * HOUR,
    title: '学校工地夜间施工许可协调',
    description: '夜间浇筑混凝土需办理夜间施工许可。',
    fate: 'open',
  },
  i8: {
    category: 'land_acquisition',
    risk: 'low',
    projectId: 'GX-HOME-02',
    reporter: { id: 'reporter_contractor' },
    receivedAt: T0 + 6 * HOUR,
    title: '睦园小区地基沉降引发补偿纠纷',
    description: '周边地基沉降，居民要求补偿并停工。',
    fate: 'open',
  },
  i7: {
    category: 'public_opinion',
    risk: 'high',
    projectId: 'GX-ROAD-02',
    reporter: { id: 'reporter_investor' },
    title: '创新路施工噪音网络舆情',
    description: '施工噪音视频在网上传播。',
    fate: 'fresh-withdrawn',
  },
};

describe('the read side of the API: lists, detail, inboxes, projects', () => {
  const stack = new ApiStack();
  const id: Record<string, string> = {};
  const handles: Record<string, WorkflowHandle> = {};
  /** the issue left to climb the ladder in real time */
  let ladderIssue = '';
  const users = new Map<string, AuthenticatedUser>();

  const get = <T = unknown>(path: string, as: string) => stack.request<T>('GET', `/api/v1${path}`, { as });
  /** Every item of a list, page by page (each page checked to be at most `limit` long). */
  async function walk<T>(path: string, as: string, limit: number): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1_000; pages++) {
      const separator = path.includes('?') ? '&' : '?';
      const response: { status: number; body: Page<T> } = await get<Page<T>>(
        `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        as,
      );
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.ok(response.body.items.length <= limit);
      all.push(...response.body.items);
      cursor = response.body.nextCursor;
      if (cursor === null) return all;
      assert.equal(response.body.items.length, limit, 'a page before the last is full');
    }
    throw new Error('too many pages');
  }
  const listIds = async (query: string, as = 'director') =>
    (await walk<ListItem>(`/issues${query}`, as, 100)).map((item) => item.id);
  const named = (...names: string[]) => names.map((name) => id[name]).sort();
  const mine = (ids: string[]) => ids.filter((x) => Object.values(id).includes(x)).sort();

  before(async () => {
    // this file reads a lot (every sort × filter × page size); the rate limit is not what it checks (see api-protection)
    process.env.RATE_LIMIT_PER_MINUTE = '100000';
    await stack.setUp();
    for (const [name, spec] of Object.entries(SPECS)) {
      const { fate, ...intake } = spec;
      void fate;
      const issueId = uniqueName(name);
      handles[name] = await stack.worker.file({ ...intake, issueId });
      id[name] = issueId;
      if (spec.fate === 'fresh-withdrawn') {
        // withdrawn at once, well within the PT2S acceptance deadline: it never escalates
        await handles[name].executeUpdate(withdrawUpdate, { args: [{ by: people.reporter, reason: '已自行解决' }] });
      }
    }
    // the lead of i2 accepts (late): its task is accepted, with the handling deadline next
    await handles.i2.executeUpdate(acceptUpdate, { args: [{ by: people.staff('approval') }] });
    await handles.i3.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '项目调整' }] });
    const ladder = await stack.worker.file({
      category: 'utilities',
      risk: 'high',
      projectId: 'GX-UTIL-01',
      title: '污水处理厂外电接入受阻',
      issueId: uniqueName('ladder'),
    });
    ladderIssue = (await stack.worker.view(ladder)).state.issueId;
    // every past-dated issue settles: nothing left to fire
    for (const name of Object.keys(SPECS)) {
      await eventually(
        async () => ((await stack.worker.view(handles[name])).nextTimer === undefined ? true : undefined),
        60_000,
        `${name} to settle`,
      );
    }
    // the read model has caught up with every workflow
    for (const name of Object.keys(SPECS)) {
      await eventually(
        async () => {
          const view = await stack.worker.view(handles[name]);
          const row = await stack.worker.issueRow(id[name]);
          return row && Number(row.sequence) === view.state.sequence ? true : undefined;
        },
        20_000,
        `${name} in the read model`,
      );
    }
    for (const person of DEMO_PEOPLE) {
      const me = await get<AuthenticatedUser>('/me', person.username);
      assert.equal(me.status, 200);
      users.set(person.username, me.body);
    }
  });
  after(() => stack.tearDown());

  describe('GET /issues', () => {
    test('lists every issue for a leader, newest first by default, with the item fields', async () => {
      const page = await get<Page>('/issues?limit=100', 'director');
      assert.equal(page.status, 200);
      const ours = page.body.items.filter((item) => Object.values(id).includes(item.id));
      assert.deepEqual(
        ours.map((item) => item.id),
        ['i7', 'i8', 'i6', 'i5', 'i4', 'i3', 'i2', 'i1'].map((name) => id[name]),
      );
      const i1 = ours.find((item) => item.id === id.i1)!;
      assert.equal(i1.title, SPECS.i1.title);
      assert.equal(i1.projectId, 'GX-ROAD-01');
      assert.equal(i1.projectName, '高新大道');
      assert.equal(i1.category, 'land_acquisition');
      assert.equal(i1.risk, 'medium');
      assert.equal(i1.status, 'open');
      assert.equal(i1.leadDepartment, 'land_office');
      assert.deepEqual([...i1.supportingDepartments].sort(), ['planning', 'utilities']);
      assert.equal(i1.escalationLevel, 4, 'past every deadline, the lead task is at the top of the ladder');
      assert.equal(i1.receivedAt, new Date(T0).toISOString());
      assert.ok(Date.parse(i1.acceptDue) > T0 && i1.handleDue !== null && i1.handleDueOriginal === i1.handleDue);
      assert.equal(i1.overdue, true);
      assert.ok(Date.parse(i1.updatedAt) > Date.parse(i1.receivedAt));
    });

    test('each filter narrows to exactly the matching issues', async () => {
      const cases: Array<[string, string[]]> = [
        ['?status=open', named('i1', 'i2', 'i4', 'i5', 'i6', 'i8')],
        ['?status=withdrawn', named('i3', 'i7')],
        ['?status=open,withdrawn', named('i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8')],
        ['?status=resolved', []],
        ['?category=permit', named('i2')],
        ['?category=land_acquisition&category=demolition', named('i1', 'i3', 'i8')],
        ['?risk=high,critical', named('i2', 'i4', 'i7')],
        ['?projectId=GX-ROAD-01', named('i1')],
        ['?department=planning', named('i1', 'i2', 'i8')],
        ['?department=land_office', named('i1', 'i3', 'i8')],
        ['?department=dispatch', named('i6')],
        ['?department=police', named('i4')],
        ['?overdue=true', named('i1', 'i2', 'i4', 'i5', 'i6', 'i8')],
        ['?overdue=false', named('i3', 'i7')],
        [
          `?createdFrom=${new Date(T0 + HOUR).toISOString()}&createdTo=${new Date(T0 + 4 * HOUR).toISOString()}`,
          named('i2', 'i3', 'i4'),
        ],
        [
          `?createdFrom=${encodeURIComponent(new Date(T0 + 6 * HOUR).toISOString().replace('Z', '+00:00'))}`,
          named('i7', 'i8'),
        ],
        ['?q=沉降', named('i8')],
        [`?q=${encodeURIComponent('补偿')}`, named('i1', 'i8')],
        ['?q=epc', named('i5')],
        [`?q=${encodeURIComponent('%')}`, []],
        [`?q=${encodeURIComponent('补_')}`, []],
        ['?status=open&category=land_acquisition&risk=low', named('i8')],
        ['?department=planning&risk=high', named('i2')],
      ];
      for (const [query, expected] of cases)
        assert.deepEqual(mine(await listIds(query)), expected, `GET /issues${query}`);
    });

    test('the escalated filter follows the read model: the issue withdrawn at once never escalated, the others did', async () => {
      const rows = await stack.worker.rows(`SELECT id, escalated FROM issues WHERE id = ANY($1::text[])`, [
        Object.values(id),
      ]);
      const escalated = rows
        .filter((row) => row.escalated === true)
        .map((row) => row.id as string)
        .sort();
      const calm = rows
        .filter((row) => row.escalated === false)
        .map((row) => row.id as string)
        .sort();
      assert.deepEqual(calm, named('i7'), 'precondition: only the issue withdrawn at intake never escalated');
      assert.deepEqual(mine(await listIds('?escalated=true')), escalated);
      assert.deepEqual(mine(await listIds('?escalated=false')), calm);
      assert.deepEqual(mine(await listIds('?escalated=true&status=withdrawn')), named('i3'));
    });

    test('sorts by received time, handling deadline and escalation level, both ways, ties broken by id', async () => {
      const all = (await walk<ListItem>('/issues', 'director', 100)).filter((item) =>
        Object.values(id).includes(item.id),
      );
      const byKey = (key: (item: ListItem) => number, descending: boolean) =>
        [...all]
          .sort(
            (a, b) =>
              (key(a) - key(b)) * (descending ? -1 : 1) ||
              (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * (descending ? -1 : 1),
          )
          .map((item) => item.id);
      const due = (item: ListItem) => (item.handleDue === null ? Number.POSITIVE_INFINITY : Date.parse(item.handleDue));
      const expectations: Array<[string, string[]]> = [
        ['receivedAt', byKey((item) => Date.parse(item.receivedAt), false)],
        ['-receivedAt', byKey((item) => Date.parse(item.receivedAt), true)],
        ['handleDue', byKey(due, false)],
        ['-handleDue', byKey(due, true)],
        ['escalationLevel', byKey((item) => item.escalationLevel, false)],
        ['-escalationLevel', byKey((item) => item.escalationLevel, true)],
      ];
      for (const [sort, expected] of expectations) {
        const sorted = (await walk<ListItem>(`/issues?sort=${sort}`, 'director', 100))
          .map((item) => item.id)
          .filter((x) => Object.values(id).includes(x));
        assert.deepEqual(sorted, expected, `sort=${sort}`);
      }
      const levels = (await walk<ListItem>('/issues?sort=-escalationLevel', 'director', 100)).map(
        (item) => item.escalationLevel,
      );
      assert.ok(
        levels[0] >= levels[levels.length - 1] && levels.includes(0) && levels.includes(4),
        `levels ${levels.join(',')}`,
      );
    });

    test('cursor pages walk every item exactly once, in the order of one big page, for every sort and with filters', async () => {
      // The ladder issue climbs in real time; walk the pages once it has settled at the top, so no sort key moves mid-walk.
      await eventually(
        async () =>
          (
            await stack.worker.rows(`SELECT 1 FROM escalations WHERE issue_id = $1 AND level = 4 AND repeat = 2`, [
              ladderIssue,
            ])
          ).length
            ? true
            : undefined,
        60_000,
        'the ladder issue to settle at the top',
      );
      for (const sort of ISSUE_SORTS) {
        for (const filter of ['', '&status=open', '&department=planning']) {
          const whole = (await get<Page>(`/issues?sort=${sort}${filter}&limit=100`, 'director')).body.items.map(
            (item) => item.id,
          );
          for (const limit of [1, 2, 3]) {
            const paged = (await walk<ListItem>(`/issues?sort=${sort}${filter}`, 'director', limit)).map(
              (item) => item.id,
            );
            assert.deepEqual(paged, whole, `sort=${sort}${filter} limit=${limit}`);
            assert.equal(new Set(paged).size, paged.length, 'no item twice');
          }
        }
      }
    });

    test('the page size is capped at 100: a larger limit is a 400 naming limit; bad filters, sorts and cursors are 400s naming the field', async () => {
      const expectations: Array<[string, string]> = [
        ['?limit=101', 'limit'],
        ['?limit=0', 'limit'],
        ['?limit=ten', 'limit'],
        ['?status=stuck', 'status'],
        ['?category=weather', 'category'],
        ['?risk=extreme', 'risk'],
        ['?escalated=maybe', 'escalated'],
        ['?overdue=2', 'overdue'],
        ['?createdFrom=yesterday', 'createdFrom'],
        ['?createdTo=2026-13-45T00:00:00Z', 'createdTo'],
        ['?sort=title', 'sort'],
        ['?cursor=not-a-cursor', 'cursor'],
        ['?cursor=%25%25%25', 'cursor'],
        [
          `?cursor=${Buffer.from(JSON.stringify({ s: 'issues:-receivedAt', k: ["2026-01-01'; DROP TABLE issues; --", 'x'] })).toString('base64url')}`,
          'cursor',
        ],
        ['?projectId=' + 'x'.repeat(65), 'projectId'],
        ['?colour=red', 'colour'],
      ];
      for (const [query, field] of expectations) {
        const response = await get<Problem>(`/issues${query}`, 'director');
        assert.equal(response.status, 400, `${query}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.type, '/problems/validation');
        assert.ok(
          response.body.errors?.some((error) => error.field === field),
          `${query} names ${field}: ${JSON.stringify(response.body.errors)}`,
        );
        assert.doesNotMatch(JSON.stringify(response.body), /SELECT|issues\.|at \S+\.js:\d+/);
      }
      const limited = await get<Problem>('/issues?limit=101', 'director');
      assert.deepEqual(
        limited.body.errors?.map((error) => `${error.field}:${error.rule}`),
        ['limit:max'],
      );
      // a cursor is tied to its sort order
      const first = await get<Page>('/issues?limit=1&sort=receivedAt', 'director');
      assert.ok(first.body.nextCursor);
      const crossed = await get<Problem>(
        `/issues?limit=1&sort=-escalationLevel&cursor=${first.body.nextCursor}`,
        'director',
      );
      assert.equal(crossed.status, 400);
      assert.equal(crossed.body.errors?.[0].field, 'cursor');
    });

    test("visibility is applied in the query: a reporter sees only theirs, staff their department's, leaders and the dispatcher all", async () => {
      assert.deepEqual(mine(await listIds('', 'reporter.investor')), named('i1', 'i3', 'i5', 'i7'));
      assert.deepEqual(mine(await listIds('', 'reporter.contractor')), named('i2', 'i4', 'i8'));
      assert.deepEqual(mine(await listIds('', 'land_office.staff')), named('i1', 'i3', 'i8'));
      assert.deepEqual(mine(await listIds('', 'planning.head')), named('i1', 'i2', 'i8'));
      assert.deepEqual(mine(await listIds('', 'police.staff')), named('i4'));
      assert.deepEqual(mine(await listIds('', 'finance.staff')), named('i5'));
      for (const leader of [
        'leader.construction',
        'leader.industry',
        'leader.stability',
        'director',
        'secretary',
        'dispatcher',
      ]) {
        assert.deepEqual(mine(await listIds('', leader)), Object.values(id).sort(), leader);
      }
      // pages are cut after visibility: a reporter's pages of one are all theirs, with nothing skipped
      const paged = (await walk<ListItem>('/issues', 'reporter.contractor', 1)).map((item) => item.id);
      assert.deepEqual(paged, [id.i8, id.i4, id.i2]);
      // filters combine with visibility
      assert.deepEqual(mine(await listIds('?status=open', 'reporter.investor')), named('i1', 'i5'));
    });

    test('the summary counts exactly what the list shows each person: open, overdue, escalated, by category and level', async () => {
      type Item = { id: string; category: string; escalationLevel: number; overdue: boolean };
      type Summary = {
        open: number;
        overdue: number;
        escalated: number;
        byCategory: Array<{ category: string; open: number; overdue: number; escalated: number }>;
        byLevel: Array<{ level: number; open: number }>;
      };
      for (const username of ['director', 'dispatcher', 'approval.staff', 'land_office.head', 'reporter.investor']) {
        // read twice at nearly one instant: a deadline may pass in between, so a mismatch is read again
        await eventually(
          async () => {
            const summary = await get<Summary>('/issues/summary', username);
            assert.equal(summary.status, 200, JSON.stringify(summary.body));
            const open = await walk<Item>('/issues?status=open', username, 100);
            const count = (items: Item[], where: (item: Item) => boolean) => items.filter(where).length;
            assert.equal(summary.body.open, open.length, `${username}: open`);
            assert.equal(
              summary.body.overdue,
              count(open, (i) => i.overdue),
              `${username}: overdue`,
            );
            assert.equal(
              summary.body.escalated,
              count(open, (i) => i.escalationLevel > 0),
              `${username}: escalated`,
            );
            for (const row of summary.body.byCategory) {
              const mine = open.filter((i) => i.category === row.category);
              assert.deepEqual(
                [row.open, row.overdue, row.escalated],
                [mine.length, count(mine, (i) => i.overdue), count(mine, (i) => i.escalationLevel > 0)],
                `${username}: ${row.category}`,
              );
            }
            assert.equal(
              summary.body.byCategory.reduce((sum, row) => sum + row.open, 0),
              open.length,
              'every category with open issues is listed',
            );
            for (const row of summary.body.byLevel)
              assert.equal(
                row.open,
                count(open, (i) => i.escalationLevel === row.level),
                `${username}: level ${row.level}`,
              );
            return true;
          },
          10_000,
          `${username}'s summary equal to their list`,
        );
      }
      assert.equal((await stack.request('GET', '/api/v1/issues/summary')).status, 401);
    });

    test('for every demo user, the list is exactly the issues canViewIssue allows', async () => {
      const issues = await stack.worker.rows(`SELECT id, reporter_id FROM issues`);
      const tasks = await stack.worker.rows(`SELECT issue_id, department_id, status FROM issue_tasks`);
      for (const [username, user] of users) {
        const expected = issues
          .filter((issue) => {
            const own = tasks.filter((task) => task.issue_id === issue.id);
            return canViewIssue(user, {
              reporterId: issue.reporter_id as string,
              activeDepartments: own
                .filter((task) => task.status === 'assigned' || task.status === 'accepted')
                .map((task) => task.department_id as string),
              involvedDepartments: own.map((task) => task.department_id as string),
            });
          })
          .map((issue) => issue.id as string)
          .sort();
        assert.deepEqual((await listIds('', username)).sort(), expected, username);
      }
    });

    test('signing in is required', async () => {
      const response = await stack.request<Problem>('GET', '/api/v1/issues');
      assert.equal(response.status, 401);
    });
  });

  describe('GET /issues/{id}', () => {
    test('the detail has the tasks with their deadlines, the escalations, the full timeline and the live state', async () => {
      const response = await get<{
        id: string;
        status: string;
        reporter: { id: string; name: string };
        leadDepartment: { id: string; name: string };
        escalationLevel: number;
        deadlines: { acceptDue: string; handleDue: string | null; handleDueOriginal: string | null };
        tasks: Array<{
          taskId: string;
          department: { id: string; name: string };
          role: string;
          status: string;
          acceptDue: string;
          handleDue: string | null;
          handleDueOriginal: string | null;
          escalationLevel: number;
          overdue: boolean;
        }>;
        escalations: Array<{
          taskId: string;
          level: number;
          role: string;
          recipients: Array<{ id: string; name: string }>;
          firedAt: string;
          dueAt: string | null;
        }>;
        timeline: Array<{
          sequence: number;
          name: string;
          at: string;
          actor: { id: string; role: string | null } | null;
          data: unknown;
        }>;
        live: {
          state: { issueId: string; sequence: number };
          escalation: { level: number };
          owner: { department: string };
        } | null;
        liveError?: string;
      }>(`/issues/${id.i1}`, 'land_office.staff');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const detail = response.body;
      assert.equal(detail.id, id.i1);
      assert.equal(detail.reporter.id, 'reporter_investor');
      assert.equal(detail.reporter.name, '钱立新');
      assert.deepEqual(detail.leadDepartment, { id: 'land_office', name: '征地拆迁办公室' });
      assert.deepEqual(detail.tasks.map((task) => `${task.department.id}:${task.role}:${task.status}`).sort(), [
        'land_office:lead:assigned',
        'planning:supporting:assigned',
        'utilities:supporting:assigned',
      ]);
      for (const task of detail.tasks) {
        assert.ok(
          Date.parse(task.acceptDue) > T0 && task.handleDue !== null && task.handleDueOriginal !== null,
          'each task has its deadlines',
        );
        assert.equal(task.overdue, true);
        assert.equal(task.escalationLevel, 4);
      }
      assert.equal(detail.deadlines.acceptDue, detail.tasks.find((task) => task.role === 'lead')!.acceptDue);
      assert.equal(detail.escalationLevel, 4);
      const leadEscalations = detail.escalations.filter(
        (step) => step.taskId === detail.tasks.find((task) => task.role === 'lead')!.taskId,
      );
      assert.deepEqual(leadEscalations.map((step) => `${step.level}:${step.role}`).slice(0, 4), [
        '1:department_head',
        '2:responsible_leader',
        '3:zone_director',
        '4:party_secretary',
      ]);
      assert.deepEqual(leadEscalations[0].recipients, [{ id: 'land_office_head', name: '王建国' }]);
      const events = await stack.worker.rows(
        `SELECT sequence, name FROM issue_events WHERE issue_id = $1 ORDER BY sequence`,
        [id.i1],
      );
      assert.deepEqual(
        detail.timeline.map((event) => `${event.sequence}:${event.name}`),
        events.map((event) => `${event.sequence}:${event.name}`),
        'the full event log, in order',
      );
      assert.equal(detail.timeline[0].name, 'issue_opened');
      assert.deepEqual(
        detail.timeline.map((event) => event.sequence),
        detail.timeline.map((_, i) => i + 1),
      );
      assert.ok(detail.live, `live state present: ${detail.liveError}`);
      assert.equal(detail.live.state.issueId, id.i1);
      assert.equal(detail.live.escalation.level, detail.escalationLevel);
      assert.equal(detail.live.owner.department, 'land_office');
      assert.equal(detail.live.state.sequence, Number(events[events.length - 1].sequence));
    });

    test('an accepted task and a withdrawn issue: the detail says so, and an ended workflow has no live state', async () => {
      const accepted = await get<{
        tasks: Array<{ department: { id: string }; status: string; acceptedAt: string | null }>;
        timeline: Array<{ name: string; actor: { id: string } | null }>;
      }>(`/issues/${id.i2}`, 'approval.staff');
      assert.equal(accepted.status, 200);
      const lead = accepted.body.tasks.find((task) => task.department.id === 'approval')!;
      assert.equal(lead.status, 'accepted');
      assert.ok(lead.acceptedAt);
      assert.ok(
        accepted.body.timeline.some((event) => event.actor?.id === 'approval_staff'),
        'who accepted is in the timeline',
      );
      const withdrawn = await get<{
        status: string;
        outcome: string;
        live: unknown;
        liveError?: string;
        closedAt: string | null;
      }>(`/issues/${id.i3}`, 'dispatcher');
      assert.equal(withdrawn.status, 200);
      assert.equal(withdrawn.body.status, 'withdrawn');
      assert.equal(withdrawn.body.outcome, 'withdrawn');
      assert.ok(withdrawn.body.closedAt);
      assert.equal(withdrawn.body.live, null);
      assert.equal(withdrawn.body.liveError, undefined);
    });

    test('a task handed over and not accepted yet (no handling deadline) is overdue true or false, never null', async () => {
      const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body: {
          projectId: 'GX-ROAD-01',
          category: 'permit',
          risk: 'medium',
          title: '转办后逾期判断',
          description: '转办',
        },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const issue = filed.body.id;
      const act = (action: string, body: unknown) =>
        stack.request('POST', `/api/v1/issues/${issue}/${action}`, { as: 'approval.staff', body });
      assert.equal((await act('accept', {})).status, 200);
      assert.equal((await act('transfer', { to: 'land_office', reason: '属征地范围' })).status, 200);
      const detail = await get<{ tasks: Array<{ department: { id: string }; status: string; overdue: unknown }> }>(
        `/issues/${issue}`,
        'dispatcher',
      );
      const handedOver = detail.body.tasks.find(
        (task) => task.department.id === 'land_office' && task.status === 'assigned',
      );
      assert.ok(handedOver, JSON.stringify(detail.body.tasks));
      for (const task of detail.body.tasks) assert.equal(typeof task.overdue, 'boolean', JSON.stringify(task));
      const inbox = await get<{ items: Array<{ issueId: string; overdue: unknown }> }>(
        '/inbox/tasks',
        'land_office.staff',
      );
      const mine = inbox.body.items.filter((task) => task.issueId === issue);
      assert.equal(mine.length, 1);
      assert.equal(typeof mine[0].overdue, 'boolean');
      // out of the way of the counts the tests below make
      const withdrawn = await stack.request('POST', `/api/v1/issues/${issue}/withdraw`, {
        as: 'dispatcher',
        body: { reason: '测试结束' },
      });
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
      await eventually(
        async () =>
          (await get<{ status: string }>(`/issues/${issue}`, 'dispatcher')).body.status === 'withdrawn'
            ? true
            : undefined,
        10_000,
        'withdrawn in the read model',
      );
    });

    test('404 when the issue does not exist or the caller may not see it (the same answer)', async () => {
      const missing = await get<Problem>('/issues/no-such-issue', 'director');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.type, '/problems/not-found');
      const hidden = await get<Problem>(`/issues/${id.i1}`, 'finance.staff');
      assert.equal(hidden.status, 404);
      assert.equal(hidden.body.type, missing.body.type);
      assert.equal((await get(`/issues/${id.i1}`, 'reporter.contractor')).status, 404, "another reporter's issue");
      assert.equal((await get(`/issues/${id.i1}`, 'reporter.investor')).status, 200, 'the reporter');
      assert.equal((await get(`/issues/${id.i1}`, 'utilities.head')).status, 200, 'a supporting department');
      assert.equal((await get(`/issues/${id.i1}`, 'leader.stability')).status, 200, 'any leader');
    });

    test('with Temporal unreachable the detail still answers from the read model, live null with the reason', async () => {
      const app: INestApplication = await createApiApp(
        loadConfig({
          LOG_LEVEL: 'silent',
          DATABASE_URL: stack.worker.database.url,
          TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
          TEMPORAL_NAMESPACE: temporalNamespace(),
          JWT_SECRET: TEST_JWT_SECRET,
        }),
      );
      try {
        await app.listen(0, '127.0.0.1');
        const { port } = app.getHttpServer().address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/issues/${id.i1}`, {
          headers: { authorization: `Bearer ${await stack.token('land_office.staff')}` },
        });
        assert.equal(response.status, 200);
        const body = (await response.json()) as {
          id: string;
          tasks: unknown[];
          timeline: unknown[];
          live: unknown;
          liveError?: string;
        };
        assert.equal(body.id, id.i1);
        assert.equal(body.tasks.length, 3);
        assert.ok(body.timeline.length > 0);
        assert.equal(body.live, null);
        assert.equal(body.liveError, 'Temporal is unavailable');
      } finally {
        await app.close();
      }
    });
  });

  describe('inboxes', () => {
    test("a department's tasks: only its own, open ones first by urgency with the time left, then ended ones", async () => {
      type Task = {
        issueId: string;
        taskId: string;
        department: string;
        status: string;
        open: boolean;
        nextDeadline: string | null;
        nextDue: string | null;
        timeLeftMs: number | null;
        endedAt: string | null;
        overdue: boolean;
      };
      const before = Date.now();
      const tasks = await walk<Task>('/inbox/tasks', 'land_office.staff', 100);
      const after = Date.now();
      assert.ok(tasks.every((task) => task.department === 'land_office'));
      const ours = tasks.filter((task) => Object.values(id).includes(task.issueId));
      assert.deepEqual(
        ours.map((task) => `${task.issueId}:${task.status}`),
        [`${id.i1}:assigned`, `${id.i8}:assigned`, `${id.i3}:closed`],
      );
      const firstEnded = tasks.findIndex((task) => !task.open);
      assert.ok(
        tasks.slice(firstEnded).every((task) => !task.open),
        'open tasks first',
      );
      const open = tasks.filter((task) => task.open);
      for (let i = 1; i < open.length; i++)
        assert.ok(Date.parse(open[i - 1].nextDue!) <= Date.parse(open[i].nextDue!), 'the most urgent first');
      for (const task of open) {
        assert.equal(task.nextDeadline, 'accept', 'not accepted yet: the acceptance deadline comes first');
        assert.ok(
          task.timeLeftMs! <= Date.parse(task.nextDue!) - before &&
            task.timeLeftMs! >= Date.parse(task.nextDue!) - after - 1,
          'time left to the next deadline',
        );
        assert.ok(task.timeLeftMs! < 0 && task.overdue, 'past it');
      }
      const ended = ours.find((task) => !task.open)!;
      assert.equal(ended.timeLeftMs, null);
      assert.ok(ended.endedAt);
      const paged = await walk<Task>('/inbox/tasks', 'land_office.staff', 1);
      assert.deepEqual(
        paged.map((task) => `${task.issueId}/${task.taskId}`),
        tasks.map((task) => `${task.issueId}/${task.taskId}`),
        'pages of one walk the same list',
      );
      const onlyOpen = await walk<Task>('/inbox/tasks?state=open', 'land_office.staff', 100);
      assert.deepEqual(
        onlyOpen.map((task) => task.issueId),
        open.map((task) => task.issueId),
      );
      const accepted = (await walk<Task>('/inbox/tasks', 'approval.head', 100)).find((task) => task.issueId === id.i2)!;
      assert.equal(accepted.status, 'accepted');
      assert.equal(accepted.nextDeadline, 'handle');
      assert.equal(
        (await get<Page>('/inbox/tasks', 'reporter.investor')).body.items.length,
        0,
        'a reporter has no department inbox',
      );
      assert.equal((await get<Problem>('/inbox/tasks?state=someday', 'land_office.staff')).status, 400);
    });

    test('escalations reach the inbox of each person on the ladder, with their notice, newest first', async () => {
      type Step = {
        issueId: string;
        level: number;
        repeat: number;
        role: string;
        firedAt: string;
        recipients: Array<{ id: string }>;
        issueTitle: string;
        notification: { topic: string; readAt: string | null } | null;
      };
      // the ladder issue: unaccepted, it climbs to the party secretary and repeats there twice
      await eventually(
        async () => {
          const rows = await stack.worker.rows(
            `SELECT 1 FROM escalations WHERE issue_id = $1 AND level = 4 AND repeat = 2`,
            [ladderIssue],
          );
          return rows.length > 0 ? true : undefined;
        },
        60_000,
        'the ladder issue at the top, repeated',
      );
      const expectations: Array<[string, string[]]> = [
        ['utilities.head', ['1:0:department_head']],
        ['leader.construction', ['2:0:responsible_leader']],
        ['director', ['3:0:zone_director']],
        ['secretary', ['4:2:party_secretary', '4:1:party_secretary', '4:0:party_secretary']],
        ['leader.industry', []],
        ['utilities.staff', []],
      ];
      for (const [username, steps] of expectations) {
        const all = await walk<Step>('/inbox/escalations', username, 100);
        const user = users.get(username)!;
        assert.ok(
          all.every((step) => step.recipients.some((recipient) => recipient.id === user.id)),
          `${username} only sees steps addressed to them`,
        );
        const count = await stack.worker.rows(
          `SELECT count(*)::int AS n FROM escalations WHERE $1 = ANY(recipient_ids)`,
          [user.id],
        );
        assert.equal(all.length, count[0].n, `${username}: every step addressed to them`);
        for (let i = 1; i < all.length; i++)
          assert.ok(Date.parse(all[i - 1].firedAt) >= Date.parse(all[i].firedAt), 'newest first');
        const ladder = all.filter((step) => step.issueId === ladderIssue);
        assert.deepEqual(
          ladder.map((step) => `${step.level}:${step.repeat}:${step.role}`),
          steps,
          username,
        );
        for (const step of ladder) {
          assert.equal(step.issueTitle, '污水处理厂外电接入受阻');
          assert.equal(step.notification?.topic, 'escalated', 'with the notice it sent');
          assert.equal(step.notification?.readAt, null);
        }
      }
      const secretary = await walk<Step>('/inbox/escalations', 'secretary', 100);
      const paged = await walk<Step>('/inbox/escalations', 'secretary', 2);
      assert.deepEqual(
        paged.map((step) => `${step.issueId}:${step.level}:${step.repeat}:${step.firedAt}`),
        secretary.map((step) => `${step.issueId}:${step.level}:${step.repeat}:${step.firedAt}`),
      );
    });

    test("a person's notifications: all of theirs, unread first, newest first", async () => {
      type Notice = { id: string; topic: string; issueId: string; createdAt: string; readAt: string | null };
      const notices = await walk<Notice>('/inbox/notifications', 'utilities.head', 100);
      const count = await stack.worker.rows(
        `SELECT count(*)::int AS n FROM notifications WHERE person_id = 'utilities_head'`,
      );
      assert.equal(notices.length, count[0].n);
      assert.ok(notices.some((notice) => notice.issueId === ladderIssue && notice.topic === 'escalated'));
      for (let i = 1; i < notices.length; i++)
        assert.ok(Date.parse(notices[i - 1].createdAt) >= Date.parse(notices[i].createdAt));
      const paged = await walk<Notice>('/inbox/notifications', 'utilities.head', 3);
      assert.deepEqual(
        paged.map((notice) => notice.id),
        notices.map((notice) => notice.id),
      );
      // once one is read (set here as the inbox's read mark would), it comes after every unread one
      const newest = notices[0];
      await stack.worker.rows(`UPDATE notifications SET read_at = now() WHERE id = $1`, [newest.id]);
      const reordered = await walk<Notice>('/inbox/notifications', 'utilities.head', 2);
      assert.equal(reordered.length, notices.length);
      assert.equal(reordered[reordered.length - 1].id, newest.id, 'read notices after unread ones');
      assert.ok(reordered[reordered.length - 1].readAt);
      assert.ok(reordered.slice(0, -1).every((notice) => notice.readAt === null));
      const unread = await walk<Notice>('/inbox/notifications?unread=true', 'utilities.head', 100);
      assert.deepEqual(
        unread.map((notice) => notice.id),
        reordered.slice(0, -1).map((notice) => notice.id),
      );
      const staff = await walk<Notice>('/inbox/notifications', 'land_office.staff', 100);
      assert.ok(
        staff.some((notice) => notice.issueId === id.i1 && notice.topic === 'task_assigned'),
        'the task assignment',
      );
    });
  });

  describe('projects and departments', () => {
    type Project = {
      id: string;
      name: string;
      openIssues: number;
      escalatedOpenIssues: number;
      responsibleLeader: { id: string } | null;
    };
    test('projects with the open issues the caller can see', async () => {
      const asDirector = await get<{ items: Project[] }>('/projects', 'director');
      assert.equal(asDirector.status, 200);
      const byId = new Map(asDirector.body.items.map((project) => [project.id, project]));
      assert.equal(byId.get('GX-ROAD-01')!.openIssues, 1);
      assert.equal(byId.get('GX-ROAD-01')!.escalatedOpenIssues, 1);
      assert.equal(byId.get('GX-ROAD-01')!.responsibleLeader?.id, 'leader_construction');
      assert.equal(byId.get('GX-HOME-03')!.openIssues, 0, 'a withdrawn issue is not open');
      assert.equal(byId.get('GX-ROAD-02')!.openIssues, 0);
      assert.ok(byId.get('GX-UTIL-01')!.openIssues >= 1, 'the ladder issue');
      const asContractor = new Map(
        (await get<{ items: Project[] }>('/projects', 'reporter.contractor')).body.items.map((project) => [
          project.id,
          project,
        ]),
      );
      assert.equal(asContractor.get('GX-ROAD-01')!.openIssues, 0, "another reporter's issue is not counted");
      assert.equal(asContractor.get('GX-HOME-02')!.openIssues, 1);
      assert.equal(asContractor.size, byId.size, 'every project is listed');
    });

    test('one project with its open issues, visibility applied; 404 for an unknown project', async () => {
      const road = await get<Project & { openIssuesPage: Page }>('/projects/GX-ROAD-01', 'land_office.staff');
      assert.equal(road.status, 200);
      assert.equal(road.body.name, '高新大道');
      assert.deepEqual(
        road.body.openIssuesPage.items.map((item) => item.id),
        [id.i1],
      );
      const hidden = await get<Project & { openIssuesPage: Page }>('/projects/GX-ROAD-01', 'finance.staff');
      assert.equal(hidden.body.openIssuesPage.items.length, 0);
      assert.equal(hidden.body.openIssues, 0);
      assert.equal((await get<Problem>('/projects/GX-NOWHERE', 'director')).status, 404);
    });

    test('departments with their open and overdue tasks', async () => {
      const response = await get<{
        items: Array<{ id: string; name: string; kind: string; openTasks: number; overdueTasks: number }>;
      }>('/departments', 'reporter.investor');
      assert.equal(response.status, 200);
      assert.equal(response.body.items.length, 12);
      assert.equal(response.body.items[0].kind, 'department', 'handling departments first');
      const landOffice = response.body.items.find((department) => department.id === 'land_office')!;
      assert.equal(landOffice.name, '征地拆迁办公室');
      const open = await stack.worker.rows(
        `SELECT count(*)::int AS n FROM issue_tasks WHERE department_id = 'land_office' AND status IN ('assigned', 'accepted')`,
      );
      assert.equal(landOffice.openTasks, open[0].n);
      assert.equal(landOffice.overdueTasks, landOffice.openTasks, 'every open land office task is past its deadline');
    });
  });
});
