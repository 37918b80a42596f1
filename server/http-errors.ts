import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { INTERNAL_ERROR_MESSAGE } from '../schema/format-error.js';
import { isDatabaseUnavailable } from '../schema/database-trouble.js';
import { sendRequestError } from '../support/http-error.js';
import type { Logger } from '../support/logger.js';
import { sendUnavailable } from './unavailable-response.js';

/**
 * The last word on every route outside GraphQL (health, metrics, JWKS, inbound connectors, the
 * dashboard): whatever failed — a lost database, a bug — the client gets the hub's one JSON error
 * shape with a code and the request id, never Express's HTML page with its stack, file paths and
 * SQL. The cause goes to the log under the same request id.
 */
export function maskedErrorHandler(logger: Logger, exposeInternals: boolean): ErrorRequestHandler {
  return (error, req, res, next) => {
    sendUnexpectedError(res, { requestId: req.requestId, method: req.method, path: req.path }, error, logger, exposeInternals);
    void next;
  };
}

/** maskedErrorHandler's answer, for a route outside Express too (server/graphql-post-route.ts). */
export function sendUnexpectedError(
  res: ServerResponse,
  request: { requestId: string; method: string | undefined; path: string },
  error: unknown,
  logger: Logger,
  exposeInternals: boolean,
): void {
  const unavailable = isDatabaseUnavailable(error);
  if (unavailable) logger.warn({ ...request, err: error }, 'database not answering');
  else logger.error({ ...request, err: error }, 'unexpected error outside GraphQL');
  if (res.headersSent) {
    // A response already under way cannot change its status; cut it so the client sees it failed.
    return void res.socket?.destroy();
  }
  if (unavailable) return sendUnavailable(res, request.requestId);
  const message = exposeInternals && error instanceof Error ? error.message : INTERNAL_ERROR_MESSAGE;
  sendRequestError(res, request.requestId, 500, 'INTERNAL_SERVER_ERROR', message);
}

/** A path the hub does not serve: the same JSON shape, not Express's HTML "Cannot GET". */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendRequestError(res, req.requestId, 404, 'NOT_FOUND', `The hub serves nothing at ${req.method} ${req.path}.`);
};
