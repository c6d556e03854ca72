// The local receiver's public words: the robots it knows, the messages it records, the failures it can be told to
// imitate. The vendors' rules themselves live in wecom.ts, dingtalk.ts, feishu.ts, webhook.ts and smtp.ts.

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu' | 'webhook';

export interface RobotRegistration {
  kind: RobotKind;
  /** wecom: the `key` query value; dingtalk: the `access_token` query value; feishu: the hook token (last path segment); webhook: the last path segment */
  token: string;
  /** dingtalk 加签 secret (starts with SEC…), feishu 签名校验 secret, webhook signing secret; absent = that robot does not check signatures (wecom never does) */
  secret?: string;
  /** a label for the page, e.g. the department's name */
  label?: string;
}

export interface ReceivedMessage {
  /** 1, 2, 3… in arrival order across the receiver */
  seq: number;
  kind: RobotKind | 'email';
  /** robot token, or for email the first RCPT TO address */
  token: string;
  /** ms epoch, receiver's clock */
  receivedAt: number;
  /** false when the receiver answered with an error */
  accepted: boolean;
  /** HTTP status returned (email: 250 or the SMTP code) */
  status: number;
  /** vendor error code returned (0 = ok); webhook: 0 or the HTTP status; email: 0 or SMTP code */
  code: number;
  /** the vendor's error message returned */
  error?: string;
  /** parsed JSON body (email: { from, to, subject, text, html }) */
  body: unknown;
  rawBody: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** mentions as the vendor would read them: wecom text.mentioned_mobile_list; dingtalk at.atMobiles; feishu <at user_id="…"> ids in text/card; else [] */
  mentions: string[];
  /** the human-readable text */
  text: string;
}

export type FailureMode =
  /** answer HTTP 500 to the next `count` requests for that robot */
  | { mode: 'http500'; count: number }
  /** answer the vendor's own rate-limit error (HTTP 200 + its errcode/code) `count` times */
  | { mode: 'rateLimited'; count: number }
  /** delay the answer, then answer normally (it IS recorded and accepted) */
  | { mode: 'slow'; delayMs: number; count: number }
  /** receive (record as accepted — the vendor would post it) and never answer until release() or close */
  | { mode: 'hang'; count: number }
  /** destroy the socket without an answer (not recorded) */
  | { mode: 'down'; count: number };

export interface RobotLimits {
  perMinute?: number;
  perSecond?: number;
  blockMs?: number;
}

export interface VendorReceiverOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 = a free port */
  port?: number;
  /** default 0 = a free port; smtp: false disables the SMTP server */
  smtpPort?: number;
  smtp?: boolean;
  /** when set, AUTH PLAIN/LOGIN required */
  smtpAuth?: { user: string; pass: string };
  robots?: RobotRegistration[];
  /** accept any token for kinds without a secret, and register it on first use (for the demo) */
  acceptUnknownTokens?: boolean;
  /** vendor limits; defaults are the vendors' documented ones */
  limits?: Partial<Record<RobotKind, RobotLimits>>;
  /** clock for timestamp windows and limits; default Date.now */
  now?: () => number;
}

export interface VendorReceiver {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** smtp://127.0.0.1:PORT */
  readonly smtpUrl: string | null;
  /** the URL a product channel is configured with */
  endpointFor(kind: RobotKind, token: string): string;
  addRobot(robot: RobotRegistration): void;
  /** queue a failure for that robot */
  fail(kind: RobotKind, token: string, failure: FailureMode): void;
  /** answer every hung request (200 ok) */
  release(): void;
  messages(filter?: { kind?: RobotKind | 'email'; token?: string; accepted?: boolean }): ReceivedMessage[];
  /** resolves when true (checks on every arrival), rejects with a clear message on timeout */
  waitFor(predicate: (all: ReceivedMessage[]) => boolean, timeoutMs: number): Promise<ReceivedMessage[]>;
  clear(): void;
  close(): Promise<void>;
}

/** What one vendor endpoint decided about one request. */
export interface Verdict {
  accepted: boolean;
  status: number;
  code: number;
  error?: string;
  /** the JSON answered, or undefined for an empty body (webhook 204) */
  response?: unknown;
  body: unknown;
  mentions: string[];
  text: string;
}

/** What a vendor endpoint is given to judge one request. */
export interface RobotRequest {
  /** undefined when the token is not registered */
  robot: RobotRegistration | undefined;
  token: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  now: number;
  /** the sliding-window limiter of this robot: true when one more message may be posted now */
  admit: () => LimitAnswer;
}

export type LimitAnswer = 'ok' | 'limited';
