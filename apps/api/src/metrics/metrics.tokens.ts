import { ConfigError } from '@unblock/config';

/** The static bearer token a Prometheus scraper must send, or undefined when /metrics is open. */
export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

/** `METRICS_TOKEN` (optional, at least 16 characters), read from the environment at start. */
export function readMetricsToken(env: Record<string, string | undefined> = process.env): string | undefined {
  const raw = env.METRICS_TOKEN?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long');
  return raw;
}
