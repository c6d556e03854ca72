// The local receiver: one HTTP server that answers as WeCom group robots, DingTalk custom robots, Feishu custom bots
// and the product's signed webhook do, plus a loopback SMTP server. Every request is recorded (except one dropped
// by the `down` failure mode), so a demo can show what arrived and a test can assert what was refused.
// The vendors' rules and their sources are in wecom.ts, dingtalk.ts, feishu.ts, webhook.ts, smtp.ts and limits.ts.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DINGTALK_OK, DINGTALK_RATE_LIMITED, dingtalkReceive } from './dingtalk';
import { FEISHU_OK, FEISHU_RATE_LIMITED, feishuReceive } from './feishu';
import { limitsFor, RobotLimiter } from './limits';
import { renderPage } from './page';
import { parseJson } from './shape';
import { startSmtp, type ReceivedMail, type SmtpListener } from './smtp';
import type {
  FailureMode,
  ReceivedMessage,
  RobotKind,
  RobotRegistration,
  RobotRequest,
  Verdict,
  VendorReceiver,
  VendorReceiverOptions,
} from './types';
import { webhookReceive } from './webhook';
import { WECOM_OK, WECOM_RATE_LIMITED, wecomReceive } from './wecom';

export * from './types';
export { dingtalkSign } from './dingtalk';
export { feishuSign } from './feishu';
export { webhookSignature } from './webhook';

const RECEIVE: Record<RobotKind, (request: RobotRequest) => Verdict> = {
  wecom: wecomReceive,
  dingtalk: dingtalkReceive,
  feishu: feishuReceive,
  webhook: webhookReceive,
};

/** The success answer of each kind, for requests answered late (hang → release). */
const OK_ANSWER: Record<RobotKind, { status: number; response?: unknown }> = {
  wecom: { status: 200, response: WECOM_OK },
  dingtalk: { status: 200, response: DINGTALK_OK },
  feishu: { status: 200, response: FEISHU_OK },
  webhook: { status: 204 },
};

/** Each vendor's own rate-limit answer, for the `rateLimited` failure mode. */
const RATE_LIMITED: Record<RobotKind, { status: number; code: number; error: string; response: unknown }> = {
  wecom: {
    status: 200,
    code: WECOM_RATE_LIMITED.errcode,
    error: WECOM_RATE_LIMITED.errmsg,
    response: WECOM_RATE_LIMITED,
  },
  dingtalk: {
    status: 200,
    code: DINGTALK_RATE_LIMITED.errcode,
    error: DINGTALK_RATE_LIMITED.errmsg,
    response: DINGTALK_RATE_LIMITED,
  },
  feishu: {
    status: 200,
    code: FEISHU_RATE_LIMITED.code,
    error: FEISHU_RATE_LIMITED.msg,
    response: FEISHU_RATE_LIMITED,
  },
  webhook: { status: 429, code: 429, error: 'too many requests', response: { error: 'too many requests' } },
};

