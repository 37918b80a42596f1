import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { Logger } from './logger.js';

/**
 * A graphql-ws hook that fails unexpectedly (the database gone while a credential is checked, the
 * rate limiter's Redis unreachable) makes the library close the socket with the error's message as
 * the close reason. Wrapped, the client gets the hub's error shape instead — a code and an id to
 * quote, as JSON within the 123 bytes a close reason may hold — and the cause is logged under it.
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
      logger.error({ requestId, hook, err: error }, 'unexpected error in a WebSocket connection');
      throw new MaskedWebSocketError(requestId);
    }
  };
}

export class MaskedWebSocketError extends Error {
  constructor(readonly requestId: string) {
    super(JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', requestId }));
    this.name = 'MaskedWebSocketError';
    // graphql-ws logs what it catches with console.error: keep the internals out of that too.
    this.stack = `${this.name}: ${this.message}`;
  }
}
