// The API of notices beyond the inbox over HTTP against the real stack (PostgreSQL, Temporal, the worker with its
// couriers): notice channels as an administrator manages them (every kind's rules, reads that never show an
// endpoint URL or a secret, disable, enable, remove, a test message the courier really tries to send), people's
// contacts, the deliveries to channels, the read marks of an inbox, and the notice metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { CHANNEL_KINDS, CHANNEL_LIMITS } from '@unblock/domain';
import { DELIVERY_STATUSES, DEMO_PEOPLE } from '@unblock/persistence';
import { freePort } from '@unblock/runtime';
import { ApiStack, assertProblem, type ApiResponse } from '../support/api-stack';
import { EventStreamClient } from '../support/event-stream-client';
import { eventually, uniqueName } from '../support/test-stack';
import type { DeliveryDto as Delivery } from '../../apps/api/src/notices/deliveries.dto';
import type { NoticeChannelDto as Channel } from '../../apps/api/src/notices/notice-channels.dto';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Notice {
  id: string;
  readAt: string | null;
  createdAt: string;
}

const HOUR = 3_600_000;

describe('notice channels, contacts, deliveries and inbox read marks', () => {
  const stack = new ApiStack();
  /** every response body this file received, to look for secrets in */
  const bodies: string[] = [];
  /** what must never come back: every secret and every URL endpoint given */
  const secrets = new Set<string>();
  /** a loopback port nothing listens on: sends there are refused */
  let deadPort = 0;
  let deadHook = '';
  let issueHandle: WorkflowHandle;
  let issueId = '';
  /** the channel of land_office, made before the issue was filed: the issue's notices reach it */
  let landOfficeChannel = '';

  async function call<T = unknown>(method: string, path: string, as: string, body?: unknown): Promise<ApiResponse<T>> {
    const response = await stack.request<T>(method, `/api/v1${path}`, { as, ...(body !== undefined ? { body } : {}) });
    bodies.push(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''));
    return response;
  }
  const admin = <T = unknown>(method: string, path: string, body?: unknown) => call<T>(method, path, 'admin', body);

  async function create(body: Record<string, unknown>): Promise<Channel> {
    for (const key of ['endpoint', 'secret'] as const)
      if (typeof body[key] === 'string' && (key === 'secret' || body.kind !== 'email'))
        secrets.add(body[key] as string);
    const created = await admin<Channel>('POST', '/notice-channels', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  /** A 400 problem whose errors name `field` (with `rule`, when given). */
  function assertFieldError(response: ApiResponse, field: string, rule?: string): void {
    const problem = assertProblem(response, 400, '/problems/validation');
    const named = (problem.errors ?? []).filter((error) => error.field === field);
    assert.ok(named.length > 0, `${field} is named: ${JSON.stringify(problem)}`);
    if (rule)
      assert.ok(
        named.some((error) => error.rule === rule),
        `${field} breaks ${rule}: ${JSON.stringify(problem)}`,
      );
  }

  before(async () => {
    await stack.setUp();
    deadPort = await freePort();
    deadHook = `http://127.0.0.1:${deadPort}/hook`;
    landOfficeChannel = (
      await create({
        kind: 'webhook',
        name: '征地拆迁办对接系统',
        departmentId: 'land_office',
        endpoint: `${deadHook}?system=land`,
        secret: 'land-office-webhook-secret-7f3a',
      })
    ).id;
    // an issue filed days ago: every deadline has passed, so it settles at once and its notices stop coming
    issueId = uniqueName('notices');
    issueHandle = await stack.worker.file({ issueId, receivedAt: Date.now() - 10 * 24 * HOUR });
    await eventually(
      async () => ((await stack.worker.view(issueHandle)).nextTimer === undefined ? true : undefined),
      60_000,
      'the issue to settle',
    );
    await eventually(
      async () => {
        const view = await stack.worker.view(issueHandle);
        const row = await stack.worker.issueRow(issueId);
        return row && Number(row.sequence) === view.state.sequence ? true : undefined;
      },
      20_000,
      'the read model to catch up',
    );
  });
  after(() => stack.tearDown());

  describe('channels', () => {
    test('an administrator adds a channel of each kind; a read shows the last four characters, never the endpoint or the secret', async () => {
      const specs: Array<Record<string, unknown>> = [
        {
          kind: 'wecom',
          name: '规划建设局企业微信群',
          departmentId: 'planning',
          endpoint: `http://127.0.0.1:${deadPort}/cgi-bin/webhook/send?key=wecom-key-5b7e-41c2-9d0a`,
          quietHours: true,
        },
        {
          kind: 'dingtalk',
          name: '督查室钉钉群',
          departmentId: 'dispatch',
          endpoint: `http://127.0.0.1:${deadPort}/robot/send?access_token=dingtalk-token-0c9f8e7d`,
          secret: 'SECdingtalk-signing-secret-44d1',
          perMinute: 10,
        },
        {
          kind: 'feishu',
          name: '市政公用局飞书群',
          departmentId: 'utilities',
          endpoint: `http://127.0.0.1:${deadPort}/open-apis/bot/v2/hook/feishu-hook-3e2d1c0b`,
          secret: 'feishu-signing-secret-9a8b',
        },
        {
          kind: 'webhook',
          name: '园区调度平台',
          endpoint: `${deadHook}?system=zone`,
          secret: 'zone-webhook-secret-c0ffee42',
        },
        {
          kind: 'email',
          name: '王建国的邮箱',
          personId: 'land_office_head',
          endpoint: 'land_office.head@zone.example.gov.cn',
        },
      ];
      const made: Channel[] = [];
      for (const spec of specs) {
        const channel = await create(spec);
        made.push(channel);
        const endpoint = spec.endpoint as string;
        assert.match(channel.id, /^ch_[a-z2-7]{12}$/);
        assert.equal(channel.kind, spec.kind);
        assert.equal(channel.name, spec.name);
        assert.equal(channel.departmentId, spec.departmentId ?? null);
        assert.equal(channel.personId, spec.personId ?? null);
        assert.equal(channel.endpointHint, spec.kind === 'email' ? endpoint : `••••${endpoint.slice(-4)}`);
        assert.equal(
          channel.secretHint,
          typeof spec.secret === 'string' ? `••••${spec.secret.slice(-4)}` : null,
          `${channel.kind}: the secret's last four`,
        );
        assert.equal(channel.enabled, true);
        assert.equal(channel.quietHours, spec.quietHours === true);
        assert.equal(channel.perMinute, spec.perMinute ?? null);
        const vendor = CHANNEL_LIMITS[channel.kind as keyof typeof CHANNEL_LIMITS];
        assert.deepEqual(channel.limit, {
          perMinute: Math.min(vendor.perMinute, (spec.perMinute as number | undefined) ?? vendor.perMinute),
          ...(vendor.perSecond ? { perSecond: vendor.perSecond } : {}),
        });
        assert.equal(channel.createdBy, 'admin');
        assert.equal(channel.disabledAt, null);
        assert.deepEqual(channel.deliveries, { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 });
        const read = await admin<Channel>('GET', `/notice-channels/${channel.id}`);
        assert.equal(read.status, 200);
        assert.deepEqual(read.body, channel);
      }
      assert.deepEqual(
        made.map((channel) => channel.kind),
        [...CHANNEL_KINDS],
      );
      const stored = (await stack.worker.rows(`SELECT endpoint, secret FROM notice_channels WHERE id = $1`, [
        made[1].id,
      ])) as Array<{ endpoint: string; secret: string }>;
      assert.deepEqual(stored, [{ endpoint: specs[1].endpoint, secret: specs[1].secret }], 'stored as given');

      const all = await admin<{ items: Channel[] }>('GET', '/notice-channels');
      assert.equal(all.status, 200);
      const ids = all.body.items.map((channel) => channel.id);
      for (const channel of made) assert.ok(ids.includes(channel.id));
      const filtered = async (query: string) =>
        (await admin<{ items: Channel[] }>('GET', `/notice-channels?${query}`)).body.items.map((channel) => channel.id);
      assert.deepEqual(await filtered('kind=feishu'), [made[2].id]);
      assert.deepEqual(await filtered('departmentId=dispatch'), [made[1].id]);
      assert.deepEqual(await filtered('personId=land_office_head'), [made[4].id]);
      assert.ok((await filtered('enabled=true')).includes(made[0].id));
      assert.ok(!(await filtered('enabled=false')).includes(made[0].id));
      assertFieldError(await admin('GET', '/notice-channels?kind=sms'), 'kind');
      assertFieldError(await admin('GET', '/notice-channels?enabled=perhaps'), 'enabled');
      assertProblem(await admin('GET', '/notice-channels/ch_nosuchchannel'), 404, '/problems/not-found');
    });

    test('every rule of a new channel is a 400 naming its field (an unknown department or person: 422)', async () => {
      const good = { kind: 'webhook', name: '对接系统', endpoint: deadHook, secret: 'a-good-secret-1234' };
      const wecom = {
        kind: 'wecom',
        name: '企业微信群',
        endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1',
      };
      const cases: Array<[string, Record<string, unknown>, string, string?]> = [
        ['an unknown kind', { ...good, kind: 'sms' }, 'kind', 'isIn'],
        ['no kind', { name: 'x', endpoint: deadHook, secret: 'a-good-secret-1234' }, 'kind'],
        ['an empty name', { ...good, name: '' }, 'name'],
        ['a blank name', { ...good, name: '   ' }, 'name'],
        ['a name of 101 characters', { ...good, name: '名'.repeat(101) }, 'name', 'isLength'],
        ['a name with NUL', { ...good, name: 'a\u0000b' }, 'name', 'text.forbidden_character'],
        ['a name over two lines', { ...good, name: 'a\nb' }, 'name', 'text.forbidden_character'],
        ['both owners', { ...good, departmentId: 'planning', personId: 'planning_head' }, 'personId', 'oneOwner'],
        [
          'both owners (the department named too)',
          { ...good, departmentId: 'planning', personId: 'planning_head' },
          'departmentId',
          'oneOwner',
        ],
        ['a department id that is not text', { ...good, departmentId: 7 }, 'departmentId'],
        ['no endpoint', { kind: 'webhook', name: 'x', secret: 'a-good-secret-1234' }, 'endpoint'],
        [
          'a wecom URL without its key',
          { ...wecom, endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' },
          'endpoint',
          'endpointForKind',
        ],
        [
          'a wecom URL with an empty key',
          { ...wecom, endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=' },
          'endpoint',
          'endpointForKind',
        ],
        [
          'a dingtalk URL without its access_token',
          { kind: 'dingtalk', name: 'x', endpoint: 'https://oapi.dingtalk.com/robot/send?key=1' },
          'endpoint',
          'endpointForKind',
        ],
        [
          'a feishu endpoint that is no URL',
          { kind: 'feishu', name: 'x', endpoint: 'open.feishu.cn/hook' },
          'endpoint',
          'endpointForKind',
        ],
        ['a webhook on ftp', { ...good, endpoint: 'ftp://127.0.0.1/hook' }, 'endpoint', 'endpointForKind'],
        [
          'a URL with a password',
          { ...good, endpoint: 'http://user:pw@127.0.0.1/hook' },
          'endpoint',
          'endpointForKind',
        ],
        ['an e-mail channel to a URL', { kind: 'email', name: 'x', endpoint: deadHook }, 'endpoint', 'endpointForKind'],
        [
          'an e-mail channel to no address',
          { kind: 'email', name: 'x', endpoint: 'nobody@' },
          'endpoint',
          'endpointForKind',
        ],
        [
          'an endpoint of 2001 characters',
          { ...good, endpoint: `${deadHook}?q=${'a'.repeat(2_000)}` },
          'endpoint',
          'isLength',
        ],
        ['a webhook without a secret', { kind: 'webhook', name: 'x', endpoint: deadHook }, 'secret', 'secretRequired'],
        ['a webhook with a null secret', { ...good, secret: null }, 'secret', 'secretRequired'],
        ['a wecom robot with a secret', { ...wecom, secret: 'a-good-secret-1234' }, 'secret', 'secretRefused'],
        [
          'an e-mail channel with a secret',
          { kind: 'email', name: 'x', endpoint: 'a@zone.example.gov.cn', secret: 'a-good-secret-1234' },
          'secret',
          'secretRefused',
        ],
        ['a secret of 7 characters', { ...good, secret: 'short77' }, 'secret', 'isLength'],
        [
          'a secret with a control character',
          { ...good, secret: 'a-good\u001bsecret' },
          'secret',
          'text.forbidden_character',
        ],
        ['perMinute 0', { ...good, perMinute: 0 }, 'perMinute', 'min'],
        ['perMinute 1.5', { ...good, perMinute: 1.5 }, 'perMinute', 'isInt'],
        ['perMinute as text', { ...good, perMinute: '10' }, 'perMinute', 'isInt'],
        ["perMinute over wecom's 20", { ...wecom, perMinute: 21 }, 'perMinute', 'perMinuteForKind'],
        [
          "perMinute over feishu's 100",
          { kind: 'feishu', name: 'x', endpoint: deadHook, perMinute: 101 },
          'perMinute',
          'perMinuteForKind',
        ],
        ['perMinute over every limit', { ...good, perMinute: 601 }, 'perMinute', 'max'],
        ['quietHours as text', { ...good, quietHours: 'yes' }, 'quietHours', 'isBoolean'],
        ['quietHours null', { ...good, quietHours: null }, 'quietHours', 'isBoolean'],
        ['an unknown field', { ...good, token: 'x' }, 'token', 'unknown_field'],
        ['the body as an array', [good] as unknown as Record<string, unknown>, '(body)'],
      ];
      for (const [what, body, field, rule] of cases) {
        const response = await admin('POST', '/notice-channels', body);
        assert.equal(response.status, 400, `${what}: ${JSON.stringify(response.body)}`);
        assertFieldError(response, field, rule);
      }
      for (const [body, field] of [
        [{ ...good, departmentId: 'nowhere' }, 'departmentId'],
        [{ ...good, personId: 'nobody' }, 'personId'],
      ] as const) {
        const problem = assertProblem(
          await admin('POST', '/notice-channels', body),
          422,
          '/problems/unknown-reference',
        );
        assert.deepEqual(
          problem.errors?.map((error) => [error.field, error.rule]),
          [[field, 'exists']],
        );
      }
      const text = await stack.request('POST', '/api/v1/notice-channels', {
        as: 'admin',
        raw: JSON.stringify(good),
        headers: { 'content-type': 'text/plain' },
      });
      assertProblem(text, 415, '/problems/unsupported-media-type');
      // what was refused was not stored
      const [{ n }] = (await stack.worker.rows(
        `SELECT count(*)::int AS n FROM notice_channels WHERE name = 'x'`,
      )) as Array<{
        n: number;
      }>;
      assert.equal(n, 0);
      // the rules of its kind hold on a change too
      const robot = await create({ ...wecom, endpoint: `http://127.0.0.1:${deadPort}/send?key=patch-key-1` });
      const hook = await create({ ...good, endpoint: `${deadHook}?rules=1`, secret: 'rules-secret-0001' });
      assertFieldError(
        await admin('PATCH', `/notice-channels/${robot.id}`, { endpoint: deadHook }),
        'endpoint',
        'endpointForKind',
      );
      assertFieldError(
        await admin('PATCH', `/notice-channels/${robot.id}`, { secret: 'a-good-secret-1234' }),
        'secret',
        'secretRefused',
      );
      assertFieldError(
        await admin('PATCH', `/notice-channels/${robot.id}`, { perMinute: 30 }),
        'perMinute',
        'perMinuteForKind',
      );
      assertFieldError(
        await admin('PATCH', `/notice-channels/${hook.id}`, { secret: null }),
        'secret',
        'secretRequired',
      );
      assertFieldError(await admin('PATCH', `/notice-channels/${hook.id}`, { name: '' }), 'name');
      assertFieldError(await admin('PATCH', `/notice-channels/${hook.id}`, { enabled: 'no' }), 'enabled', 'isBoolean');
      assertFieldError(await admin('PATCH', `/notice-channels/${hook.id}`, { kind: 'wecom' }), 'kind', 'unknown_field');
      assertProblem(
        await admin('PATCH', '/notice-channels/ch_nosuchchannel', { name: 'x' }),
        404,
        '/problems/not-found',
      );
    });

    test('anyone but an administrator is refused (403) on every channel route', async () => {
      const channelPath = `/notice-channels/${landOfficeChannel}`;
      for (const as of ['dispatcher', 'director', 'land_office.head', 'land_office.staff', 'reporter.investor']) {
        const answers = [
          await call('POST', '/notice-channels', as, {
            kind: 'webhook',
            name: 'x',
            endpoint: deadHook,
            secret: 'a-good-secret-1',
          }),
          await call('GET', '/notice-channels', as),
          await call('GET', channelPath, as),
          await call('PATCH', channelPath, as, { enabled: false }),
          await call('DELETE', channelPath, as),
          await call('POST', `${channelPath}/test`, as),
          await call('GET', '/people/land_office_head/contacts', as),
          await call('PUT', '/people/land_office_head/contacts', as, { mobile: null }),
        ];
        for (const answer of answers) assertProblem(answer, 403, '/problems/forbidden');
      }
      const channel = await admin<Channel>('GET', channelPath);
      assert.equal(channel.body.enabled, true, 'nothing a refused request asked for was done');
      assertProblem(await stack.request('GET', '/api/v1/notice-channels'), 401);
    });

    test('a channel is changed, disabled (who and when recorded; a test message then 409), enabled again, and removed', async () => {
      const channel = await create({
        kind: 'dingtalk',
        name: '临时群',
        endpoint: `http://127.0.0.1:${deadPort}/robot/send?access_token=tmp-token-1`,
      });
      assert.equal(channel.secretHint, null, 'DingTalk may go without a secret');
      const changed = await admin<Channel>('PATCH', `/notice-channels/${channel.id}`, {
        name: '临时钉钉群',
        endpoint: `http://127.0.0.1:${deadPort}/robot/send?access_token=tmp-token-2`,
        secret: 'SECtemporary-secret-5e6f',
        quietHours: true,
        perMinute: 5,
      });
      secrets.add(`http://127.0.0.1:${deadPort}/robot/send?access_token=tmp-token-2`).add('SECtemporary-secret-5e6f');
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.name, '临时钉钉群');
      assert.equal(changed.body.endpointHint, '••••en-2');
      assert.equal(changed.body.secretHint, '••••5e6f');
      assert.equal(changed.body.quietHours, true);
      assert.deepEqual([changed.body.perMinute, changed.body.limit.perMinute], [5, 5]);
      const cleared = await admin<Channel>('PATCH', `/notice-channels/${channel.id}`, {
        secret: null,
        perMinute: null,
      });
      assert.deepEqual(
        [cleared.body.secretHint, cleared.body.perMinute, cleared.body.limit.perMinute],
        [null, null, 20],
      );

      const disabled = await admin<Channel>('PATCH', `/notice-channels/${channel.id}`, { enabled: false });
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.enabled, false);
      assert.equal(disabled.body.disabledBy, 'admin');
      assert.ok(disabled.body.disabledAt && Math.abs(Date.parse(disabled.body.disabledAt) - Date.now()) < 60_000);
      const again = await admin<Channel>('PATCH', `/notice-channels/${channel.id}`, { enabled: false });
      assert.equal(again.body.disabledAt, disabled.body.disabledAt, 'disabling a disabled channel keeps when it was');
      const refused = assertProblem(
        await admin('POST', `/notice-channels/${channel.id}/test`),
        409,
        '/problems/rule-violation',
      );
      assert.equal(refused.rule, 'channel.disabled');
      const [{ n }] = (await stack.worker.rows(
        `SELECT count(*)::int AS n FROM notice_deliveries WHERE channel_id = $1`,
        [channel.id],
      )) as Array<{ n: number }>;
      assert.equal(n, 0, 'a refused test message adds no delivery');

      const enabled = await admin<Channel>('PATCH', `/notice-channels/${channel.id}`, { enabled: true });
      assert.deepEqual([enabled.body.enabled, enabled.body.disabledAt, enabled.body.disabledBy], [true, null, null]);
      const test = await admin<{ id: string }>('POST', `/notice-channels/${channel.id}/test`);
      assert.equal(test.status, 202);

      assert.equal((await admin('DELETE', `/notice-channels/${channel.id}`)).status, 204);
      assertProblem(await admin('GET', `/notice-channels/${channel.id}`), 404, '/problems/not-found');
      assertProblem(await admin('DELETE', `/notice-channels/${channel.id}`), 404, '/problems/not-found');
      assertProblem(await admin('POST', `/notice-channels/${channel.id}/test`), 404, '/problems/not-found');
      const left = await stack.worker.rows(`SELECT id FROM notice_deliveries WHERE channel_id = $1`, [channel.id]);
      assert.deepEqual(left, [], 'its deliveries went with it');
      assertProblem(await call('GET', `/notifications/deliveries/${encodeURIComponent(test.body.id)}`, 'admin'), 404);
    });

    test('a test message is a pending delivery that the courier tries: to a closed port, the connection is refused', async () => {
      const channel = await create({
        kind: 'webhook',
        name: '测试接收端',
        endpoint: `${deadHook}?test=1`,
        secret: 'test-message-secret-01',
      });
      const sent = await admin<{ id: string; channelId: string; status: string; link: string }>(
        'POST',
        `/notice-channels/${channel.id}/test`,
      );
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      assert.match(sent.body.id, new RegExp(`^test:[0-9a-f-]{36}>${channel.id}$`));
      assert.equal(sent.body.channelId, channel.id);
      assert.equal(sent.body.status, 'pending');
      assert.equal(sent.body.link, `/api/v1/notifications/deliveries/${encodeURIComponent(sent.body.id)}`);
      assert.equal(sent.headers.get('location'), sent.body.link);
      const [row] = (await stack.worker.rows(
        `SELECT channel_id, issue_id, notice_key, topic, facts, mentions FROM notice_deliveries WHERE id = $1`,
        [sent.body.id],
      )) as Array<{
        channel_id: string;
        issue_id: null;
        notice_key: string;
        topic: string;
        facts: Record<string, unknown>;
        mentions: string[];
      }>;
      assert.equal(row.channel_id, channel.id);
      assert.equal(row.issue_id, null);
      assert.equal(row.topic, 'test');
      assert.equal(`${row.notice_key}>${channel.id}`, sent.body.id);
      assert.deepEqual([row.facts.test, row.facts.requestedBy, typeof row.facts.decidedAt], [true, 'admin', 'number']);
      assert.deepEqual(row.mentions, []);

      const delivery = await eventually(
        async () => {
          const read = await stack.request<Delivery>('GET', sent.body.link, { as: 'dispatcher' });
          assert.equal(read.status, 200);
          return read.body.attempts >= 1 && read.body.lastStatus !== null ? read.body : undefined;
        },
        30_000,
        'the courier to try the test message',
      );
      assert.equal(delivery.lastStatus, 'econnrefused', JSON.stringify(delivery));
      assert.match(delivery.lastError ?? '', /ECONNREFUSED/);
      assert.equal(delivery.topic, 'test');
      assert.equal(delivery.issueId, null);
      assert.deepEqual(delivery.channel, { id: channel.id, kind: 'webhook', name: '测试接收端' });
      assert.equal(delivery.sentAt, null);
      assert.ok(delivery.messageId, 'the attempt is on record');
      const read = await admin<Channel>('GET', `/notice-channels/${channel.id}`);
      assert.equal(
        Object.values(read.body.deliveries).reduce((a, b) => a + b, 0),
        1,
        "the channel's counts hold its one delivery",
      );
    });
  });

  describe('contacts', () => {
    test("an administrator reads a person's demo contacts, sets them (+86 dropped), removes one, and each rule is a 400", async () => {
      const demo = DEMO_PEOPLE.find((person) => person.id === 'planning_staff')!;
      const first = await admin<Record<string, unknown>>('GET', '/people/planning_staff/contacts');
      assert.equal(first.status, 200);
      assert.deepEqual(first.body, {
        id: 'planning_staff',
        name: demo.name,
        mobile: demo.mobile,
        email: 'planning.staff@zone.example.gov.cn',
        feishuOpenId: null,
      });
      assert.match(demo.mobile, /^138\d{8}$/);
      assert.equal(new Set(DEMO_PEOPLE.map((person) => person.mobile)).size, DEMO_PEOPLE.length, 'distinct numbers');

      const set = await admin<Record<string, unknown>>('PUT', '/people/planning_staff/contacts', {
        mobile: '+8613912345678',
        email: 'sun.xiaoyan@planning.zone.example.gov.cn',
        feishuOpenId: 'ou_7d8a6e6df7621556ce0d21922b676706',
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual(set.body, {
        id: 'planning_staff',
        name: demo.name,
        mobile: '13912345678',
        email: 'sun.xiaoyan@planning.zone.example.gov.cn',
        feishuOpenId: 'ou_7d8a6e6df7621556ce0d21922b676706',
      });
      const removed = await admin<Record<string, unknown>>('PUT', '/people/planning_staff/contacts', {
        feishuOpenId: null,
      });
      assert.deepEqual(removed.body, { ...set.body, feishuOpenId: null }, 'only what the body names changes');
      assert.deepEqual((await admin('GET', '/people/planning_staff/contacts')).body, removed.body);
      const [stored] = await stack.worker.rows(
        `SELECT mobile, email, feishu_open_id FROM people WHERE id = 'planning_staff'`,
      );
      assert.deepEqual(stored, {
        mobile: '13912345678',
        email: 'sun.xiaoyan@planning.zone.example.gov.cn',
        feishu_open_id: null,
      });

      const cases: Array<[Record<string, unknown>, string]> = [
        [{ mobile: '12912345678' }, 'mobile'],
        [{ mobile: '1391234567' }, 'mobile'],
        [{ mobile: '139123456789' }, 'mobile'],
        [{ mobile: '86-13912345678' }, 'mobile'],
        [{ mobile: 13912345678 }, 'mobile'],
        [{ email: 'not an address' }, 'email'],
        [{ email: 'a\ud800b@zone.example.gov.cn' }, 'email'],
        [{ email: `${'a'.repeat(250)}@x.cn` }, 'email'],
        [{ feishuOpenId: 'ou_ABCDEFGHIJK' }, 'feishuOpenId'],
        [{ feishuOpenId: 'ou_short' }, 'feishuOpenId'],
        [{ feishuOpenId: 'on_7d8a6e6df762' }, 'feishuOpenId'],
        [{ wechat: 'x' }, 'wechat'],
      ];
      for (const [body, field] of cases)
        assertFieldError(await admin('PUT', '/people/planning_staff/contacts', body), field);
      assertProblem(await admin('GET', '/people/nobody/contacts'), 404, '/problems/not-found');
      assertProblem(
        await admin('PUT', '/people/nobody/contacts', { mobile: '13912345678' }),
        404,
        '/problems/not-found',
      );
      assert.deepEqual(
        (await admin('GET', '/people/planning_staff/contacts')).body,
        removed.body,
        'refused bodies changed nothing',
      );
    });
  });

  describe('deliveries', () => {
    test('the dispatcher and administrators list deliveries, newest first, by status, channel, kind and issue, page by page', async () => {
      const a = await create({
        kind: 'webhook',
        name: '分页A',
        endpoint: `${deadHook}?page=a`,
        secret: 'page-secret-a-0001',
      });
      const b = await create({
        kind: 'dingtalk',
        name: '分页B',
        endpoint: `http://127.0.0.1:${deadPort}/robot/send?access_token=page-b`,
      });
      const sentIds: string[] = [];
      for (const channel of [a, a, b, a, b]) {
        const sent = await admin<{ id: string }>('POST', `/notice-channels/${channel.id}/test`);
        assert.equal(sent.status, 202);
        sentIds.push(sent.body.id);
      }
      async function walk(query: string, as: string, limit: number): Promise<Delivery[]> {
        const all: Delivery[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 100; pages++) {
          const path = `/notifications/deliveries?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
          const page: ApiResponse<Page<Delivery>> = await call<Page<Delivery>>('GET', path, as);
          assert.equal(page.status, 200, JSON.stringify(page.body));
          assert.ok(page.body.items.length <= limit);
          all.push(...page.body.items);
          cursor = page.body.nextCursor;
          if (cursor === null) return all;
          assert.equal(page.body.items.length, limit, 'a page before the last is full');
        }
        throw new Error('too many pages');
      }
      const ofA = await walk(`channelId=${a.id}`, 'dispatcher', 2);
      assert.deepEqual(
        ofA.map((delivery) => delivery.id),
        [sentIds[3], sentIds[1], sentIds[0]],
        'newest first, across pages',
      );
      assert.deepEqual(
        (await walk(`channelId=${a.id}`, 'admin', 100)).map((d) => d.id),
        ofA.map((d) => d.id),
      );
      const first = ofA[2];
      assert.deepEqual(first.channel, { id: a.id, kind: 'webhook', name: '分页A' });
      assert.equal(first.topic, 'test');

      const dingtalk = await walk('kind=dingtalk', 'dispatcher', 1);
      for (const id of [sentIds[2], sentIds[4]]) assert.ok(dingtalk.some((delivery) => delivery.id === id));
      assert.ok(dingtalk.every((delivery) => delivery.channel.kind === 'dingtalk'));

      // the issue's notices reached the land office's channel, written with them
      const ofIssue = await walk(`issueId=${encodeURIComponent(issueId)}`, 'dispatcher', 3);
      assert.ok(ofIssue.length > 0, "the issue's notices have deliveries");
      assert.ok(ofIssue.every((delivery) => delivery.issueId === issueId && delivery.channel.id === landOfficeChannel));
      assert.ok(
        ofIssue.some((delivery) => delivery.topic === 'task_assigned'),
        JSON.stringify(ofIssue.map((d) => d.topic)),
      );
      const [{ n }] = (await stack.worker.rows(`SELECT count(*)::int AS n FROM notice_deliveries WHERE issue_id = $1`, [
        issueId,
      ])) as Array<{ n: number }>;
      assert.equal(ofIssue.length, n);

      for (const status of DELIVERY_STATUSES) {
        const page = await call<Page<Delivery>>('GET', `/notifications/deliveries?status=${status}&limit=100`, 'admin');
        assert.equal(page.status, 200);
        assert.ok(
          page.body.items.every((delivery) => delivery.status === status),
          status,
        );
      }
      const everything = await walk('', 'admin', 100);
      for (const id of sentIds) assert.ok(everything.some((delivery) => delivery.id === id));
      const times = everything.map((delivery) => Date.parse(delivery.createdAt));
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
        'newest first',
      );

      const one = await call<Delivery>('GET', `/notifications/deliveries/${encodeURIComponent(sentIds[0])}`, 'admin');
      assert.equal(one.status, 200);
      assert.equal(one.body.id, sentIds[0]);
      assertProblem(
        await call('GET', '/notifications/deliveries/test%3Anone%3Ech_none', 'dispatcher'),
        404,
        '/problems/not-found',
      );
      assertFieldError(await call('GET', '/notifications/deliveries?status=lost', 'dispatcher'), 'status', 'isIn');
      assertFieldError(await call('GET', '/notifications/deliveries?kind=sms', 'dispatcher'), 'kind', 'isIn');
      assertFieldError(
        await call('GET', '/notifications/deliveries?cursor=bm90LWEtY3Vyc29y', 'dispatcher'),
        'cursor',
        'isCursor',
      );
      assertFieldError(await call('GET', '/notifications/deliveries?limit=0', 'dispatcher'), 'limit');
      for (const as of ['director', 'land_office.head', 'reporter.investor']) {
        assertProblem(await call('GET', '/notifications/deliveries', as), 403, '/problems/forbidden');
        assertProblem(await call('GET', `/notifications/deliveries/${encodeURIComponent(sentIds[0])}`, as), 403);
      }
    });
  });

  describe('inbox read marks', () => {
    test("one notification read (idempotent; someone else's is a 404 like a missing one), then all, with the unread count", async () => {
      const ownerRows = (await stack.worker.rows(
        `SELECT person_id, count(*)::int AS n FROM notifications WHERE issue_id = $1 AND person_id IS NOT NULL
         GROUP BY person_id HAVING count(*) >= 3 ORDER BY count(*) DESC, person_id LIMIT 2`,
        [issueId],
      )) as Array<{ person_id: string; n: number }>;
      assert.equal(ownerRows.length, 2, 'two people with several notices of the issue');
      const [me, other] = ownerRows.map((row) => DEMO_PEOPLE.find((person) => person.id === row.person_id)!);
      const unread = async (as: string) => {
        const answer = await call<{ unread: number }>('GET', '/inbox/notifications/unread-count', as);
        assert.equal(answer.status, 200);
        return answer.body.unread;
      };
      const dbUnread = async (personId: string) =>
        Number(
          (
            (await stack.worker.rows(
              `SELECT count(*)::int AS n FROM notifications WHERE person_id = $1 AND read_at IS NULL`,
              [personId],
            )) as Array<{ n: number }>
          )[0].n,
        );
      const unreadBefore = await unread(me.username);
      assert.ok(unreadBefore >= 3);
      assert.equal(unreadBefore, await dbUnread(me.id));

      // the streams of the person who marks (another tab) and of someone else
      const open = async (username: string) => {
        const { client, response } = await EventStreamClient.open(
          `${stack.base}/api/v1/events`,
          await stack.token(username),
        );
        assert.equal(response.status, 200);
        await client!.waitFor((message) => message.event === 'ready', 10_000, 'ready');
        return client!;
      };
      const myTab = await open(me.username);
      const theirTab = await open(other.username);
      const list = await call<Page<Notice>>('GET', '/inbox/notifications?limit=50', me.username);
      const target = list.body.items[list.body.items.length - 1];
      assert.equal(target.readAt, null, 'the list says readAt (null: unread)');
      const read = await call<Notice>(
        'POST',
        `/inbox/notifications/${encodeURIComponent(target.id)}/read`,
        me.username,
      );
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.id, target.id);
      assert.ok(read.body.readAt && Math.abs(Date.parse(read.body.readAt) - Date.now()) < 60_000);
      const twice = await call<Notice>(
        'POST',
        `/inbox/notifications/${encodeURIComponent(target.id)}/read`,
        me.username,
      );
      assert.equal(twice.status, 200);
      assert.equal(twice.body.readAt, read.body.readAt, 'a second mark keeps the first time');
      assert.equal(await unread(me.username), unreadBefore - 1);
      const told = await myTab.waitFor((message) => message.event === 'inbox', 10_000, 'the read mark on my stream');
      assert.deepEqual(
        { ...(told.data as object), at: undefined },
        { notificationId: target.id, marked: 1, at: undefined },
      );
      const listed = await call<Page<Notice>>('GET', '/inbox/notifications?limit=50', me.username);
      assert.equal(listed.body.items.find((item) => item.id === target.id)?.readAt, read.body.readAt);

      const [theirs] = (await stack.worker.rows(
        `SELECT id FROM notifications WHERE person_id = $1 AND read_at IS NULL ORDER BY id LIMIT 1`,
        [other.id],
      )) as Array<{ id: string }>;
      const foreign = assertProblem(
        await call('POST', `/inbox/notifications/${encodeURIComponent(theirs.id)}/read`, me.username),
        404,
        '/problems/not-found',
      );
      const missingId = `${theirs.id}x`;
      const missing = assertProblem(
        await call('POST', `/inbox/notifications/${encodeURIComponent(missingId)}/read`, me.username),
        404,
        '/problems/not-found',
      );
      const shape = (problem: typeof foreign, id: string) => ({
        ...problem,
        detail: problem.detail.replace(JSON.stringify(id), '<id>'),
        instance: undefined,
      });
      assert.deepEqual(shape(foreign, theirs.id), shape(missing, missingId), 'not told apart');
      const [still] = await stack.worker.rows(`SELECT read_at FROM notifications WHERE id = $1`, [theirs.id]);
      assert.equal(still.read_at, null, "someone else's notification stays unread");

      const none = await call<{ marked: number }>('POST', '/inbox/notifications/read-all', me.username, {
        before: '2000-01-01T00:00:00.000Z',
      });
      assert.deepEqual([none.status, none.body], [200, { marked: 0 }], 'nothing came before 2000');
      assertFieldError(
        await call('POST', '/inbox/notifications/read-all', me.username, { before: 'yesterday' }),
        'before',
        'isInstant',
      );
      assertFieldError(
        await call('POST', '/inbox/notifications/read-all', me.username, { before: '2026-02-30T00:00:00Z' }),
        'before',
        'isInstant',
      );
      assertFieldError(
        await call('POST', '/inbox/notifications/read-all', me.username, { upTo: 'x' }),
        'upTo',
        'unknown_field',
      );
      const all = await call<{ marked: number }>('POST', '/inbox/notifications/read-all', me.username);
      assert.deepEqual([all.status, all.body], [200, { marked: unreadBefore - 1 }]);
      assert.equal(await unread(me.username), 0);
      const toldAll = await myTab.waitFor(
        (message) =>
          message.event === 'inbox' && (message.data as { notificationId?: string }).notificationId === undefined,
        10_000,
        'the read-all on my stream',
      );
      assert.equal((toldAll.data as { marked: number }).marked, unreadBefore - 1);
      assert.equal(
        myTab.messages.filter((message) => message.event === 'inbox').length,
        2,
        'a mark that changed nothing (the second read, a read-all of nothing) is not told',
      );
      // the other person's stream: the first read mark it carries is their own (streams keep their order)
      const [own] = (await stack.worker.rows(
        `SELECT id FROM notifications WHERE person_id = $1 AND read_at IS NULL ORDER BY id LIMIT 1`,
        [other.id],
      )) as Array<{ id: string }>;
      assert.equal(
        (await call('POST', `/inbox/notifications/${encodeURIComponent(own.id)}/read`, other.username)).status,
        200,
      );
      const theirs1 = await theirTab.waitFor((message) => message.event === 'inbox', 10_000, 'their own read mark');
      assert.equal((theirs1.data as { notificationId: string }).notificationId, own.id, "no one else's marks");
      await myTab.close();
      await theirTab.close();
      const unreadLeft = await call<Page<Notice>>('GET', '/inbox/notifications?unread=true', me.username);
      assert.deepEqual(unreadLeft.body.items, []);
      assert.equal(await unread(other.username), await dbUnread(other.id));
      assert.ok((await dbUnread(other.id)) > 0, "the other person's stay unread");
      assertProblem(await stack.request('GET', '/api/v1/inbox/notifications/unread-count'), 401);
    });
  });

  test('the metrics count channels, deliveries, retries, messages and waits for a limit, by kind, from PostgreSQL', async () => {
    const labelled = (text: string, name: string) =>
      new Map(
        [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].map((match) => [
          match[1],
          Number(match[2]),
        ]),
      );
    await stack.worker.rows(`UPDATE notice_channels SET rate_limited = rate_limited + 3 WHERE id = $1`, [
      landOfficeChannel,
    ]);
    await eventually(
      async () => {
        const scrape = await fetch(`${stack.base}/api/v1/metrics`);
        assert.equal(scrape.status, 200);
        const text = await scrape.text();
        const deliveries = (await stack.worker.rows(
          `SELECT c.kind, d.status, count(*)::int AS n, sum(greatest(d.attempts - 1, 0))::int AS retried
           FROM notice_deliveries d JOIN notice_channels c ON c.id = d.channel_id GROUP BY 1, 2`,
        )) as Array<{ kind: string; status: string; n: number; retried: number }>;
        const messages = (await stack.worker.rows(
          `SELECT c.kind, m.outcome, count(*)::int AS n FROM notice_messages m JOIN notice_channels c ON c.id = m.channel_id GROUP BY 1, 2`,
        )) as Array<{ kind: string; outcome: string; n: number }>;
        const channels = (await stack.worker.rows(
          `SELECT kind, enabled::text AS enabled, count(*)::int AS n, sum(rate_limited)::int AS waits FROM notice_channels GROUP BY 1, 2`,
        )) as Array<{ kind: string; enabled: string; n: number; waits: number }>;
        const expected = {
          unblock_notice_deliveries: new Map(
            CHANNEL_KINDS.flatMap((kind) =>
              DELIVERY_STATUSES.map((status) => [
                `kind="${kind}",status="${status}"`,
                deliveries.find((row) => row.kind === kind && row.status === status)?.n ?? 0,
              ]),
            ),
          ),
          unblock_notice_deliveries_retried_total: new Map(
            CHANNEL_KINDS.map((kind) => [
              `kind="${kind}"`,
              deliveries.filter((row) => row.kind === kind).reduce((sum, row) => sum + row.retried, 0),
            ]),
          ),
          unblock_notice_messages_total: new Map(
            CHANNEL_KINDS.flatMap((kind) =>
              ['sent', 'failed', 'rate_limited', 'ambiguous'].map((outcome) => [
                `kind="${kind}",outcome="${outcome}"`,
                messages.find((row) => row.kind === kind && row.outcome === outcome)?.n ?? 0,
              ]),
            ),
          ),
          unblock_notice_rate_limited_total: new Map(
            CHANNEL_KINDS.map((kind) => [
              `kind="${kind}"`,
              channels.filter((row) => row.kind === kind).reduce((sum, row) => sum + row.waits, 0),
            ]),
          ),
          unblock_notice_channels: new Map(
            CHANNEL_KINDS.flatMap((kind) =>
              ['true', 'false'].map((enabled) => [
                `kind="${kind}",enabled="${enabled}"`,
                channels.find((row) => row.kind === kind && row.enabled === enabled)?.n ?? 0,
              ]),
            ),
          ),
        };
        for (const [name, values] of Object.entries(expected)) {
          const scraped = labelled(text, name);
          // an attempt under way between the two reads: read both again
          if (JSON.stringify([...scraped].sort()) !== JSON.stringify([...values].sort())) return undefined;
        }
        assert.match(text, /# TYPE unblock_notice_messages_total counter/);
        assert.match(text, /# TYPE unblock_notice_deliveries gauge/);
        assert.ok((expected.unblock_notice_rate_limited_total.get('kind="webhook"') ?? 0) >= 3);
        assert.ok((expected.unblock_notice_messages_total.get('kind="webhook",outcome="failed"') ?? 0) >= 1);
        assert.ok((expected.unblock_notice_channels.get('kind="webhook",enabled="true"') ?? 0) >= 3);
        return true;
      },
      20_000,
      'the metrics to equal the counts in PostgreSQL',
    );
  });

  test('no response of this file carried a secret or an endpoint URL', () => {
    assert.ok(secrets.size >= 10 && bodies.length > 100, `${secrets.size} secrets, ${bodies.length} bodies`);
    for (const secret of secrets)
      for (const body of bodies)
        assert.ok(!body.includes(secret), `a response carried ${secret}: ${body.slice(0, 300)}`);
  });
});
