// What a channel is sent and how its answer reads: the vendors' signatures against vectors worked out from the
// vendors' own documented samples, the request bodies, the answers' codes, the words of a notice and a digest within
// the vendors' size limits, quiet hours on the zone's calendar, and the delivery policy's settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  buildRequest,
  dingTalkSign,
  feishuSign,
  readAnswer,
  verifyWebhookSignature,
  webhookSignature,
  type OutgoingMessage,
} from '@unblock/activities';
import {
  CATEGORY_WORDS,
  CHANNEL_LIMITS,
  DEFAULT_DELIVERY_POLICY,
  LEADER_WORDS,
  RISK_WORDS,
  TOPIC_WORDS,
  createWorkingCalendar,
  cutToBytes,
  deliveryPolicyOf,
  parseIssuePolicyDocument,
  digestHeading,
  fitLines,
  mayWaitForWorkingHours,
  nextWorkingStart,
  noticeLines,
  pacingMs,
  parseDeliveryPolicy,
  retryDelayMs,
  shanghaiTime,
  utf8Bytes,
  type NoticeFacts,
  type PolicyProblem,
} from '@unblock/domain';
import { loadIssuePolicyFile, TEST_POLICY_FILE } from '@unblock/config';
import { REPO_ROOT } from '../support/test-stack';

// ---------------------------------------------------------------- signatures

test("DingTalk's 加签 matches the vector worked out with the vendor's own Python sample", () => {
  // python3: hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest(), then
  // urllib.parse.quote_plus(base64.b64encode(...)), exactly as the DingTalk custom-robot documentation's sample does
  const secret = 'SEC6f2e6b7c8a9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
  assert.equal(dingTalkSign(secret, 1577262236757), 'LRyYE1PrAgGkULSiimYWPSzPIgKz%2BFv07uKzgSHge9I%3D');
});

test("Feishu's signature matches the vector worked out with the vendor's own Python sample", () => {
  // python3: hmac.new(f"{timestamp}\n{secret}".encode(), digestmod=hashlib.sha256).digest(), base64-encoded, as the
  // Feishu custom-bot documentation's sample does (the key is timestamp + "\n" + secret, the message is empty)
  assert.equal(feishuSign('qU7cUMqQwfWeXQxKZbeqic', 1599360473), 'o9IE5wPTL5+TRIGZksR6CTStS3pk5xqo3Xg45EnV7is=');
});

test('the webhook signature is HMAC-SHA256 over "t.body", hex, and a receiver checks it and its age', () => {
  // python3: hmac.new(b"whsec_test_0123456789", b"1764662400." + body, hashlib.sha256).hexdigest()
  const body = '{"id":"evt_1","type":"notice.escalated"}';
  const header = webhookSignature('whsec_test_0123456789', 1764662400, body);
  assert.equal(header, 't=1764662400,v1=2ad457ac04380501ff7484b2b53e2cf9e2372470d27e7ce35729d3386a68ea9d');
  assert.equal(verifyWebhookSignature('whsec_test_0123456789', header, body, 1764662400 + 10), true);
  assert.equal(verifyWebhookSignature('whsec_test_0123456789', header, `${body} `, 1764662400), false, 'body changed');
  assert.equal(verifyWebhookSignature('another-secret', header, body, 1764662400), false, 'wrong secret');
  assert.equal(verifyWebhookSignature('whsec_test_0123456789', header, body, 1764662400 + 301), false, 'too old');
  assert.equal(verifyWebhookSignature('whsec_test_0123456789', 'v1=abc', body, 1764662400), false, 'garbled');
});

// ---------------------------------------------------------------- requests and answers

const message: OutgoingMessage = {
  heading: '【问题升级·第2级·分管领导】',
  text: '【问题升级·第2级·分管领导】\n项目：高新大道\n详情：http://zone.example/issues/ISS-1',
  subject: '【问题升级·第2级·分管领导】高新大道',
  mentions: [{ name: '马骏', mobile: '13800000001', feishuOpenId: 'ou_0123456789abcdef' }],
};

