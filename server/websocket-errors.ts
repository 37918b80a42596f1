import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { isDatabaseUnavailable } from '../schema/database-trouble.js';
import type { Logger } from '../support/logger.js';

/** RFC 6455 "Try Again Later": graphql-ws clients reconnect after it, where 4500 ends for good. */
export const TRY_AGAIN_LATER = 1013;

/**
 * A graphql-ws hook that fails unexpectedly (the database gone while a credential is checked, the
 * rate limiter's Redis unreachable) makes the library close the socket with the error's message as
 * the close reason. Wrapped, the client gets the hub's error shape instead — a code and an id to
 * quote, as JSON within the 123 bytes a close reason may hold — and the cause is logged under it.
 * A database that is not answering closes with 1013 and `SERVICE_UNAVAILABLE` instead.
 */
export function maskHookErrors<Args extends unknown[], Result>(
  logger: Logger,
  hook: string,
  run: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const requestId = randomUUID();
      const unavailable = isDatabaseUnavailable(error);
      if (unavailable) {
        logger.warn({ requestId, hook, err: error }, 'database not answering');
        // Closed here, before graphql-ws closes it with 4500, so the client retries later.
        socketOf(args[0])?.close(TRY_AGAIN_LATER, JSON.stringify({ code: 'SERVICE_UNAVAILABLE', requestId }));
      } else {
        logger.error({ requestId, hook, err: error }, 'unexpected error in a WebSocket connection');
      }
      throw new MaskedWebSocketError(requestId, unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR');
    }
  };
}

export class MaskedWebSocketError extends Error {
  constructor(
    readonly requestId: string,
    code: 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE' = 'INTERNAL_SERVER_ERROR',
  ) {
    super(JSON.stringify({ code, requestId }));
    this.name = 'MaskedWebSocketError';
    // graphql-ws logs what it catches with console.error: keep the internals out of that too.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** The socket of a graphql-ws hook's context (its first argument), when it has one. */
function socketOf(hookContext: unknown): { close(code: number, reason: string): void } | undefined {
  return (hookContext as { extra?: { socket?: { close(code: number, reason: string): void } } } | undefined)?.extra?.socket;
}
