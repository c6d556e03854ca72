// The console in headless Chromium on the real stack (the API serving dist/web, a worker, PostgreSQL, Temporal):
// each role does its whole part through the page alone. A reporter files an issue; the department sees it appear
// live and accepts and transfers it; the other department accepts and resolves; the reporter rejects, it reopens,
// it is resolved again and confirmed. A leader sees an escalation arrive live and gives an instruction that the
// department acknowledges. The dispatcher routes a disputed issue. A refused action shows the rule's message.
// Then every page is looked at, desktop and phone (test-results/screenshots/).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadIssuePolicyFile, TEST_POLICY_FILE } from '@unblock/config';
import type { IssuePolicyDocument } from '@unblock/domain';
import * as path from 'node:path';
import type { IssueDetailDto } from '../../apps/api/src/reads/issues.dto';
import { ApiStack } from '../support/api-stack';
import {
  browserMissing,
  choose,
  lookAt,
  markDocument,
  sameDocument,
  Screens,
  VIEWPORTS,
  type ViewportName,
} from '../support/browser';
import { eventually, REPO_ROOT } from '../support/test-stack';

/**
 * Minutes for everything a person does by hand, so that no clock overtakes the page; seconds for utilities at
 * high risk, whose ladder climbs while a leader watches.
 */
function consolePolicies(): IssuePolicyDocument {
  const document = loadIssuePolicyFile(path.join(REPO_ROOT, TEST_POLICY_FILE));
  for (const [category, byRisk] of Object.entries(document.policies)) {
    for (const [risk, policy] of Object.entries(byRisk)) {
      const fast = category === 'utilities' && risk === 'high';
      policy.accept = fast ? 'PT3S' : 'PT30M';
      policy.handle = 'PT2H';
      policy.reminders = ['50%'];
      policy.verificationWindow = 'PT30M';
      policy.ladder = policy.ladder.map((level) => (level.wait ? { ...level, wait: fast ? 'PT3S' : 'PT30M' } : level));
      policy.topRepeat = { interval: 'PT30M', count: 1 };
    }
  }
  return document;
}

