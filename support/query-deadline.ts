import type { Pool, PoolClient } from 'pg';

/** pg's own words for an unanswered statement, which schema/database-trouble.ts classifies as the database not answering. */
export const QUERY_DEADLINE_MESSAGE = 'Query read timeout';

const AWAITED = Symbol('statements sent and not yet answered');
const SINCE = Symbol('when the oldest unanswered statement began to wait');
const WAIVED = Symbol('its holder waits as long as its statements take');

type WatchedClient = PoolClient & {
  [AWAITED]?: number;
  [SINCE]?: number;
  [WAIVED]?: boolean;
  /** pg's protocol connection: it emits each server message by name. */
  connection: { on(event: 'readyForQuery', listener: () => void): void; stream: { destroy(error: Error): void } };
};

type SendQuery = (this: WatchedClient, config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Ends a pooled connection whose statement has waited `deadlineMs` for its answer, failing that
 * statement with QUERY_DEADLINE_MESSAGE: the guard that still works when the server is frozen and
 * enforces nothing itself (DATABASE_QUERY_TIMEOUT_MS). pg-pool then drops the connection.
 *
 * pg's own `query_timeout` did this with a timer per statement and a callback wrapped in a closure
 * over its query function's scope. With that closure in place every statement, its rows and the
 * request awaiting them lived through the next scavenge and were promoted (2.6 KB of each point
 * lookup). Here each connection carries two numbers, and one sweep per pool reads them.
 *
 * A statement's wait begins when it is sent, or when the statement before it on the same
 * connection is answered (pg sends them one at a time): each answer restarts the clock. A
 * connection its holder keeps idle, as inside a transaction between statements, awaits nothing.
 */
export function watchQueryDeadlines(pool: Pool, deadlineMs: number, sweepMs = Math.min(1_000, Math.ceil(deadlineMs / 4))): void {
  const clients = new Set<WatchedClient>();
  // Made now, at the pool's creation, so the timer belongs to no request.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const client of clients) {
      if (client[WAIVED] || !client[AWAITED] || now - client[SINCE]! < deadlineMs) continue;
      client[AWAITED] = 0;
      client.connection.stream.destroy(new Error(QUERY_DEADLINE_MESSAGE));
    }
    if (pool.ending && clients.size === 0) clearInterval(sweep);
  }, sweepMs).unref();

  pool.on('connect', (client) => {
    const watched = client as WatchedClient;
    clients.add(watched);
    // The statement cut fails with the error; the connection also emits it as it ends, and an
    // 'error' without a listener would end the process (pg-pool listens only while a connection is idle).
    watched.on('error', ignoreDeadlineError);
    const send = watched.query as unknown as SendQuery;
    const sendWatched: SendQuery = function (config, values, callback) {
      if (!this[AWAITED]) this[SINCE] = Date.now();
      this[AWAITED] = (this[AWAITED] ?? 0) + 1;
      try {
        return send.call(this, config, values, callback);
      } catch (error) {
        this[AWAITED]--;
        throw error;
      }
    };
    watched.query = sendWatched as unknown as PoolClient['query'];
    watched.connection.on('readyForQuery', () => {
      if (!watched[AWAITED]) return;
      watched[AWAITED]--;
      watched[SINCE] = Date.now();
    });
  });
  pool.on('remove', (client) => clients.delete(client as WatchedClient));
}

function ignoreDeadlineError(): void {}

/**
 * Lets the holder of a pooled connection wait for its statements as long as they take, until it
 * calls the function returned, before it gives the connection back: the registry import's
 * transaction, which runs as long as its file takes (as its `statement_timeout = 0` says).
 */
export function withoutQueryDeadline(client: PoolClient): () => void {
  const watched = client as WatchedClient;
  watched[WAIVED] = true;
  return () => {
    watched[WAIVED] = false;
    watched[SINCE] = Date.now();
  };
}
