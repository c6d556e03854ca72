/**
 * Sends one message to one channel and says how it went: `sent`, `rate_limited`, `failed` (it certainly did not
 * arrive: refused, connection refused, an error answer) or `ambiguous` (no answer came in time, or the connection
 * broke after the request went out: the vendor may have taken it, so a resend may repeat it).
 */
import { createTransport, type Transporter } from 'nodemailer';
import { cutToBytes, type ChannelKind } from '@unblock/domain';
import {
  buildRequest,
  readAnswer,
  type AnswerVerdict,
  type ChannelTarget,
  type OutgoingMessage,
} from './vendor-requests';

export type SendOutcome = AnswerVerdict | { outcome: 'ambiguous'; status: string; error: string };

export interface SendOptions {
  timeoutMs: number;
  /** the SMTP server's URL for e-mail channels */
  smtpUrl?: string;
  mailFrom: string;
  now?: () => number;
}

/** Network failures that happen before a request can have reached the other side. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);

export async function sendMessage(
  channel: ChannelTarget,
  message: OutgoingMessage,
  eventId: string,
  options: SendOptions,
): Promise<SendOutcome> {
  if (channel.kind === 'email') return sendMail(channel.endpoint, message, options);
  const now = (options.now ?? Date.now)();
  let request;
  try {
    request = buildRequest(channel, message, now, eventId);
  } catch (error) {
    return { outcome: 'failed', status: 'bad endpoint', error: describe(error) };
  }
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    return readAnswer(channel.kind, response.status, text, response.headers);
  } catch (error) {
    return networkFailure(error, options.timeoutMs);
  }
}

function networkFailure(error: unknown, timeoutMs: number): SendOutcome {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return { outcome: 'ambiguous', status: 'timeout', error: `no answer within ${timeoutMs} ms` };
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const text = cause?.message ?? describe(error);
  if (code && NOT_SENT_CODES.has(code)) return { outcome: 'failed', status: code.toLowerCase(), error: text };
  // fetch refuses the ports the Fetch standard blocks (9, 25, 6000, …) before it connects: nothing was sent
  if (!code && cause?.message === 'bad port') return { outcome: 'failed', status: 'bad port', error: text };
  return { outcome: 'ambiguous', status: (code ?? 'no answer').toLowerCase(), error: text };
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string, timeoutMs: number): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === 'smtps:';
    transport = createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

async function sendMail(to: string, message: OutgoingMessage, options: SendOptions): Promise<SendOutcome> {
  if (!options.smtpUrl)
    return { outcome: 'failed', status: 'no smtp', error: 'no mail server is configured (SMTP_URL)' };
  try {
    const info = await transportFor(options.smtpUrl, options.timeoutMs).sendMail({
      from: options.mailFrom,
      to,
      subject: message.subject,
      text: message.text,
    });
    const accepted = (info.accepted ?? []).length;
    if (accepted === 0)
      return { outcome: 'failed', status: 'smtp refused', error: `refused: ${String(info.rejected)}` };
    return { outcome: 'sent', status: 'smtp 250' };
  } catch (error) {
    const code = (error as { responseCode?: number; code?: string }).responseCode;
    if (code) return { outcome: 'failed', status: `smtp ${code}`, error: cutToBytes(describe(error), 300) };
    const text = (error as { code?: string }).code;
    if (text === 'ETIMEDOUT' && /Greeting|Connection/i.test(describe(error)))
      return { outcome: 'failed', status: 'smtp timeout', error: describe(error) };
    if (text === 'ETIMEDOUT') return { outcome: 'ambiguous', status: 'smtp timeout', error: describe(error) };
    return { outcome: 'failed', status: (text ?? 'smtp error').toLowerCase(), error: cutToBytes(describe(error), 300) };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { ChannelKind };