describe('the console, in a browser, on the real stack', { skip: browserMissing() }, () => {
  const stack = new ApiStack(consolePolicies());
  const screens = new Screens(() => stack.base);
  const pageErrors = screens.pageErrors;
  const signedIn = (username: string, viewport: ViewportName = 'desktop') => screens.signedIn(username, viewport);

  before(async () => {
    await stack.setUp();
    await screens.open();
  });
  after(async () => {
    await screens.close();
    await stack.tearDown();
  });

  /** Opens an action's form, fills it and submits it; resolves once the form has closed (the action was taken). */
  async function act(
    page: Page,
    action: string,
    fill: (form: ReturnType<Page['getByTestId']>) => Promise<void> = async () => undefined,
    scope: ReturnType<Page['locator']> = page.locator('body'),
  ): Promise<void> {
    await scope.getByTestId(`action-${action}`).first().click();
    const form = page.getByTestId(`action-form-${action}`);
    const submit = page.getByTestId('action-submit');
    await submit.waitFor(); // the dialog is open (its root element has no box of its own)
    await fill(form);
    await submit.click();
    await submit.waitFor({ state: 'hidden' });
  }

  async function detail(id: string): Promise<IssueDetailDto> {
    const response = await stack.request<IssueDetailDto>('GET', `/api/v1/issues/${id}`, { as: 'dispatcher' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  }
  const leadTask = async (id: string) => {
    const issue = await detail(id);
    return issue.tasks.find((task) => task.role === 'lead' && task.status !== 'transferred') ?? issue.tasks[0];
  };

  async function departmentName(id: string): Promise<string> {
    const response = await stack.request<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/departments', {
      as: 'dispatcher',
    });
    const found = response.body.items.find((department) => department.id === id);
    assert.ok(found, `department ${id}`);
    return found.name;
  }

  /** A time tomorrow at 18:00 on the zone's clock, as the date picker takes it. */
  function tomorrowAtSix(): string {
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(tomorrow);
    return `${day} 18:00`;
  }

  async function pickTime(page: Page, testId: string, value: string): Promise<void> {
    const input = page.getByTestId(testId);
    await input.click();
    await input.fill(value);
    await page.keyboard.press('Enter');
  }

  const issueIds: Record<string, string> = {};

  test('a reporter files; the department sees it live, accepts and transfers; the other resolves; the reporter rejects, then confirms', async () => {
    const approval = await signedIn('approval.staff');
    await approval.getByTestId('tasks-page').waitFor();
    await markDocument(approval);

    // the reporter files through the form
    const reporter = await signedIn('reporter.investor');
    await reporter.goto(`${stack.base}/report`);
    await reporter.getByTestId('intake-form').waitFor();
    await choose(reporter, 'field-projectId', 'GX-ROAD-01', true);
    await choose(reporter, 'field-category', '手续报建', true);
    await choose(reporter, 'field-risk', '中风险', true);
    await reporter.getByTestId('field-title').fill('道路工程施工许可证办理受阻');
    await reporter.getByTestId('field-description').fill('施工许可材料已齐，审批窗口迟迟未受理，影响开工。');
    await reporter.getByTestId('field-location').fill('经开区纬二路');
    await reporter.getByTestId('intake-submit').click();
    await reporter.waitForURL(/\/issues\/IS-/);
    const id = decodeURIComponent(new URL(reporter.url()).pathname.split('/').pop()!);
    issueIds.main = id;
    // intake answers with the workflow's decision; the read model follows within moments
    const filed = await eventually(() => detail(id), 10_000, 'the filed issue in the read model');
    assert.equal(filed.leadDepartment.id, 'approval');

    // the approval office's inbox shows it without a reload, and it accepts and transfers it to planning
    const row = approval.locator(`[data-testid=task-row][data-issue-id="${id}"]`);
    await row.waitFor();
    assert.ok(await sameDocument(approval), 'the task appeared live, without a reload');
    await act(approval, 'accept', undefined, row);
    await eventually(async () => ((await leadTask(id)).status === 'accepted' ? true : undefined), 10_000, 'accepted');
    await approval.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(approval, 'transfer', async () => {
      await choose(approval, 'field-to', await departmentName('planning'), true);
      await approval.getByTestId('field-reason').fill('规划条件未明确，应由规划部门先行核定。');
    });
    await eventually(
      async () => ((await leadTask(id)).department.id === 'planning' ? true : undefined),
      10_000,
      'moved',
    );

    // planning accepts and resolves
    const planning = await signedIn('planning.staff');
    await planning.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(planning, 'accept');
    await act(planning, 'resolve', async () => {
      await planning.getByTestId('field-description').fill('规划条件已核定并函告审批局，许可证可受理。');
    });
    await eventually(async () => ((await detail(id)).status === 'resolved' ? true : undefined), 10_000, 'resolved');

    // the reporter rejects with a reason: it reopens
    await reporter.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(reporter, 'verify', async () => {
      await reporter.getByTestId('field-outcome').getByText('未解决，退回').click();
      await reporter.getByTestId('field-reason').fill('许可证仍未受理，问题没有解决。');
    });
    await eventually(async () => ((await detail(id)).status === 'open' ? true : undefined), 10_000, 'reopened');

    // resolved again; the reporter confirms with a satisfaction of 4
    await planning.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(planning, 'resolve', async () => {
      await planning.getByTestId('field-description').fill('审批局已受理并发放施工许可证。');
    });
    await eventually(async () => ((await detail(id)).status === 'resolved' ? true : undefined), 10_000, 'again');
    await reporter.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(reporter, 'verify', async () => {
      await reporter.getByTestId('field-outcome').getByText('确认已解决').click();
      await reporter.getByTestId('field-satisfaction').locator('li').nth(3).click();
    });
    const closed = await eventually(
      async () => {
        const issue = await detail(id);
        return issue.status !== 'resolved' ? issue : undefined;
      },
      10_000,
      'confirmed',
    );
    assert.equal(closed.status, 'closed');
    assert.equal(closed.outcome, 'confirmed');
    assert.equal(closed.satisfaction, 4);
    await reporter.getByTestId('issue-timeline').waitFor();
  });

  test('a leader sees an escalation arrive live and instructs; the department acknowledges', async () => {
    const director = await signedIn('director');
    await director.goto(`${stack.base}/leader`);
    await director.getByTestId('leader-page').waitFor();
    await markDocument(director);

    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.contractor',
      body: {
        projectId: 'GX-UTIL-01',
        category: 'utilities',
        risk: 'high',
        title: '外电接入线路迁改受阻',
        description: '10千伏线路迁改方案未获批复，管线施工停滞。',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const id = filed.body.id;
    issueIds.escalated = id;
    // unaccepted, it climbs every 3 s; the director's level arrives on the open page
    const row = director.locator(`[data-testid=escalation-row][data-issue-id="${id}"]`).first();
    await row.waitFor({ timeout: 60_000 });
    assert.ok(await sameDocument(director), 'the escalation appeared live, without a reload');

    await director.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(director, 'instruct', async () => {
      await director.getByTestId('field-text').fill('请供电公司今日内拿出迁改方案，明天18时前报进展。');
      await pickTime(director, 'field-due', tomorrowAtSix());
    });
    await eventually(async () => ((await detail(id)).instructions.length === 1 ? true : undefined), 10_000, 'given');

    const utilities = await signedIn('utilities.staff');
    await utilities.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(utilities, 'acknowledge');
    await eventually(
      async () => ((await detail(id)).instructions[0]?.acknowledgedAt ? true : undefined),
      10_000,
      'acknowledged',
    );
  });

  test('the dispatcher routes a disputed issue', async () => {
    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.taskforce',
      body: {
        projectId: 'GX-IND-01',
        category: 'permit',
        risk: 'medium',
        title: '厂房规划许可归口争议',
        description: '规划许可与施工许可的先后顺序存在争议，两部门互相推诿。',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const id = filed.body.id;
    issueIds.disputed = id;
    const move = async (as: string, to: string) => {
      assert.equal((await stack.request('POST', `/api/v1/issues/${id}/accept`, { as, body: {} })).status, 200);
      const moved = await stack.request('POST', `/api/v1/issues/${id}/transfer`, {
        as,
        body: { to, reason: '不属于本部门职责范围。' },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    };
    await move('approval.staff', 'planning');
    await move('planning.staff', 'approval'); // back to a former holder: a dispute, for the dispatcher

    const dispatcher = await signedIn('dispatcher');
    await dispatcher.goto(`${stack.base}/dispatch`);
    await dispatcher.locator(`[data-testid=dispatch-row][data-issue-id="${id}"]`).waitFor();
    await dispatcher.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    await act(dispatcher, 'route', async () => {
      await choose(dispatcher, 'field-lead', await departmentName('planning'), true);
      await dispatcher.getByTestId('field-reason').fill('规划许可为前置条件，由自然资源和规划局牵头办理。');
    });
    await eventually(
      async () => ((await leadTask(id)).department.id === 'planning' ? true : undefined),
      10_000,
      'routed',
    );
    await dispatcher.reload();
    await dispatcher.getByTestId('action-withdraw').waitFor(); // the dispatcher's actions are shown
    assert.equal(await dispatcher.getByTestId('action-route').count(), 0, 'final: not offered again');
  });

  test('a refused action shows the rule in words', async () => {
    // two people of one department: one accepts on an open page, the other in the meantime elsewhere
    const id = (
      await stack.request<{ id: string }>('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body: {
          projectId: 'GX-HOME-01',
          category: 'land_acquisition',
          risk: 'medium',
          title: '安置房地块征收补偿争议',
          description: '部分农户对补偿标准有异议，拒绝签约。',
        },
      })
    ).body.id;
    const staff = await signedIn('land_office.staff');
    await staff.goto(`${stack.base}/issues/${encodeURIComponent(id)}`);
    // the form is open on this screen when someone else takes the task
    await staff.getByTestId('action-accept').first().click();
    await staff.getByTestId('action-submit').waitFor();
    const taken = await stack.request('POST', `/api/v1/issues/${id}/accept`, { as: 'land_office.head', body: {} });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    await staff.getByTestId('action-submit').click();
    const error = staff.getByTestId('action-error');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /[\u4e00-\u9fa5]/, `a sentence in Chinese: ${text}`);
    assert.doesNotMatch(text, /[a-z]+\.[a-z_]+|\/problems\//, `no rule code: ${text}`);
    await lookAt(staff, 'refusal', 'desktop');
  });

  test('in demo mode the sign-in page offers the demo users: a click fills the form and signs in', async () => {
    const page = await screens.signedOut('desktop');
    await page.goto(`${stack.base}/sign-in`);
    await page.getByText('演示数据中的账号').waitFor(); // shown open, in demo mode
    await page.getByTestId('demo-user-dispatcher').click();
    assert.equal(await page.getByTestId('sign-in-username').inputValue(), 'dispatcher');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('dispatch-page').waitFor();
  });

  test('every page, on an office screen and a phone', async () => {
    // page, who looks, where, and what shows that it has loaded
    const pages: Array<[string, string, string, string]> = [
      ['sign-in', '', '/sign-in', 'sign-in'],
      ['tasks', 'utilities.staff', '/tasks', 'task-row'],
      ['leader', 'director', '/leader', 'escalation-row'],
      ['dispatch', 'dispatcher', '/dispatch', 'dispatch-page'],
      ['reporter', 'reporter.investor', '/reporter', 'reporter-row'],
      ['report', 'reporter.investor', '/report', 'intake-form'],
      ['issue', 'dispatcher', `/issues/${encodeURIComponent(issueIds.main ?? '')}`, 'timeline-event'],
      ['issue-escalated', 'director', `/issues/${encodeURIComponent(issueIds.escalated ?? '')}`, 'timeline-event'],
      ['issues', 'dispatcher', '/issues', 'issue-row'],
      ['projects', 'dispatcher', '/projects', 'project-row'],
      ['project', 'dispatcher', '/projects/GX-UTIL-01', 'project-page'],
    ];
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      const people = new Map<string, Page>();
      for (const [name, username, route, loaded] of pages) {
        let page = people.get(username);
        if (!page) {
          if (username) page = await signedIn(username, viewport);
          else page = await screens.signedOut(viewport);
          people.set(username, page);
        }
        await page.goto(`${stack.base}${route}`);
        await page.getByTestId(loaded).first().waitFor();
        await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
        await page.waitForTimeout(300); // charts and transitions settle before the picture
        await lookAt(page, name, viewport);
      }
    }
    assert.deepEqual(pageErrors, [], 'no page threw');
  });
});