test('WeCom gets a text message with the mobile numbers to mention', () => {
  const request = buildRequest(
    { kind: 'wecom', endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', secret: null },
    message,
    0,
    'e1',
  );
  assert.equal(request.url, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
  assert.deepEqual(JSON.parse(request.body), {
    msgtype: 'text',
    text: { content: message.text, mentioned_mobile_list: ['13800000001'] },
  });
});

test('DingTalk gets markdown with atMobiles, the numbers written in the text, and the signature in the query', () => {
  const now = 1577262236757;
  const secret = 'SEC6f2e6b7c8a9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
  const request = buildRequest(
    { kind: 'dingtalk', endpoint: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret },
    message,
    now,
    'e1',
  );
  assert.equal(
    request.url,
    `https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=${now}&sign=LRyYE1PrAgGkULSiimYWPSzPIgKz%2BFv07uKzgSHge9I%3D`,
  );
  const body = JSON.parse(request.body) as { msgtype: string; markdown: { title: string; text: string }; at: unknown };
  assert.equal(body.msgtype, 'markdown');
  assert.equal(body.markdown.title, message.heading);
  assert.match(body.markdown.text, /@13800000001/);
  assert.deepEqual(body.at, { atMobiles: ['13800000001'], isAtAll: false });
});

test('Feishu gets a text message with the timestamp and sign in the body and an <at> for each open_id', () => {
  const request = buildRequest(
    { kind: 'feishu', endpoint: 'https://open.feishu.cn/open-apis/bot/v2/hook/H', secret: 'qU7cUMqQwfWeXQxKZbeqic' },
    message,
    1599360473_000,
    'e1',
  );
  const body = JSON.parse(request.body) as {
    timestamp: string;
    sign: string;
    msg_type: string;
    content: { text: string };
  };
  assert.equal(body.timestamp, '1599360473');
  assert.equal(body.sign, 'o9IE5wPTL5+TRIGZksR6CTStS3pk5xqo3Xg45EnV7is=');
  assert.equal(body.msg_type, 'text');
  assert.match(body.content.text, /<at user_id="ou_0123456789abcdef">马骏<\/at>/);
});

test('the webhook gets its event with the id, timestamp and signature headers over the exact body', () => {
  const event = { id: 'd1', type: 'notice.escalated' };
  const request = buildRequest(
    { kind: 'webhook', endpoint: 'https://zone.example/hook', secret: 's3cret' },
    { ...message, event },
    1764662400_000,
    'd1',
  );
  assert.equal(request.body, JSON.stringify(event));
  assert.equal(request.headers['X-Unblock-Event-Id'], 'd1');
  assert.equal(request.headers['X-Unblock-Timestamp'], '1764662400');
  assert.equal(
    verifyWebhookSignature('s3cret', request.headers['X-Unblock-Signature'], request.body, 1764662400),
    true,
  );
});

test("answers read by each vendor's codes: taken, rate limited, refused", () => {
  const none = new Headers();
  assert.equal(readAnswer('wecom', 200, '{"errcode":0,"errmsg":"ok"}', none).outcome, 'sent');
  assert.equal(
    readAnswer('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}', none).outcome,
    'rate_limited',
  );
  assert.equal(readAnswer('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', none).outcome, 'failed');
  assert.equal(
    readAnswer('dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}', none).outcome,
    'rate_limited',
  );
  const refused = readAnswer('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}', none);
  assert.deepEqual(refused, { outcome: 'failed', status: 'errcode 310000', error: 'sign not match' });
  assert.equal(readAnswer('feishu', 200, '{"code":0,"msg":"success","data":{}}', none).outcome, 'sent');
  assert.equal(readAnswer('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}', none).outcome, 'sent');
  assert.equal(readAnswer('feishu', 200, '{"code":9499,"msg":"too many request"}', none).outcome, 'rate_limited');
  assert.equal(readAnswer('feishu', 200, '{"code":19021,"msg":"sign match fail"}', none).outcome, 'failed');
  assert.equal(readAnswer('webhook', 204, '', none).outcome, 'sent');
  assert.equal(readAnswer('webhook', 500, 'boom', none).outcome, 'failed');
  const limited = readAnswer('webhook', 429, '', new Headers({ 'retry-after': '7' }));
  assert.equal(limited.outcome, 'rate_limited');
  assert.equal(limited.outcome === 'rate_limited' ? limited.waitMs : 0, 7000);
  assert.equal(readAnswer('wecom', 502, '<html>bad gateway</html>', none).outcome, 'failed');
  assert.equal(readAnswer('wecom', 200, 'not json', none).outcome, 'failed');
});

// ---------------------------------------------------------------- words

const escalation: NoticeFacts = {
  issueId: 'ISS-1',
  title: '高新大道K2+300段征地补偿争议',
  project: '高新大道',
  category: 'land_acquisition',
  risk: 'high',
  topic: 'escalated',
  department: '征地拆迁办公室',
  level: 2,
  role: 'responsible_leader',
  cause: 'accept',
  deadlineAt: shanghaiTime('2026-12-02T10:00'),
  decidedAt: shanghaiTime('2026-12-02T12:00'),
};

test('an escalation reads: heading with level and leader, project, issue, department and cause, deadline and lateness, link', () => {
  const lines = noticeLines(escalation, 'http://zone.example/issues/ISS-1', shanghaiTime('2026-12-02T12:15'));
  assert.deepEqual(lines, [
    '【问题升级·第2级·分管领导】',
    '项目：高新大道',
    '问题：高新大道K2+300段征地补偿争议（征地·高风险）',
    '单位：征地拆迁办公室，未按期签收',
    '期限：12月2日 10:00，已超2小时15分',
    '详情：http://zone.example/issues/ISS-1',
  ]);
});

test('a digest counts by topic and never loses count when its lines do not fit', () => {
  const notices = Array.from({ length: 60 }, (_, i) => ({ ...escalation, decidedAt: escalation.decidedAt + i * 1000 }));
  const heading = digestHeading(notices, escalation.decidedAt + 120_000);
  assert.equal(heading, '【60条新通知】近2分钟内：问题升级 60 条');
  const body = notices.map((_, i) => `第${i + 1}条：高新大道K2+300段征地补偿争议，征地拆迁办公室，已超2小时`);
  const text = fitLines([heading], body, ['详情：http://zone.example/'], 2048);
  assert.ok(utf8Bytes(text) <= 2048, `${utf8Bytes(text)} bytes`);
  const shown = text.split('\n').filter((line) => line.startsWith('第')).length;
  assert.ok(shown > 5 && shown < 60, `${shown} lines shown`);
  assert.ok(text.includes(`另有 ${60 - shown} 条，见控制台`), text);
  assert.ok(text.endsWith('详情：http://zone.example/'));
  assert.equal(fitLines([heading], body.slice(0, 3), [], 2048).split('\n').length, 4, 'all fit: no "more" line');
});

test('text is cut on a character boundary within the byte limit', () => {
  const cut = cutToBytes('征地拆迁'.repeat(300), 2048);
  assert.ok(utf8Bytes(cut) <= 2048);
  assert.ok(cut.endsWith('…'));
  assert.equal(cutToBytes('short', 2048), 'short');
});

test("the notice words are the console's (apps/web zh-CN), so a message and the page name a thing alike", () => {
  const source = fs.readFileSync(path.join(REPO_ROOT, 'apps/web/src/i18n/zh-CN.ts'), 'utf8');
  const label = (key: string) => source.match(new RegExp(`'${key.replace('.', '\\.')}': '([^']*)'`))?.[1];
  for (const [topic, words] of Object.entries(TOPIC_WORDS)) assert.equal(words, label(`topic.${topic}`), topic);
  for (const [category, words] of Object.entries(CATEGORY_WORDS))
    assert.equal(words, label(`category.${category}`), category);
  for (const [risk, words] of Object.entries(RISK_WORDS)) assert.equal(words, label(`risk.${risk}`), risk);
  for (const [role, words] of Object.entries(LEADER_WORDS)) assert.equal(words, label(`role.${role}`), role);
});

// ---------------------------------------------------------------- limits, quiet hours, policy

test("channels are paced evenly within the vendors' limits", () => {
  assert.equal(pacingMs(CHANNEL_LIMITS.wecom), 3000);
  assert.equal(pacingMs(CHANNEL_LIMITS.dingtalk), 3000);
  assert.equal(pacingMs(CHANNEL_LIMITS.feishu), 600, '100 a minute is slower than 5 a second');
  assert.equal(pacingMs({ perMinute: 600, perSecond: 5 }), 200, 'the per-second limit when it is the tighter one');
});

test('quiet hours hold low and medium risks until the next working period, never site obstruction or petitions', () => {
  assert.equal(mayWaitForWorkingHours('permit', 'low'), true);
  assert.equal(mayWaitForWorkingHours('permit', 'medium'), true);
  assert.equal(mayWaitForWorkingHours('permit', 'high'), false);
  assert.equal(mayWaitForWorkingHours('permit', 'critical'), false);
  assert.equal(mayWaitForWorkingHours('site_obstruction', 'low'), false);
  assert.equal(mayWaitForWorkingHours('petition', 'low'), false);
  const calendar = createWorkingCalendar({});
  // Wednesday 2 December 2026
  assert.equal(
    nextWorkingStart(calendar, shanghaiTime('2026-12-02T10:00')),
    shanghaiTime('2026-12-02T10:00'),
    'inside: at once',
  );
  assert.equal(nextWorkingStart(calendar, shanghaiTime('2026-12-02T12:30')), shanghaiTime('2026-12-02T14:00'), 'lunch');
  assert.equal(nextWorkingStart(calendar, shanghaiTime('2026-12-02T22:00')), shanghaiTime('2026-12-03T08:30'), 'night');
  assert.equal(
    nextWorkingStart(calendar, shanghaiTime('2026-12-04T18:00')),
    shanghaiTime('2026-12-07T08:30'),
    'Friday evening: Monday',
  );
  const holiday = createWorkingCalendar({ overrides: [{ date: '2026-12-03', kind: 'holiday' }] });
  assert.equal(
    nextWorkingStart(holiday, shanghaiTime('2026-12-02T22:00')),
    shanghaiTime('2026-12-04T08:30'),
    'over a holiday',
  );
});

test('the delivery policy: defaults, durations and counts read, every bad setting named', () => {
  const problems: PolicyProblem[] = [];
  assert.deepEqual(parseDeliveryPolicy(undefined, 'delivery', problems), DEFAULT_DELIVERY_POLICY);
  const policy = parseDeliveryPolicy(
    { attempts: 3, retryInitial: 'PT1S', retryMax: 'PT4S', timeout: 'PT2S' },
    'delivery',
    problems,
  );
  assert.deepEqual(problems, []);
  assert.equal(policy.attempts, 3);
  assert.deepEqual(
    [1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt)),
    [1000, 2000, 4000, 4000],
  );
  const bad: PolicyProblem[] = [];
  parseDeliveryPolicy(
    { attempts: 0, retryInitial: '5 s', retryMax: 'PT1M', speed: 1, timeout: 'PT0S' },
    'delivery',
    bad,
  );
  assert.deepEqual(bad.map((problem) => problem.path).sort(), [
    'delivery.attempts',
    'delivery.retryInitial',
    'delivery.speed',
    'delivery.timeout',
  ]);
  // a parsed document keeps the section as written, so it can be written to a file and read again
  const document = loadIssuePolicyFile(path.join(REPO_ROOT, TEST_POLICY_FILE));
  assert.deepEqual(parseIssuePolicyDocument(JSON.parse(JSON.stringify(document))), document);
  assert.equal(deliveryPolicyOf(document.delivery).retryInitialMs, 1000);
  const short: PolicyProblem[] = [];
  parseDeliveryPolicy({ retryInitial: 'PT10S', retryMax: 'PT1S' }, 'delivery', short);
  assert.deepEqual(
    short.map((problem) => problem.path),
    ['delivery.retryMax'],
  );
});
