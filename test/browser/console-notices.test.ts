// Notices beyond the inbox, in the console, in headless Chromium on the real stack (the API serving dist/web, a
// worker with its couriers, PostgreSQL, Temporal): the administrator lands on 通知渠道, adds a WeCom robot (a field
// error first, shown on its field), sees it listed by its endpoint's last four characters and no secret or URL
// anywhere in the page, sends a test message and sees the courier's attempt, and disables the channel; the
// dispatcher finds that delivery in 投递记录 and filters it; a department's staff member sees the bell count new
// notices live, a read mark made elsewhere arrive live, and 全部标为已读 bring it to 0. Then the pages are looked at,
// desktop and phone (test-results/screenshots/).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadIssuePolicyFile, TEST_POLICY_FILE } from '@unblock/config';
import type { IssuePolicyDocument } from '@unblock/domain';
import { deliveryResult } from '../../apps/web/src/logic/deliveries';
import { ApiStack } from '../support/api-stack';
import {
  browserMissing,
  choose,
  lookAt,
  markDocument,
  sameDocument,
  Screens,
  settled,
  VIEWPORTS,
  type ViewportName,
} from '../support/browser';
import { eventually, REPO_ROOT } from '../support/test-stack';

/** Minutes for every deadline: no reminder or escalation adds a notice while a test counts them. */
function quietPolicies(): IssuePolicyDocument {
  const document = loadIssuePolicyFile(path.join(REPO_ROOT, TEST_POLICY_FILE));
  for (const byRisk of Object.values(document.policies)) {
    for (const policy of Object.values(byRisk)) {
      policy.accept = 'PT30M';
      policy.handle = 'PT2H';
      policy.reminders = ['50%'];
      policy.verificationWindow = 'PT30M';
      policy.ladder = policy.ladder.map((level) => (level.wait ? { ...level, wait: 'PT30M' } : level));
      policy.topRepeat = { interval: 'PT30M', count: 1 };
    }
  }
  return document;
}

/** The robot's URL: its key is its credential, and must never be shown. */
const WECOM_ENDPOINT = 'http://127.0.0.1:9/cgi-bin/webhook/send?key=demo1234';
const CHANNEL_NAME = '征地拆迁办工作群';
const STAFF = 'land_office.staff';

interface Channel {
  id: string;
  enabled: boolean;
  disabledBy: string | null;
  endpointHint: string;
}
interface Delivery {
  id: string;
  status: string;
  attempts: number;
  lastStatus: string | null;
  lastError: string | null;
  channel: { id: string };
  issueId: string | null;
}

