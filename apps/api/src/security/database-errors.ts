/**
 * Whether an error means PostgreSQL cannot be used right now (as opposed to a bad query): the connection was
 * refused, timed out, dropped, or the server is shutting down, starting up or out of connections. Such a failure
 * is answered with 503 and Retry-After, never with the driver's message (which may name the server).
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // SQLSTATE class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now),
  // 53300 (too many connections), 3D000 (the database does not exist), 28000/28P01 (the server refused our login)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '3D000',
  '28000',
  '28P01',
]);

const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /Connection terminated unexpectedly/i,
  /Client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (e.name === 'DatabaseUnavailableError') return true;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  // TypeORM's QueryFailedError does not carry the connection failure's code itself
  if (
    e.name !== 'QueryFailedError' &&
    typeof e.message === 'string' &&
    CONNECTION_MESSAGES.some((pattern) => pattern.test(e.message as string))
  ) {
    return true;
  }
  if (e.driverError && isDatabaseUnavailable(e.driverError, depth + 1)) return true;
  if (e.cause && isDatabaseUnavailable(e.cause, depth + 1)) return true;
  // Node's happy-eyeballs connect rejects with an AggregateError of one error per address
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return false;
}
