// The console's pure parts of notices (apps/web/src/logic/notices.ts, channel-form.ts, sse.ts): read marks applied to the bell's list,
// what 全部标为已读 covers, the `inbox` event read, settled deliveries, and the channel form's field errors in words
// — cross-checked against the API's own rules (apps/api/src/notices/channel-rules.ts) and the domain's lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHANNEL_KINDS, CHANNEL_LIMITS } from '@unblock/domain';
import { DELIVERY_STATUSES } from '@unblock/persistence';
import {
  endpointError,
  perMinuteError,
  secretError,
  SECRET_MIN_LENGTH,
  SECRET_REFUSED,
  SECRET_REQUIRED,
} from '../../apps/api/src/notices/channel-rules';
import * as web from '../../apps/web/src/api/types';
import { homePageOf } from '../../apps/web/src/logic/issue-actions';
import { channelFieldMessage, channelFormErrors, secretNeed } from '../../apps/web/src/logic/channel-form';
import { deliveryResult, isSettled } from '../../apps/web/src/logic/deliveries';
import { applyReadMark, readAllBefore } from '../../apps/web/src/logic/notices';
import { parseInboxRead } from '../../apps/web/src/logic/sse';

const notice = (id: string, createdAt: string, readAt: string | null = null) => ({ id, createdAt, readAt });

describe('read marks', () => {
  const items = [
    notice('n3', '2026-12-02T03:00:00.000Z'),
    notice('n2', '2026-12-02T02:00:00.000Z'),
    notice('n1', '2026-12-02T01:00:00.000Z', '2026-12-02T01:30:00.000Z'),
  ];

  test('one notice: only it is marked; one read before keeps its time', () => {
    const marked = applyReadMark(items, { notificationId: 'n2', marked: 1, at: '2026-12-02T04:00:00.000Z' });
    assert.deepEqual(
      marked.map((n) => n.readAt),
      [null, '2026-12-02T04:00:00.000Z', '2026-12-02T01:30:00.000Z'],
    );
    const again = applyReadMark(items, { notificationId: 'n1', marked: 0, at: '2026-12-02T05:00:00.000Z' });
    assert.equal(again[2].readAt, '2026-12-02T01:30:00.000Z');
  });

  test('all up to `before`: what came later stays unread; without `before`, up to `at`', () => {
    const upTo = applyReadMark(items, { marked: 1, before: '2026-12-02T02:00:00.000Z', at: '2026-12-02T04:00:00Z' });
    assert.deepEqual(
      upTo.map((n) => !!n.readAt),
      [false, true, true],
    );
    const all = applyReadMark(items, { marked: 2, at: '2026-12-02T04:00:00.000Z' });
    assert.ok(all.every((n) => n.readAt));
  });

  test('全部标为已读 covers the newest notice shown, and nothing when none was', () => {
    assert.equal(readAllBefore(items), '2026-12-02T03:00:00.000Z');
    assert.equal(
      readAllBefore([notice('a', '2026-12-02T01:00:00Z'), notice('b', '2026-12-02T09:00:00+08:00')]),
      '2026-12-02T01:00:00.000Z',
    );
    assert.equal(readAllBefore([]), undefined);
  });

  test('the inbox event: one, or all up to an instant; anything else is not one', () => {
    assert.deepEqual(parseInboxRead('{"notificationId":"n1","marked":1,"at":"2026-12-02T04:00:00.000Z"}'), {
      notificationId: 'n1',
      marked: 1,
      at: '2026-12-02T04:00:00.000Z',
    });
    assert.deepEqual(parseInboxRead('{"marked":3,"before":"2026-12-02T03:00:00.000Z","at":"2026-12-02T04:00:00Z"}'), {
      marked: 3,
      before: '2026-12-02T03:00:00.000Z',
      at: '2026-12-02T04:00:00Z',
    });
    for (const bad of ['', 'null', '{}', '{"marked":"1","at":"x"}', '{"marked":1}', '{"marked":1,"at":"x","before":1}'])
      assert.equal(parseInboxRead(bad), undefined, bad);
  });
});