/** Which robot a request is for, from its method and path; undefined for anything else. */
function routeOf(method: string | undefined, url: URL): { kind: RobotKind; token: string } | undefined {
  if (method !== 'POST') return undefined;
  const path = url.pathname;
  if (path === '/cgi-bin/webhook/send') return { kind: 'wecom', token: url.searchParams.get('key') ?? '' };
  if (path === '/robot/send') return { kind: 'dingtalk', token: url.searchParams.get('access_token') ?? '' };
  const feishu = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(path);
  if (feishu) return { kind: 'feishu', token: decodeURIComponent(feishu[1]) };
  const hook = /^\/hooks\/([^/]+)$/.exec(path);
  if (hook) return { kind: 'webhook', token: decodeURIComponent(hook[1]) };
  return undefined;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(response: http.ServerResponse, status: number, json?: unknown): void {
  if (response.writableEnded || response.destroyed) return;
  if (json === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  const text = JSON.stringify(json);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

const key = (kind: RobotKind | 'email', token: string) => `${kind}\u0000${token}`;

interface Waiter {
  predicate: (all: ReceivedMessage[]) => boolean;
  resolve: (all: ReceivedMessage[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface VendorReceiverHooks {
  /** called once per recorded message, e.g. to log it */
  onMessage?: (message: ReceivedMessage) => void;
}

export async function startVendorReceiver(
  options: VendorReceiverOptions & VendorReceiverHooks = {},
): Promise<VendorReceiver> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const robots = new Map<string, RobotRegistration>();
  const limiters = new Map<string, RobotLimiter>();
  const failures = new Map<string, FailureMode[]>();
  const hung: { response: http.ServerResponse; kind: RobotKind }[] = [];
  const delayed = new Map<NodeJS.Timeout, http.ServerResponse>();
  const waiters = new Set<Waiter>();
  let records: ReceivedMessage[] = [];
  let seq = 0;

  const addRobot = (robot: RobotRegistration) => {
    robots.set(key(robot.kind, robot.token), { ...robot });
  };
  for (const robot of options.robots ?? []) addRobot(robot);

  const limiterFor = (kind: RobotKind, token: string) => {
    let limiter = limiters.get(key(kind, token));
    if (!limiter) {
      limiter = new RobotLimiter(limitsFor(kind, options.limits));
      limiters.set(key(kind, token), limiter);
    }
    return limiter;
  };

  const takeFailure = (kind: RobotKind, token: string): FailureMode | undefined => {
    const queue = failures.get(key(kind, token));
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.count -= 1;
    if (head.count <= 0) queue.shift();
    return head;
  };

  const record = (message: Omit<ReceivedMessage, 'seq'>): ReceivedMessage => {
    seq += 1;
    const stored: ReceivedMessage = { seq, ...message };
    records.push(stored);
    options.onMessage?.(stored);
    for (const waiter of [...waiters]) {
      let done: boolean;
      try {
        done = waiter.predicate(records.slice());
      } catch (error) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (done) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(records.slice());
      }
    }
    return stored;
  };

  const onMail = (mail: ReceivedMail) => {
    record({
      kind: 'email',
      token: mail.to[0] ?? '',
      receivedAt: now(),
      accepted: mail.accepted,
      status: mail.status,
      code: mail.accepted ? 0 : mail.status,
      ...(mail.error ? { error: mail.error } : {}),
      body: mail.body,
      rawBody: mail.raw,
      query: {},
      headers: {},
      mentions: [],
      text: mail.body.text,
    });
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://receiver.local');
    if (request.method === 'GET' && url.pathname === '/') {
      const html = renderPage(records, (kind, token) => (kind === 'email' ? undefined : robots.get(key(kind, token))));
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html);
      return;
    }
    if (request.method === 'GET' && url.pathname === '/messages.json') {
      answer(response, 200, records);
      return;
    }
    const route = routeOf(request.method, url);
    if (!route) {
      answer(response, 404, { error: 'not found' });
      return;
    }
    const { kind, token } = route;
    const rawBody = await readBody(request);
    const failure = takeFailure(kind, token);
    if (failure?.mode === 'down') {
      request.socket.destroy();
      return;
    }
    const receivedAt = now();
    const query = Object.fromEntries(url.searchParams);
    const headers = flatHeaders(request.headers);
    const base = { kind, token, receivedAt, rawBody, query, headers };
    if (failure?.mode === 'http500') {
      const error = 'Internal Server Error';
      record({
        ...base,
        accepted: false,
        status: 500,
        code: 500,
        error,
        body: parseJson(rawBody),
        mentions: [],
        text: '',
      });
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(error);
      return;
    }
    if (failure?.mode === 'rateLimited') {
      const limited = RATE_LIMITED[kind];
      record({ ...base, ...limited, accepted: false, body: parseJson(rawBody), mentions: [], text: '' });
      answer(response, limited.status, limited.response);
      return;
    }
    let robot = robots.get(key(kind, token));
    if (!robot && options.acceptUnknownTokens && token) {
      robot = { kind, token };
      addRobot(robot);
    }
    const verdict = RECEIVE[kind]({
      robot,
      token,
      query,
      headers,
      rawBody,
      now: receivedAt,
      admit: () => limiterFor(kind, token).admit(receivedAt),
    });
    const { response: json, ...seen } = verdict;
    record({ ...base, ...seen });
    if (failure?.mode === 'hang') {
      hung.push({ response, kind });
      return;
    }
    if (failure?.mode === 'slow') {
      const timer = setTimeout(() => {
        delayed.delete(timer);
        answer(response, verdict.status, json);
      }, failure.delayMs);
      delayed.set(timer, response);
      return;
    }
    answer(response, verdict.status, json);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) answer(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const httpPort = (server.address() as AddressInfo).port;
  let smtp: SmtpListener | undefined;
  if (options.smtp !== false) {
    try {
      smtp = await startSmtp(host, options.smtpPort ?? 0, options.smtpAuth, onMail);
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }
  const url = `http://${host}:${httpPort}`;

  const release = () => {
    for (const { response, kind } of hung.splice(0)) {
      answer(response, OK_ANSWER[kind].status, OK_ANSWER[kind].response);
    }
  };

  let closed = false;
  return {
    url,
    smtpUrl: smtp ? `smtp://${host}:${smtp.port}` : null,
    endpointFor(kind, token) {
      const t = encodeURIComponent(token);
      switch (kind) {
        case 'wecom':
          return `${url}/cgi-bin/webhook/send?key=${t}`;
        case 'dingtalk':
          return `${url}/robot/send?access_token=${t}`;
        case 'feishu':
          return `${url}/open-apis/bot/v2/hook/${t}`;
        case 'webhook':
          return `${url}/hooks/${t}`;
      }
    },
    addRobot,
    fail(kind, token, failure) {
      if (failure.count <= 0) return;
      const queue = failures.get(key(kind, token)) ?? [];
      queue.push({ ...failure });
      failures.set(key(kind, token), queue);
    },
    release,
    messages(filter = {}) {
      return records.filter(
        (message) =>
          (filter.kind === undefined || message.kind === filter.kind) &&
          (filter.token === undefined || message.token === filter.token) &&
          (filter.accepted === undefined || message.accepted === filter.accepted),
      );
    },
    waitFor(predicate, timeoutMs) {
      if (predicate(records.slice())) return Promise.resolve(records.slice());
      return new Promise<ReceivedMessage[]>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const seen = records
              .map((m) => `#${m.seq} ${m.kind}/${m.token} ${m.accepted ? 'accepted' : `refused ${m.code}`}`)
              .join('; ');
            reject(
              new Error(
                `the receiver's condition did not hold within ${timeoutMs} ms; ${records.length} message(s) received` +
                  (seen ? `: ${seen}` : ''),
              ),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    clear() {
      records = [];
    },
    async close() {
      if (closed) return;
      closed = true;
      release();
      for (const [timer, response] of delayed) {
        clearTimeout(timer);
        response.destroy();
      }
      delayed.clear();
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('the receiver was closed before the condition held'));
      }
      waiters.clear();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        smtp?.close(),
      ]);
    },
  };
}
