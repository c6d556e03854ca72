// The local receiver (apps/receiver): its signatures checked against values computed outside this code base by
// following each vendor's own published sample, then every endpoint's checks, limits and failure modes over HTTP.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  dingtalkSign,
  feishuSign,
  startVendorReceiver,
  webhookSignature,
  type VendorReceiver,
  type VendorReceiverOptions,
} from '../../apps/receiver/src/vendor-receiver';

// DingTalk 自定义机器人安全设置 (加签), open.dingtalk.com/document/robots/customize-robot-security-settings.
// Expected value from the doc's Python 3 sample, run as written with this timestamp and secret:
//   python3 -c 'import hmac,hashlib,base64,urllib.parse; t="1577262236757";
//     s="SEC7a1f6a3f0c0f4b4fb2b0c1f5a4d0e9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2";
//     h=hmac.new(s.encode("utf-8"), "{}\n{}".format(t, s).encode("utf-8"), digestmod=hashlib.sha256).digest();
//     print(base64.b64encode(h).decode()); print(urllib.parse.quote_plus(base64.b64encode(h)))'
const DINGTALK_VECTOR = {
  timestamp: '1577262236757',
  secret: 'SEC7a1f6a3f0c0f4b4fb2b0c1f5a4d0e9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2',
  sign: 'wn1iYI5vMRZzHiC35v+izMHqX/ioKChOVGjdr8Kj9h4=',
  signUrlEncoded: 'wn1iYI5vMRZzHiC35v%2BizMHqX%2FioKChOVGjdr8Kj9h4%3D',
};

// Feishu 自定义机器人使用指南 (签名校验), open.feishu.cn/document/client-docs/bot-v3/add-custom-bot, with the doc's
// example timestamp 1599360473. Expected value from the doc's Python sample, run as written:
//   python3 -c 'import hmac,hashlib,base64; s="{}\n{}".format("1599360473", "demo-feishu-secret");
//     print(base64.b64encode(hmac.new(s.encode("utf-8"), digestmod=hashlib.sha256).digest()).decode("utf-8"))'
const FEISHU_VECTOR = {
  timestamp: '1599360473',
  secret: 'demo-feishu-secret',
  sign: 'I14G+BylJBIS1VqI4nUg1mKqMAjMGZlFJGT36IJRUr8=',
};

// The product's webhook scheme: v1 = hex(HMAC-SHA256(secret, `${t}.${rawBody}`)). Expected value from OpenSSL:
//   printf '%s' '1767225600.{"id":"evt_1","type":"issue.escalated","text":"Hi"}' | openssl dgst -sha256 -hmac whsec_demo
const WEBHOOK_VECTOR = {
  timestamp: '1767225600',
  secret: 'whsec_demo',
  rawBody: '{"id":"evt_1","type":"issue.escalated","text":"Hi"}',
  v1: 'b7fc27a837956c9c05326a4648b104a5eedfc9e657577e922f9a4a7eb62d4e3a',
};

describe('signatures, against values from the vendors’ own samples', () => {
  test('DingTalk 加签: base64(HmacSHA256(secret, timestamp + "\\n" + secret)), URL-encoded in the query', () => {
    const sign = dingtalkSign(DINGTALK_VECTOR.timestamp, DINGTALK_VECTOR.secret);
    assert.equal(sign, DINGTALK_VECTOR.sign);
    assert.equal(encodeURIComponent(sign), DINGTALK_VECTOR.signUrlEncoded);
  });

  test('Feishu 签名校验: base64(HmacSHA256 keyed with timestamp + "\\n" + secret over nothing)', () => {
    assert.equal(feishuSign(FEISHU_VECTOR.timestamp, FEISHU_VECTOR.secret), FEISHU_VECTOR.sign);
  });

  test('webhook v1: lowercase hex HMAC-SHA256 of `${t}.${rawBody}`', () => {
    assert.equal(
      webhookSignature(WEBHOOK_VECTOR.timestamp, WEBHOOK_VECTOR.rawBody, WEBHOOK_VECTOR.secret),
      WEBHOOK_VECTOR.v1,
    );
  });
});

// ---- over HTTP ----

const opened: VendorReceiver[] = [];
after(async () => {
  await Promise.all(opened.map((receiver) => receiver.close()));
});