describe(
  'notice channels, deliveries and the bell, in a browser, on the real stack',
  { skip: browserMissing() },
  () => {
    const stack = new ApiStack(quietPolicies());
    const screens = new Screens(() => stack.base);
    const pageErrors = screens.pageErrors;
    const signedIn = (username: string, viewport: ViewportName = 'desktop') => screens.signedIn(username, viewport);
    let channelId = '';

    before(async () => {
      await stack.setUp();
      await screens.open();
    });
    after(async () => {
      await screens.close();
      await stack.tearDown();
    });

    async function departmentName(id: string): Promise<string> {
      const response = await stack.request<{ items: Array<{ id: string; name: string }> }>(
        'GET',
        '/api/v1/departments',
        {
          as: 'dispatcher',
        },
      );
      const found = response.body.items.find((department) => department.id === id);
      assert.ok(found, `department ${id}`);
      return found.name;
    }

    async function unreadOf(username: string): Promise<number> {
      const response = await stack.request<{ unread: number }>('GET', '/api/v1/inbox/notifications/unread-count', {
        as: username,
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.unread;
    }

    async function fileLandIssue(title: string): Promise<string> {
      const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body: {
          projectId: 'GX-HOME-01',
          category: 'land_acquisition',
          risk: 'medium',
          title,
          description: '部分农户对补偿标准有异议，拒绝签约，影响安置房地块交付。',
        },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      return filed.body.id;
    }

    /** Opens 新增渠道 and submits a WeCom robot for the land office with `endpoint`. */
    async function fillChannelForm(page: Page, endpoint: string): Promise<void> {
      await page.getByTestId('channel-create').click();
      const form = page.getByTestId('channel-form');
      await form.waitFor();
      await form.getByTestId('field-name').fill(CHANNEL_NAME);
      await choose(page, 'field-departmentId', await departmentName('land_office'));
      await form.getByTestId('field-endpoint').fill(endpoint);
      await page.getByTestId('channel-submit').click();
    }

    test('the administrator lands on 通知渠道, adds a WeCom robot, tests it and disables it', async () => {
      const admin = await signedIn('admin');
      await admin.waitForURL(/\/admin\/channels$/);
      await admin.getByTestId('channels-page').waitFor();
      await admin.getByTestId('nav-admin-channels').waitFor();
      await admin.getByTestId('nav-deliveries').waitFor();

      // a robot's URL without its key: the API's field error, in words, on the endpoint field
      await fillChannelForm(admin, 'http://127.0.0.1:9/cgi-bin/webhook/send');
      const form = admin.getByTestId('channel-form');
      const error = form.locator('.ant-form-item-explain-error', { hasText: 'key 参数' });
      await error.waitFor();
      assert.equal(await form.locator('.ant-form-item-has-error').count(), 1, 'one field is marked: the endpoint');
      assert.ok(
        await form.locator('.ant-form-item-has-error').getByTestId('field-endpoint').count(),
        'the error is on the endpoint',
      );
      await form.getByTestId('field-endpoint').fill(WECOM_ENDPOINT);
      await admin.getByTestId('channel-submit').click();
      await form.waitFor({ state: 'detached' });

      const row = admin.locator('[data-testid=channel-row]', { hasText: CHANNEL_NAME });
      await row.waitFor();
      channelId = (await row.getAttribute('data-channel-id')) ?? '';
      assert.match(channelId, /^ch_/);
      assert.equal(await row.getByTestId('channel-endpoint').innerText(), '••••1234');
      await row.getByText('企业微信').waitFor();
      await row.getByText('启用').waitFor();
      const api = await stack.request<Channel>('GET', `/api/v1/notice-channels/${channelId}`, { as: 'admin' });
      assert.equal(api.body.endpointHint, '••••1234');
      // neither the key nor the URL is anywhere in the page: not in its text, not in its markup
      const text = await admin.evaluate<string>('document.body.innerText');
      const html = await admin.content();
      for (const secret of ['demo1234', 'key=demo', 'cgi-bin', '127.0.0.1:9']) {
        assert.ok(!text.includes(secret), `the page's text shows ${secret}`);
        assert.ok(!html.includes(secret), `the page's markup holds ${secret}`);
      }

      // a test message: queued, then the courier's attempt (nothing listens on port 9: refused)
      await row.getByTestId('channel-test').click();
      await admin.getByText('测试消息已加入发送队列').waitFor();
      const status = row.getByTestId('channel-test-status');
      await status.waitFor();
      await status.filter({ hasText: /第 \d+ 次尝试/ }).waitFor({ timeout: 40_000 });
      const tests = await stack.request<{ items: Delivery[] }>(
        'GET',
        `/api/v1/notifications/deliveries?channelId=${channelId}`,
        { as: 'admin' },
      );
      assert.equal(tests.status, 200, JSON.stringify(tests.body));
      const delivery = tests.body.items.find((item) => item.issueId === null);
      assert.ok(delivery && delivery.attempts >= 1, 'the courier tried the test message');
      const words = deliveryResult(delivery.lastStatus, delivery.lastError, 'zh-CN');
      assert.ok(words.status, 'a last result');
      const shownText = await status.innerText();
      assert.ok(shownText.includes(words.status), `its last result in words: ${shownText}`);

      // disabled: shown so, and so in the API, by whom
      await row.getByTestId('channel-toggle').click();
      await admin.locator(`[data-testid=channel-row][data-channel-id="${channelId}"][data-enabled="false"]`).waitFor();
      await row.getByText('停用', { exact: true }).first().waitFor();
      const disabled = await stack.request<Channel>('GET', `/api/v1/notice-channels/${channelId}`, { as: 'admin' });
      assert.equal(disabled.body.enabled, false);
      assert.equal(disabled.body.disabledBy, 'admin');
      assert.equal(await row.getByTestId('channel-test').isDisabled(), true, 'no test on a disabled channel');
    });

    test('the dispatcher finds that delivery in 投递记录, and filters by status and kind', async () => {
      assert.ok(channelId, 'the channel of the first test');
      const dispatcher = await signedIn('dispatcher');
      await dispatcher.getByTestId('nav-deliveries').click();
      await dispatcher.getByTestId('deliveries-page').waitFor();
      const row = dispatcher.locator(`[data-testid=delivery-row][data-channel-id="${channelId}"]`);
      await row.waitFor();
      const [delivery] = (
        await stack.request<{ items: Delivery[] }>('GET', `/api/v1/notifications/deliveries?channelId=${channelId}`, {
          as: 'dispatcher',
        })
      ).body.items;
      assert.ok(delivery);
      assert.equal(await row.getAttribute('data-status'), delivery.status);
      await row.getByText('测试消息').first().waitFor();
      await row.getByText(CHANNEL_NAME).waitFor();

      const statusLabels: Record<string, string> = {
        pending: '待发送',
        sending: '发送中',
        sent: '已发送',
        failed: '失败',
        cancelled: '已取消',
      };
      await choose(dispatcher, 'filter-status', statusLabels[delivery.status]);
      await row.waitFor();
      await dispatcher.waitForURL(new RegExp(`status=${delivery.status}`));
      // another status: it is not among them
      const other = delivery.status === 'sent' ? 'failed' : 'sent';
      await dispatcher.getByTestId('filter-status').click();
      await dispatcher
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: statusLabels[other] })
        .click();
      await dispatcher.waitForURL(new RegExp(`status=${other}`));
      await row.waitFor({ state: 'detached' });
      // the kind: WeCom has it, e-mail does not
      await dispatcher.goto(`${stack.base}/deliveries?kind=wecom`);
      await row.waitFor();
      await dispatcher.goto(`${stack.base}/deliveries?kind=email`);
      await dispatcher.getByTestId('deliveries-page').waitFor();
      await dispatcher.getByText('暂无投递记录。').waitFor();
      assert.equal(await row.count(), 0);
    });

    test('the bell counts unread notices live, follows read marks, and 全部标为已读 brings it to 0', async () => {
      // a channel that stays enabled, so that the issue's notices are delivered (and listed) too
      const feishu = await stack.request<Channel>('POST', '/api/v1/notice-channels', {
        as: 'admin',
        body: {
          kind: 'feishu',
          name: '征地拆迁办飞书群',
          departmentId: 'land_office',
          endpoint: 'http://127.0.0.1:9/open-apis/bot/v2/hook/5678',
        },
      });
      assert.equal(feishu.status, 201, JSON.stringify(feishu.body));

      const staff = await signedIn(STAFF);
      await staff.getByTestId('tasks-page').waitFor();
      await markDocument(staff);
      const bell = staff.getByTestId('notification-bell');
      const before = await unreadOf(STAFF);
      await staff.locator(`[data-testid=notification-bell][data-unread="${before}"]`).waitFor();

      // new issues for the land office: their notices arrive on the open page, and the count follows
      let after = before;
      for (const title of ['安置房地块征收补偿争议', '安置房地块地上附着物清点未完成']) {
        await fileLandIssue(title);
        const was = after;
        after = await eventually(
          async () => {
            const n = await unreadOf(STAFF);
            return n > was ? n : undefined;
          },
          15_000,
          'a notice for the staff member',
        );
        await staff.locator(`[data-testid=notification-bell][data-unread="${after}"]`).waitFor();
      }
      assert.ok(after >= before + 2);
      assert.ok(await sameDocument(staff), 'the count rose live, without a reload');

      // read in another tab (the API, as the same person): the count follows live
      const list = await stack.request<{ items: Array<{ id: string; readAt: string | null }> }>(
        'GET',
        '/api/v1/inbox/notifications?unread=true',
        { as: STAFF },
      );
      const first = list.body.items[0];
      assert.ok(first, 'an unread notice');
      const read = await stack.request('POST', `/api/v1/inbox/notifications/${encodeURIComponent(first.id)}/read`, {
        as: STAFF,
        body: {},
      });
      assert.equal(read.status, 200, JSON.stringify(read.body));
      await staff.locator(`[data-testid=notification-bell][data-unread="${after - 1}"]`).waitFor();
      assert.ok(await sameDocument(staff), 'the read mark arrived live');

      await bell.click();
      const items = staff.getByTestId('notification-item');
      await items.first().waitFor();
      // unread ones look different from read ones
      const shown = () =>
        staff.evaluate<string>(
          `JSON.stringify([document.querySelector('[data-testid=notification-bell]')?.dataset.unread, [...document.querySelectorAll('[data-testid=notification-item]')].map((e) => [e.dataset.issueId, e.dataset.read])])`,
        );
      try {
        await staff.locator('[data-testid=notification-item][data-read="false"]').first().waitFor();
        await staff.locator('[data-testid=notification-item][data-read="true"]').first().waitFor();
      } catch (error) {
        const list = await stack.request('GET', '/api/v1/inbox/notifications', { as: STAFF });
        throw new Error(`the bell shows ${await shown()}; the API: ${JSON.stringify(list.body)}`, { cause: error });
      }
      // evaluated in the page (a string: this file is compiled without the DOM's types)
      const looks = await staff.evaluate<Array<[string, string]>>(
        `[...document.querySelectorAll('[data-testid=notification-item]')].map((e) => [e.dataset.read, getComputedStyle(e).backgroundColor])`,
      );
      const colours = (read: string) => new Set(looks.filter(([r]) => r === read).map(([, colour]) => colour));
      assert.equal(colours('false').size, 1);
      assert.equal(colours('true').size, 1);
      assert.notDeepEqual([...colours('false')], [...colours('true')], 'unread and read look different');

      await staff.getByTestId('notification-read-all').click();
      await staff.locator('[data-testid=notification-bell][data-unread="0"]').waitFor();
      assert.equal(await staff.locator('[data-testid=notification-item][data-read="false"]').count(), 0);
      assert.equal(await unreadOf(STAFF), 0, 'the API counts none unread');
      assert.equal(await staff.getByTestId('notification-read-all').isDisabled(), true);

      // clicking a notice opens its issue and marks it read
      const id = await fileLandIssue('安置房地块青苗补偿未到位');
      await staff.locator('[data-testid=notification-bell][data-unread="0"]').waitFor({ state: 'detached' });
      const count = Number(await bell.getAttribute('data-unread'));
      assert.ok(count >= 1);
      const notice = staff.locator(`[data-testid=notification-item][data-issue-id="${id}"][data-read="false"]`).first();
      await notice.click();
      await staff.waitForURL(new RegExp(`/issues/${id}`));
      await staff.locator(`[data-testid=notification-bell][data-unread="${count - 1}"]`).waitFor();
      await eventually(async () => ((await unreadOf(STAFF)) === count - 1 ? true : undefined), 10_000, 'marked read');
    });

    test('the pages, on an office screen and a phone', async () => {
      // an unread notice or two, for the bell to show beside read ones
      await fileLandIssue('安置房地块界址争议待核定');
      await eventually(async () => ((await unreadOf(STAFF)) > 0 ? true : undefined), 15_000, 'an unread notice');
      for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
        const admin = await signedIn('admin', viewport);
        await admin.getByTestId('channel-row').first().waitFor();
        await settled(admin);
        await lookAt(admin, 'channels', viewport);

        await fillChannelForm(admin, 'http://127.0.0.1:9/cgi-bin/webhook/send');
        await admin.locator('.ant-form-item-explain-error', { hasText: 'key 参数' }).waitFor();
        await settled(admin);
        await lookAt(admin, 'channel-form-error', viewport);

        const dispatcher = await signedIn('dispatcher', viewport);
        await dispatcher.goto(`${stack.base}/deliveries`);
        await dispatcher.getByTestId('delivery-row').first().waitFor();
        await settled(dispatcher);
        await lookAt(dispatcher, 'deliveries', viewport);

        const staff = await signedIn(STAFF, viewport);
        await staff.locator('[data-testid=notification-bell]:not([data-unread="0"])').waitFor();
        await staff.getByTestId('notification-bell').click();
        await staff.getByTestId('notification-item').first().waitFor();
        await settled(staff);
        await lookAt(staff, 'bell', viewport);
      }
      assert.deepEqual(pageErrors, [], 'no page threw');
    });
  },
);