describe('channels', () => {
  test("the console's lists and limits are the domain's", () => {
    assert.deepEqual([...web.CHANNEL_KINDS], [...CHANNEL_KINDS]);
    assert.deepEqual([...web.DELIVERY_STATUSES], [...DELIVERY_STATUSES]);
    for (const kind of CHANNEL_KINDS) assert.equal(web.CHANNEL_PER_MINUTE[kind], CHANNEL_LIMITS[kind].perMinute, kind);
    assert.equal(web.SECRET_MIN_LENGTH, SECRET_MIN_LENGTH);
  });

  test("which kinds need a secret is the API's rule", () => {
    for (const kind of CHANNEL_KINDS) {
      const need = secretNeed(kind);
      assert.equal(need === 'required', SECRET_REQUIRED.includes(kind), kind);
      assert.equal(need === 'refused', SECRET_REFUSED.includes(kind), kind);
      // and the API agrees: without one, a required kind is refused; with one, a refused kind is
      assert.equal(secretError(kind, undefined) !== undefined, need === 'required', kind);
      assert.equal(secretError(kind, 'a-long-secret') !== undefined, need === 'refused', kind);
    }
  });

  test("the API's field errors in words, on their fields", () => {
    const wecom = endpointError('wecom', 'http://127.0.0.1:9/cgi-bin/webhook/send');
    assert.ok(wecom);
    assert.match(channelFieldMessage(wecom, 'wecom', 'zh-CN'), /key 参数/);
    assert.match(channelFieldMessage(wecom, 'wecom', 'en'), /carry its key/);
    const dingtalk = endpointError('dingtalk', 'https://oapi.dingtalk.com/robot/send');
    assert.match(channelFieldMessage(dingtalk!, 'dingtalk', 'zh-CN'), /access_token/);
    assert.match(channelFieldMessage(endpointError('webhook', 'ftp://x')!, 'webhook', 'zh-CN'), /http\(s\)/);
    assert.match(channelFieldMessage(endpointError('email', 'not-an-address')!, 'email', 'zh-CN'), /邮箱地址/);
    assert.match(
      channelFieldMessage(endpointError('webhook', 'https://u:p@x.example/')!, 'webhook', 'zh-CN'),
      /用户名或密码/,
    );
    assert.match(channelFieldMessage(perMinuteError('wecom', 50)!, 'wecom', 'zh-CN'), /每分钟 20 条/);
    assert.match(channelFieldMessage(secretError('webhook', undefined)!, 'webhook', 'zh-CN'), /必须设置签名密钥/);
    assert.match(channelFieldMessage(secretError('wecom', 'a-long-secret')!, 'wecom', 'zh-CN'), /不使用密钥/);

    const { fields, unplaced } = channelFormErrors(
      {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        errors: [wecom, { field: 'secret', rule: 'isLength', message: 'secret must be longer than or equal to 8' }],
      },
      'wecom',
      'zh-CN',
    );
    assert.deepEqual(Object.keys(fields).sort(), ['endpoint', 'secret']);
    assert.match(fields.secret![0], /8–256/);
    assert.equal(unplaced, false);
    // an error naming no field of the form, or none at all, is shown as a whole
    assert.equal(
      channelFormErrors(
        { type: '/problems/validation', title: 'x', status: 400, errors: [{ field: 'body', rule: 'x', message: 'm' }] },
        'wecom',
        'zh-CN',
      ).unplaced,
      true,
    );
    assert.equal(
      channelFormErrors({ type: '/problems/conflict', title: 'x', status: 409 }, 'wecom', 'zh-CN').unplaced,
      true,
    );
  });

  test('a delivery is settled once sent, failed or cancelled', () => {
    assert.deepEqual(
      DELIVERY_STATUSES.filter((s) => isSettled(s)),
      ['sent', 'failed', 'cancelled'],
    );
  });

  test("a delivery's last result in words; a vendor's own text kept as detail", () => {
    assert.deepEqual(deliveryResult('no answer', 'bad port', 'zh-CN'), {
      status: '无应答',
      error: '该端口不允许连接（Fetch 标准禁用的端口），请更换地址',
    });
    assert.deepEqual(deliveryResult('econnrefused', 'connect ECONNREFUSED 127.0.0.1:9', 'zh-CN'), {
      status: '连接被拒绝',
      detail: 'connect ECONNREFUSED 127.0.0.1:9',
    });
    assert.deepEqual(deliveryResult('http 500', 'Internal Server Error', 'en'), {
      status: 'HTTP 500',
      detail: 'Internal Server Error',
    });
    assert.deepEqual(deliveryResult('errcode 45009', null, 'zh-CN'), { status: '平台错误码 45009' });
    assert.deepEqual(deliveryResult(null, 'the channel was disabled', 'zh-CN'), { error: '渠道已停用' });
    assert.deepEqual(deliveryResult('ok', null, 'en'), { status: 'OK' });
    assert.deepEqual(deliveryResult(null, null, 'zh-CN'), {});
  });

  test('an administrator lands on 通知渠道', () => {
    assert.equal(homePageOf({ roles: ['administrator'] }), 'admin/channels');
  });
});