/** A receiver on free ports with its own clock, closed after the file's tests. */
async function receiverAt(startMs: number, options: VendorReceiverOptions = {}) {
  const clock = { now: startMs };
  const receiver = await startVendorReceiver({ smtp: false, now: () => clock.now, ...options });
  opened.push(receiver);
  return { receiver, clock };
}

interface Answer {
  status: number;
  json: Record<string, unknown> | undefined;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const T0 = Date.parse('2026-12-01T02:00:00Z');

describe('WeCom group robot', () => {
  test('accepts text and markdown, reads mentioned_mobile_list and the content', async () => {
    const { receiver } = await receiverAt(T0, { robots: [{ kind: 'wecom', token: 'k1', label: '国土局' }] });
    const url = receiver.endpointFor('wecom', 'k1');
    const text = await post(url, {
      msgtype: 'text',
      text: { content: '项目受阻', mentioned_list: ['wangqing'], mentioned_mobile_list: ['13800001111'] },
    });
    assert.deepEqual(text, { status: 200, json: { errcode: 0, errmsg: 'ok' } });
    const markdown = await post(url, { msgtype: 'markdown', markdown: { content: '**已升级**' } });
    assert.equal(markdown.json?.errcode, 0);
    const [first, second] = receiver.messages({ kind: 'wecom' });
    assert.deepEqual(
      [first.seq, first.accepted, first.code, first.mentions, first.text],
      [1, true, 0, ['13800001111'], '项目受阻'],
    );
    assert.equal(first.query.key, 'k1');
    assert.equal(second.text, '**已升级**');
  });

  test('refuses an unknown key (93000), content over 2048 / 4096 bytes (40058), a bad msgtype (40008)', async () => {
    const { receiver } = await receiverAt(T0, { robots: [{ kind: 'wecom', token: 'k1' }] });
    const url = receiver.endpointFor('wecom', 'k1');
    const unknown = await post(receiver.endpointFor('wecom', 'nope'), { msgtype: 'text', text: { content: 'x' } });
    assert.equal(unknown.json?.errcode, 93000);
    assert.match(String(unknown.json?.errmsg), /^invalid webhook url/);
    // 683 × '中' = 2049 bytes of UTF-8 although only 683 characters
    const tooLong = await post(url, { msgtype: 'text', text: { content: '中'.repeat(683) } });
    assert.equal(tooLong.json?.errcode, 40058);
    assert.match(String(tooLong.json?.errmsg), /text\.content exceed max length 2048/);
    const exactly = await post(url, { msgtype: 'text', text: { content: 'a'.repeat(2048) } });
    assert.equal(exactly.json?.errcode, 0);
    const markdown = await post(url, { msgtype: 'markdown', markdown: { content: 'a'.repeat(4097) } });
    assert.equal(markdown.json?.errcode, 40058);
    const badType = await post(url, { msgtype: 'telegram', telegram: {} });
    assert.equal(badType.json?.errcode, 40008);
    const mentions = await post(url, { msgtype: 'text', text: { content: 'x', mentioned_mobile_list: '13800001111' } });
    assert.equal(mentions.json?.errcode, 40035);
    assert.deepEqual(
      receiver.messages().map((m) => [m.accepted, m.code]),
      [
        [false, 93000],
        [false, 40058],
        [true, 0],
        [false, 40058],
        [false, 40008],
        [false, 40035],
      ],
    );
  });

  test('20 messages a minute per robot, then 45009 until the window slides', async () => {
    const { receiver, clock } = await receiverAt(T0, { robots: [{ kind: 'wecom', token: 'k1' }] });
    const url = receiver.endpointFor('wecom', 'k1');
    const send = () => post(url, { msgtype: 'text', text: { content: 'x' } });
    for (let i = 0; i < 20; i++) {
      clock.now = T0 + i * 1000;
      assert.equal((await send()).json?.errcode, 0, `message ${i + 1}`);
    }
    assert.equal((await send()).json?.errcode, 45009);
    clock.now = T0 + 60_000; // the first message leaves the window
    assert.equal((await send()).json?.errcode, 0);
    assert.equal((await send()).json?.errcode, 45009);
  });
});

describe('DingTalk custom robot', () => {
  const robot = { kind: 'dingtalk' as const, token: 'ding1', secret: DINGTALK_VECTOR.secret };
  const signed = (
    receiver: VendorReceiver,
    sign = DINGTALK_VECTOR.signUrlEncoded,
    timestamp = DINGTALK_VECTOR.timestamp,
  ) => `${receiver.endpointFor('dingtalk', 'ding1')}&timestamp=${timestamp}&sign=${sign}`;
  const text = { msgtype: 'text', text: { content: '请处理' }, at: { atMobiles: ['13900002222'], isAtAll: false } };
  const start = Number(DINGTALK_VECTOR.timestamp) + 1000;

  test('accepts the sign of the doc’s sample and reads at.atMobiles; markdown and actionCard too', async () => {
    const { receiver } = await receiverAt(start, { robots: [robot] });
    assert.deepEqual(await post(signed(receiver), text), { status: 200, json: { errcode: 0, errmsg: 'ok' } });
    const markdown = await post(signed(receiver), {
      msgtype: 'markdown',
      markdown: { title: '升级', text: '### 已升级' },
    });
    assert.equal(markdown.json?.errcode, 0);
    const card = await post(signed(receiver), { msgtype: 'actionCard', actionCard: { title: '卡', text: '卡片正文' } });
    assert.equal(card.json?.errcode, 0);
    assert.deepEqual(
      receiver.messages().map((m) => [m.text, m.mentions]),
      [
        ['请处理', ['13900002222']],
        ['### 已升级', []],
        ['卡片正文', []],
      ],
    );
  });

  test('refuses a wrong sign and a stale timestamp with 310000, an unknown token with 300001', async () => {
    const { receiver, clock } = await receiverAt(start, { robots: [robot] });
    const wrong = await post(
      signed(receiver, encodeURIComponent(dingtalkSign(DINGTALK_VECTOR.timestamp, 'SECother'))),
      text,
    );
    assert.equal(wrong.json?.errcode, 310000);
    assert.match(String(wrong.json?.errmsg), /^sign not match/);
    // a sign sent without URL encoding turns its '+' into a space and no longer matches
    assert.equal((await post(signed(receiver, DINGTALK_VECTOR.sign), text)).json?.errcode, 310000);
    assert.equal((await post(receiver.endpointFor('dingtalk', 'ding1'), text)).json?.errcode, 310000);
    clock.now = Number(DINGTALK_VECTOR.timestamp) + 60 * 60 * 1000 + 1;
    const stale = await post(signed(receiver), text);
    assert.equal(stale.json?.errcode, 310000);
    assert.match(String(stale.json?.errmsg), /^invalid timestamp/);
    const unknown = await post(receiver.endpointFor('dingtalk', 'other'), text);
    assert.deepEqual(unknown.json, { errcode: 300001, errmsg: 'token is not exist' });
    const notJson = await post(signed(receiver), 'not json');
    assert.equal(notJson.json?.errcode, 310000); // still stale: the signature is checked first
    assert.equal(receiver.messages({ accepted: true }).length, 0);
  });

  test('20 a minute, then 130101 and blocked for 10 minutes, every message refused meanwhile', async () => {
    const { receiver, clock } = await receiverAt(T0, { robots: [{ kind: 'dingtalk', token: 'd2' }] });
    const url = receiver.endpointFor('dingtalk', 'd2');
    const send = () => post(url, { msgtype: 'text', text: { content: 'x' } });
    for (let i = 0; i < 20; i++) assert.equal((await send()).json?.errcode, 0, `message ${i + 1}`);
    const limited = await send();
    assert.deepEqual(limited.json, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
    clock.now = T0 + 5 * 60_000; // the minute has passed, the block has not
    assert.equal((await send()).json?.errcode, 130101);
    clock.now = T0 + 10 * 60_000 + 1;
    assert.equal((await send()).json?.errcode, 0);
  });

  test('the block lasts blockMs when configured', async () => {
    const { receiver, clock } = await receiverAt(T0, {
      robots: [{ kind: 'dingtalk', token: 'd3' }],
      limits: { dingtalk: { perMinute: 2, blockMs: 5000 } },
    });
    const url = receiver.endpointFor('dingtalk', 'd3');
    const send = async () => (await post(url, { msgtype: 'text', text: { content: 'x' } })).json?.errcode;
    assert.deepEqual([await send(), await send(), await send()], [0, 0, 130101]);
    clock.now = T0 + 4999;
    assert.equal(await send(), 130101);
    clock.now = T0 + 60_000;
    assert.equal(await send(), 0);
  });
});

describe('Feishu custom bot', () => {
  const robot = { kind: 'feishu' as const, token: 'hook-1', secret: FEISHU_VECTOR.secret };
  const start = Number(FEISHU_VECTOR.timestamp) * 1000 + 5000;
  const signedText = (text: string) => ({
    timestamp: FEISHU_VECTOR.timestamp,
    sign: FEISHU_VECTOR.sign,
    msg_type: 'text',
    content: { text },
  });

  test('accepts the sign of the doc’s sample; answers code 0 "success"; reads <at user_id> mentions', async () => {
    const { receiver } = await receiverAt(start, { robots: [robot] });
    const url = receiver.endpointFor('feishu', 'hook-1');
    const answer = await post(url, signedText('<at user_id="ou_111">张三</at> 请处理'));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, {
      code: 0,
      msg: 'success',
      data: {},
      Extra: null,
      StatusCode: 0,
      StatusMessage: 'success',
    });
    const card = await post(url, {
      timestamp: FEISHU_VECTOR.timestamp,
      sign: FEISHU_VECTOR.sign,
      msg_type: 'interactive',
      card: {
        header: { title: { tag: 'plain_text', content: '问题已升级' } },
        elements: [{ tag: 'div', text: { tag: 'lark_md', content: '<at id=ou_222></at> 请在今天处理' } }],
      },
    });
    assert.equal(card.json?.code, 0);
    const [first, second] = receiver.messages({ kind: 'feishu' });
    assert.deepEqual(first.mentions, ['ou_111']);
    assert.equal(first.text, '<at user_id="ou_111">张三</at> 请处理');
    assert.deepEqual(second.mentions, ['ou_222']);
    assert.equal(second.text, '问题已升级\n<at id=ou_222></at> 请在今天处理');
  });

  test('refuses a wrong sign or a timestamp over an hour off (19021), an unknown hook (19001), over 20 KB (9499)', async () => {
    const { receiver, clock } = await receiverAt(start, { robots: [robot] });
    const url = receiver.endpointFor('feishu', 'hook-1');
    const wrong = await post(url, { ...signedText('x'), sign: feishuSign(FEISHU_VECTOR.timestamp, 'other') });
    assert.deepEqual(wrong.json, {
      code: 19021,
      msg: 'sign match fail or timestamp is not within one hour from current time',
      data: {},
    });
    clock.now = (Number(FEISHU_VECTOR.timestamp) + 3601) * 1000;
    assert.equal((await post(url, signedText('x'))).json?.code, 19021);
    clock.now = start;
    const unknown = await post(receiver.endpointFor('feishu', 'nope'), { msg_type: 'text', content: { text: 'x' } });
    assert.equal(unknown.json?.code, 19001);
    const big = await post(url, signedText('a'.repeat(20 * 1024)));
    assert.deepEqual([big.status, big.json?.code, big.json?.msg], [400, 9499, 'Bad Request']);
    assert.equal((await post(url, signedText('a'.repeat(20 * 1024 - 200)))).json?.code, 0);
  });

  test('5 a second and 100 a minute per bot, then 9499 "too many request"', async () => {
    const { receiver, clock } = await receiverAt(T0, { robots: [{ kind: 'feishu', token: 'f2' }] });
    const url = receiver.endpointFor('feishu', 'f2');
    const send = async () => (await post(url, { msg_type: 'text', content: { text: 'x' } })).json;
    for (let i = 0; i < 5; i++) assert.equal((await send())?.code, 0);
    assert.deepEqual(await send(), { code: 9499, msg: 'too many request', data: {} });
    // 5 a second for 20 seconds is 100 in the minute
    for (let second = 1; second < 20; second++) {
      clock.now = T0 + second * 1000;
      for (let i = 0; i < 5; i++) assert.equal((await send())?.code, 0, `second ${second}, message ${i + 1}`);
    }
    clock.now = T0 + 20_000;
    assert.equal((await send())?.code, 9499, 'the 101st in the minute');
    clock.now = T0 + 60_000;
    assert.equal((await send())?.code, 0, 'the first second left the window');
    assert.equal(receiver.messages({ accepted: true }).length, 101);
  });
});

describe('the product’s signed webhook', () => {
  const robot = { kind: 'webhook' as const, token: 'ops', secret: WEBHOOK_VECTOR.secret };
  const start = Number(WEBHOOK_VECTOR.timestamp) * 1000 + 10_000;
  const headers = (overrides: Record<string, string> = {}) => ({
    'X-Unblock-Event-Id': 'evt_1',
    'X-Unblock-Timestamp': WEBHOOK_VECTOR.timestamp,
    'X-Unblock-Signature': `t=${WEBHOOK_VECTOR.timestamp},v1=${WEBHOOK_VECTOR.v1}`,
    ...overrides,
  });

  test('accepts the OpenSSL-computed signature with 204 and reads body.text', async () => {
    const { receiver } = await receiverAt(start, { robots: [robot] });
    const answer = await post(receiver.endpointFor('webhook', 'ops'), WEBHOOK_VECTOR.rawBody, headers());
    assert.deepEqual(answer, { status: 204, json: undefined });
    const [message] = receiver.messages();
    assert.deepEqual([message.accepted, message.code, message.text], [true, 0, 'Hi']);
    assert.equal(message.headers['x-unblock-event-id'], 'evt_1');
  });

  test('refuses missing, garbled and wrong signatures and a timestamp over 300 s off with 401', async () => {
    const { receiver, clock } = await receiverAt(start, { robots: [robot] });
    const url = receiver.endpointFor('webhook', 'ops');
    const statusOf = async (h: Record<string, string>, body = WEBHOOK_VECTOR.rawBody) =>
      (await post(url, body, h)).status;
    const { 'X-Unblock-Signature': _omitted, ...unsigned } = headers();
    assert.equal(await statusOf(unsigned), 401);
    assert.equal(await statusOf(headers({ 'X-Unblock-Signature': 'v1=abc' })), 401);
    assert.equal(
      await statusOf(headers({ 'X-Unblock-Signature': `t=${WEBHOOK_VECTOR.timestamp},v1=${'0'.repeat(64)}` })),
      401,
    );
    assert.equal(
      await statusOf(headers(), WEBHOOK_VECTOR.rawBody.replace('Hi', 'Ho')),
      401,
      'body changed after signing',
    );
    clock.now = (Number(WEBHOOK_VECTOR.timestamp) + 301) * 1000;
    assert.equal(await statusOf(headers()), 401);
    clock.now = start;
    assert.equal(await statusOf(headers({ 'X-Unblock-Event-Id': 'evt_2' })), 400, 'id differs from the header');
    assert.equal((await post(receiver.endpointFor('webhook', 'nope'), WEBHOOK_VECTOR.rawBody, headers())).status, 404);
    assert.deepEqual(
      receiver.messages().map((m) => m.code),
      [401, 401, 401, 401, 401, 400, 404],
    );
  });

  test('a body without a string type is refused even when correctly signed', async () => {
    const { receiver } = await receiverAt(start, { robots: [robot] });
    const raw = '{"id":"evt_1"}';
    const v1 = webhookSignature(WEBHOOK_VECTOR.timestamp, raw, WEBHOOK_VECTOR.secret);
    const answer = await post(
      receiver.endpointFor('webhook', 'ops'),
      raw,
      headers({ 'X-Unblock-Signature': `t=${WEBHOOK_VECTOR.timestamp},v1=${v1}` }),
    );
    assert.equal(answer.status, 400);
  });
});

describe('failure modes', () => {
  const text = { msgtype: 'text', text: { content: 'x' } };

  test('http500 and rateLimited answer the next requests, then the robot answers normally', async () => {
    const { receiver } = await receiverAt(T0, {
      robots: [
        { kind: 'wecom', token: 'k' },
        { kind: 'feishu', token: 'f' },
      ],
    });
    receiver.fail('wecom', 'k', { mode: 'http500', count: 2 });
    receiver.fail('wecom', 'k', { mode: 'rateLimited', count: 1 });
    receiver.fail('feishu', 'f', { mode: 'rateLimited', count: 1 });
    const url = receiver.endpointFor('wecom', 'k');
    for (let i = 0; i < 2; i++) {
      const answer = await fetch(url, { method: 'POST', body: JSON.stringify(text) });
      assert.deepEqual([answer.status, await answer.text()], [500, 'Internal Server Error']);
    }
    assert.equal((await post(url, text)).json?.errcode, 45009);
    assert.equal((await post(url, text)).json?.errcode, 0);
    const feishu = await post(receiver.endpointFor('feishu', 'f'), { msg_type: 'text', content: { text: 'x' } });
    assert.deepEqual([feishu.status, feishu.json?.code], [200, 9499]);
    assert.deepEqual(
      receiver.messages().map((m) => [m.kind, m.status, m.code, m.accepted]),
      [
        ['wecom', 500, 500, false],
        ['wecom', 500, 500, false],
        ['wecom', 200, 45009, false],
        ['wecom', 200, 0, true],
        ['feishu', 200, 9499, false],
      ],
    );
  });

  test('slow answers late but normally; hang records and answers on release; down drops the socket unrecorded', async () => {
    const { receiver } = await receiverAt(T0, { robots: [{ kind: 'dingtalk', token: 'd' }] });
    const url = receiver.endpointFor('dingtalk', 'd');
    receiver.fail('dingtalk', 'd', { mode: 'slow', delayMs: 150, count: 1 });
    const startedAt = performance.now();
    const slow = await post(url, text);
    assert.equal(slow.json?.errcode, 0);
    assert.ok(performance.now() - startedAt >= 140, 'answered after the delay');

    receiver.fail('dingtalk', 'd', { mode: 'hang', count: 1 });
    let answered = false;
    const hung = post(url, text).then((answer) => {
      answered = true;
      return answer;
    });
    await receiver.waitFor((all) => all.length === 2, 2000);
    assert.equal(answered, false);
    assert.equal(receiver.messages()[1].accepted, true);
    receiver.release();
    assert.deepEqual((await hung).json, { errcode: 0, errmsg: 'ok' });

    receiver.fail('dingtalk', 'd', { mode: 'down', count: 1 });
    await assert.rejects(post(url, text));
    assert.equal(receiver.messages().length, 2, 'a dropped request is not recorded');
    assert.equal((await post(url, text)).json?.errcode, 0);
  });

  test('close answers a hung request', async () => {
    const receiver = await startVendorReceiver({ smtp: false, robots: [{ kind: 'webhook', token: 'w' }] });
    receiver.fail('webhook', 'w', { mode: 'hang', count: 1 });
    const hung = fetch(receiver.endpointFor('webhook', 'w'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Unblock-Event-Id': 'e1' },
      body: '{"id":"e1","type":"t"}',
    });
    await receiver.waitFor((all) => all.length === 1, 2000);
    await receiver.close();
    assert.equal((await hung).status, 204);
  });
});

describe('the receiver', () => {
  test('acceptUnknownTokens registers a token on first use; filters; waitFor times out with a clear message', async () => {
    const { receiver } = await receiverAt(T0, { acceptUnknownTokens: true });
    assert.equal(
      (await post(receiver.endpointFor('wecom', 'new'), { msgtype: 'text', text: { content: 'x' } })).json?.errcode,
      0,
    );
    const ding = await post(receiver.endpointFor('dingtalk', 'new'), { msgtype: 'text', text: { content: 'y' } });
    assert.equal(ding.json?.errcode, 0);
    assert.equal(receiver.messages({ kind: 'dingtalk', token: 'new', accepted: true }).length, 1);
    await assert.rejects(
      receiver.waitFor((all) => all.length > 5, 50),
      /did not hold within 50 ms; 2 message\(s\) received/,
    );
    receiver.clear();
    assert.deepEqual(receiver.messages(), []);
  });

  test('the page lists the messages newest first, escaped, refreshing every 3 s; /messages.json returns them', async () => {
    const { receiver } = await receiverAt(T0, { robots: [{ kind: 'wecom', token: 'k', label: '<b>规划局</b>' }] });
    await post(receiver.endpointFor('wecom', 'k'), { msgtype: 'text', text: { content: '第一条' } });
    await post(receiver.endpointFor('wecom', 'k'), { msgtype: 'text', text: { content: '<script>alert(1)</script>' } });
    const page = await (await fetch(receiver.url)).text();
    assert.match(page, /<meta http-equiv="refresh" content="3">/);
    assert.match(page, /本地接收端/);
    assert.match(page, /企业微信/);
    assert.ok(!page.includes('<script>'));
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('&lt;b&gt;规划局&lt;/b&gt;'));
    assert.ok(page.indexOf('alert(1)') < page.indexOf('第一条'), 'newest first');
    const listed = (await (await fetch(`${receiver.url}/messages.json`)).json()) as { text: string }[];
    assert.deepEqual(
      listed.map((m) => m.text),
      ['第一条', '<script>alert(1)</script>'],
    );
  });
});
