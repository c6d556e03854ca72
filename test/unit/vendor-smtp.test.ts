// The local receiver's SMTP server (apps/receiver/src/smtp.ts): mail sent with nodemailer arrives parsed, with and
// without AUTH; a message over 10 MB is refused with 552 and a recipient that is no
// mailbox with 553.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { startVendorReceiver, type VendorReceiver } from '../../apps/receiver/src/vendor-receiver';

const opened: VendorReceiver[] = [];
after(async () => {
  await Promise.all(opened.map((receiver) => receiver.close()));
});

function transportTo(receiver: VendorReceiver, auth?: { user: string; pass: string }) {
  const url = new URL(receiver.smtpUrl ?? 'smtp://missing');
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    ignoreTLS: true,
    ...(auth ? { auth } : {}),
  });
}

describe('SMTP', () => {
  test('receives a mail without AUTH and records from, to, subject, text and html', async () => {
    const receiver = await startVendorReceiver();
    opened.push(receiver);
    assert.match(receiver.smtpUrl ?? '', /^smtp:\/\/127\.0\.0\.1:\d+$/);
    const transport = transportTo(receiver);
    await transport.sendMail({
      from: 'Unblock <noreply@unblock.example>',
      to: 'leader@zone.example, staff@zone.example',
      subject: '问题已升级：IS-7',
      text: '请在今天处理。',
      html: '<p>请在今天处理。</p>',
    });
    transport.close();
    const [mail] = receiver.messages({ kind: 'email' });
    assert.deepEqual(
      [mail.token, mail.accepted, mail.status, mail.code, mail.text],
      ['leader@zone.example', true, 250, 0, '请在今天处理。'],
    );
    assert.deepEqual(mail.body, {
      from: '"Unblock" <noreply@unblock.example>',
      to: ['leader@zone.example', 'staff@zone.example'],
      subject: '问题已升级：IS-7',
      text: '请在今天处理。',
      html: '<p>请在今天处理。</p>',
    });
  });

  test('requires AUTH when configured: the right password delivers, a wrong one is refused', async () => {
    const auth = { user: 'unblock', pass: 's3cret' };
    const receiver = await startVendorReceiver({ smtpAuth: auth });
    opened.push(receiver);
    const good = transportTo(receiver, auth);
    await good.sendMail({ from: 'noreply@unblock.example', to: 'a@zone.example', subject: 's', text: 'authed' });
    good.close();
    const bad = transportTo(receiver, { user: 'unblock', pass: 'wrong' });
    await assert.rejects(bad.sendMail({ from: 'noreply@unblock.example', to: 'a@zone.example', text: 'x' }), /535/);
    bad.close();
    const anonymous = transportTo(receiver);
    await assert.rejects(
      anonymous.sendMail({ from: 'noreply@unblock.example', to: 'a@zone.example', text: 'x' }),
      /530/,
    );
    anonymous.close();
    assert.deepEqual(
      receiver.messages({ kind: 'email' }).map((m) => m.text.trim()),
      ['authed'],
    );
  });

  test('refuses a message over 10 MB with 552 and an invalid recipient with 553, recording both', async () => {
    const receiver = await startVendorReceiver();
    opened.push(receiver);
    const transport = transportTo(receiver);
    await assert.rejects(
      transport.sendMail({
        from: 'noreply@unblock.example',
        to: 'a@zone.example',
        text: 'x'.repeat(10 * 1024 * 1024 + 1),
      }),
      /552/,
    );
    await assert.rejects(
      transport.sendMail({
        envelope: { from: 'noreply@unblock.example', to: ['someone@nowhere'] },
        raw: 'Subject: x\r\n\r\nx',
      }),
      /553/,
    );
    // an address that is not even SMTP syntax is refused by the protocol layer (501) before it is looked at
    await assert.rejects(
      transport.sendMail({ envelope: { from: 'noreply@unblock.example', to: ['a..b@zone.example'] }, raw: 'x' }),
      /501/,
    );
    transport.close();
    assert.deepEqual(
      receiver.messages({ kind: 'email' }).map((m) => [m.token, m.accepted, m.status]),
      [
        ['a@zone.example', false, 552],
        ['someone@nowhere', false, 553],
      ],
    );
  });
});
