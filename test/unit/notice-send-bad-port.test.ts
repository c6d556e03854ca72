// A robot or webhook URL on a port fetch refuses to connect to (the Fetch standard's blocked ports, 9 among them)
// fails before anything is sent: a plain failure, never "no answer" (which would flag a resend as a possible
// duplicate).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendMessage } from '@unblock/activities';

test('a blocked port is a failure before sending, not an ambiguous one', async () => {
  const outcome = await sendMessage(
    { kind: 'wecom', endpoint: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=demo1234', secret: null },
    { heading: '【测试】', text: '【测试】测试消息', mentions: [], subject: '测试' },
    'test:1',
    { timeoutMs: 2_000, mailFrom: 'unblock@zone.example' },
  );
  assert.equal(outcome.outcome, 'failed');
  assert.equal(outcome.status, 'bad port');
});
