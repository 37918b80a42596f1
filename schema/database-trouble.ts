import { ConnectionException } from '@mikro-orm/core';

/**
 * Tells a failure of the database itself — gone, restarting, refusing connections, frozen past its
 * timeouts — from a failure of the request. The first is worth retrying a moment later, so clients
 * get `SERVICE_UNAVAILABLE` (HTTP 503 with `Retry-After`) instead of an internal error.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = `The hub's database is not answering. Retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds; quote the request id if it persists.`;

/** Socket-level failures of the connection to the database server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve right now: connection exceptions (class 08),
 * shutting down or starting up (57P01–57P03), a statement cancelled by `statement_timeout`
 * (57014), too many connections (53300) and a database that is not there (3D000).
 */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|57014|53300|3D000)$/;

/** What `pg` says when a connection dies or a timeout of ours fires; it sets no code for these. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  // GraphQL wraps a resolver's error as `originalError`, MikroORM and Node chain theirs as `cause`.
  for (let cause = error, depth = 0; cause && depth < 6; cause = nextCause(cause), depth++) {
    if (cause instanceof ConnectionException) return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    const message = (cause as { message?: unknown }).message;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

function nextCause(error: unknown): unknown {
  const { originalError, cause } = error as { originalError?: unknown; cause?: unknown };
  return originalError ?? cause;
}
