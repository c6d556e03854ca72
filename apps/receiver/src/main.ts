// `node dist/apps/receiver/src/main.js`: the local receiver as its own process, for the demo. Any token is accepted
// and registered on first use (robots listed in RECEIVER_ROBOTS keep their secrets and labels). Open the printed
// address in a browser to watch the messages arrive.
//   RECEIVER_HOST        default 127.0.0.1
//   RECEIVER_PORT        default 8790 (HTTP: the robots' endpoints, the page, /messages.json)
//   RECEIVER_SMTP_PORT   default 8791
//   RECEIVER_ROBOTS      optional path to a JSON file holding a list of RobotRegistration
import * as fs from 'node:fs';
import { watchParentProcess } from '@unblock/runtime';
import { startVendorReceiver, type ReceivedMessage, type RobotKind, type RobotRegistration } from './vendor-receiver';

const KINDS: readonly RobotKind[] = ['wecom', 'dingtalk', 'feishu', 'webhook'];

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number, not "${raw}"`);
  return value;
}

function readRobots(path: string | undefined): RobotRegistration[] {
  if (!path) return [];
  const parsed = JSON.parse(fs.readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${path} must hold a JSON list of robots`);
  return parsed.map((item: unknown, index) => {
    const robot = item as Partial<RobotRegistration>;
    if (!robot || !KINDS.includes(robot.kind as RobotKind) || typeof robot.token !== 'string' || !robot.token) {
      throw new Error(`${path}: robot ${index + 1} needs a kind (${KINDS.join(', ')}) and a token`);
    }
    return {
      kind: robot.kind as RobotKind,
      token: robot.token,
      ...(typeof robot.secret === 'string' ? { secret: robot.secret } : {}),
      ...(typeof robot.label === 'string' ? { label: robot.label } : {}),
    };
  });
}

function logLine(message: ReceivedMessage): string {
  const verdict = message.accepted
    ? 'accepted'
    : `refused ${message.code}${message.error ? ` (${message.error})` : ''}`;
  const text = message.text.replace(/\s+/g, ' ').slice(0, 120);
  const mentions = message.mentions.length > 0 ? ` @${message.mentions.join(',')}` : '';
  return `#${message.seq} ${new Date(message.receivedAt).toISOString()} ${message.kind} ${message.token} ${verdict}${mentions} ${text}\n`;
}

async function main(): Promise<void> {
  const receiver = await startVendorReceiver({
    host: process.env.RECEIVER_HOST || '127.0.0.1',
    port: port('RECEIVER_PORT', 8790),
    smtpPort: port('RECEIVER_SMTP_PORT', 8791),
    robots: readRobots(process.env.RECEIVER_ROBOTS),
    acceptUnknownTokens: true,
    onMessage: (message) => process.stdout.write(logLine(message)),
  });
  process.stdout.write(
    `Unblock receiver: page and robots at ${receiver.url}, SMTP at ${receiver.smtpUrl ?? '(off)'}\n` +
      `  WeCom     ${receiver.endpointFor('wecom', 'KEY')}\n` +
      `  DingTalk  ${receiver.endpointFor('dingtalk', 'TOKEN')}\n` +
      `  Feishu    ${receiver.endpointFor('feishu', 'TOKEN')}\n` +
      `  Webhook   ${receiver.endpointFor('webhook', 'TOKEN')}\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void receiver.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // started by npm start: it goes when the launcher goes, even one killed without the chance to stop it
  watchParentProcess(stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Unblock receiver: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
