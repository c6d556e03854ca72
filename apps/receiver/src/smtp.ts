// A loopback SMTP server (smtp-server) standing in for the mail relay: optional AUTH PLAIN / LOGIN, the SIZE limit
// of 10 MB (RFC 1870: a message over the limit is refused with 552), and recipients that are not mailbox addresses
// refused at RCPT TO (RFC 5321 §4.2.2: 553 mailbox name not allowed). Each message is parsed with mailparser.
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export const SMTP_MAX_BYTES = 10 * 1024 * 1024;
const MAILBOX = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export interface ReceivedMail {
  accepted: boolean;
  status: number;
  error?: string;
  to: string[];
  body: { from: string; to: string[]; subject: string; text: string; html: string };
  raw: string;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? '')).filter(Boolean);
}

export async function startSmtp(
  host: string,
  port: number,
  auth: { user: string; pass: string } | undefined,
  onMail: (mail: ReceivedMail) => void,
): Promise<SmtpListener> {
  const envelopeTo = (session: SMTPServerSession) => session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const server = new SMTPServer({
    size: SMTP_MAX_BYTES,
    authOptional: !auth,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
        callback(null, { user: credentials.username });
      } else {
        callback(new SmtpError('5.7.8 Authentication credentials invalid', 535));
      }
    },
    onRcptTo(address, _session, callback) {
      if (MAILBOX.test(address.address)) return callback();
      onMail({
        accepted: false,
        status: 553,
        error: `5.1.3 invalid recipient address <${address.address}>`,
        to: [address.address],
        body: { from: '', to: [address.address], subject: '', text: '', html: '' },
        raw: '',
      });
      callback(new SmtpError(`5.1.3 invalid recipient address <${address.address}>`, 553));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = envelopeTo(session);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        if (stream.sizeExceeded) {
          const error = `5.3.4 message exceeds the fixed maximum message size of ${SMTP_MAX_BYTES} bytes`;
          onMail({
            accepted: false,
            status: 552,
            error,
            to,
            body: { from, to, subject: '', text: '', html: '' },
            raw: '',
          });
          return callback(new SmtpError(error, 552));
        }
        simpleParser(raw)
          .then((parsed) => {
            onMail({
              accepted: true,
              status: 250,
              to,
              body: {
                from: parsed.from?.text ?? from,
                to: addresses(parsed.to).length > 0 ? addresses(parsed.to) : to,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
              },
              raw: raw.toString('utf8'),
            });
            callback();
          })
          .catch((error: unknown) => callback(new SmtpError(`5.6.0 unreadable message: ${String(error)}`, 554)));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // later errors (a client dropping the connection) are the client's problem, not the receiver's
  server.on('error', () => undefined);
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
