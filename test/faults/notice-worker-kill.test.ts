// Fault: the worker process dies (SIGKILL) in the middle of sending a notice message, on servers of the test's own
// and a local receiver that takes the message and never answers (as a vendor that posted it but whose answer was
// lost). A new worker finishes the channel's deliveries: everything arrives, and the only notices that arrive twice
// are those of the message in flight when the worker died, marked ambiguous, resent as such and logged.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  startVendorReceiver,
  type ReceivedMessage,
  type VendorReceiver,
} from '../../apps/receiver/src/vendor-receiver';
import { FaultStack } from '../support/fault-stack';
import { eventually } from '../support/test-stack';

function noticesIn(message: ReceivedMessage): number {
  const digest = message.text.match(/【(\d+)条新通知】/);
  return digest ? Number(digest[1]) : 1;
}

describe('fault: the worker is killed mid-delivery', () => {
  let stack: FaultStack;
  let receiver: VendorReceiver;
  before(async () => {
    stack = await FaultStack.start();
    receiver = await startVendorReceiver({ smtp: false });
  });
  after(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  test('a worker SIGKILLed while a message is in flight: a new worker sends the rest, and resends only that message, logged as a possible duplicate', async () => {
    const token = `wecom-${randomUUID()}`;
    receiver.addRobot({ kind: 'wecom', token });
    await stack.rows(
      `INSERT INTO notice_channels (id, kind, name, department_id, endpoint) VALUES ('ch_kill', 'wecom', '市政公用局群', 'utilities', $1)`,
      [receiver.endpointFor('wecom', token)],
    );
    receiver.fail('wecom', token, { mode: 'hang', count: 1 });
    const first = await stack.startWorker();
    await stack.file({ title: `投递中断 ${randomUUID()}` });
    await receiver.waitFor((all) => all.some((message) => message.token === token), 60_000);
    const [inFlight] = await stack.rows(
      `SELECT id, notices FROM notice_messages WHERE channel_id = 'ch_kill' AND outcome = 'sending'`,
    );
    assert.ok(inFlight, 'the message is on record as being sent');
    await first.kill();
    receiver.release();

    const second = await stack.startWorker();
    let last = -1;
    let stableSince = Date.now();
    const rows = await eventually(
      async () => {
        const all = await stack.rows(
          `SELECT id, status, ambiguous, attempts FROM notice_deliveries WHERE channel_id = 'ch_kill'`,
        );
        if (all.length !== last) {
          last = all.length;
          stableSince = Date.now();
          return undefined;
        }
        return all.length >= 4 && all.every((row) => row.status === 'sent') && Date.now() - stableSince > 5_000
          ? all
          : undefined;
      },
      120_000,
      'every delivery sent by the new worker',
    );
    const ambiguous = rows.filter((row) => row.ambiguous);
    assert.equal(
      ambiguous.length,
      inFlight.notices,
      'the notices of the message in flight, and only those, are marked',
    );
    const messages = await stack.rows(
      `SELECT outcome, resend FROM notice_messages WHERE channel_id = 'ch_kill' ORDER BY started_at`,
    );
    assert.deepEqual(
      messages.filter((message) => message.outcome !== 'sent').map((message) => message.outcome),
      ['ambiguous'],
      'the killed attempt is on record as ambiguous; every other message was sent',
    );
    assert.equal(messages.filter((message) => message.resend).length, 1, 'one resend');
    const received = receiver.messages({ token }).filter((message) => message.accepted);
    assert.equal(
      received.reduce((sum, message) => sum + noticesIn(message), 0),
      rows.length + ambiguous.length,
      'every notice arrived once, those in flight twice',
    );
    assert.match(second.log(), /possible duplicate/, 'the resend is logged as a possible duplicate');
  });
});
