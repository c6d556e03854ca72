import pino, { type Logger } from 'pino';
import type { LogLevel } from '@unblock/config';

export type { Logger } from 'pino';

/**
 * The product's structured logger: one JSON line per event, with a `component`
 * field, and `issueId` / `workflowId` bound by callers where there is one.
 */
export function createLogger(component: string, level: LogLevel = 'info'): Logger {
  return pino({
    level,
    base: { component, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', '*.password', 'authorization', '*.authorization', 'req.headers.authorization'],
      censor: '***',
    },
  });
}
