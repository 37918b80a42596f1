import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { sendRequestError } from '../support/http-error.js';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Uses the caller's `X-Request-Id` when it is sane (so ids join up across systems), else a new one. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  req.requestId = requestIdFor(req.headers['x-request-id']);
  res.setHeader('x-request-id', req.requestId);
  next();
};

export function requestIdFor(offered: string | string[] | undefined): string {
  return typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
}

/** Whether a Content-Type is JSON, as GraphQL-over-HTTP's POST requires. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);
}

/**
 * GraphQL-over-HTTP: a POST must be `application/json`. Anything else is refused with 415 here,
 * before Apollo, whose CSRF guard would answer a less precise 400.
 */
export const requireJsonPost: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST') return next();
  if (isJsonContentType(req.headers['content-type'])) return next();
  sendNotJson(res, req.requestId);
};

export function sendNotJson(res: ServerResponse, requestId: string): void {
  sendRequestError(res, requestId, 415, 'UNSUPPORTED_MEDIA_TYPE', 'POST requests to /graphql must have Content-Type: application/json.');
}

/** Turns body-parser failures (bad JSON, body over the limit) into GraphQL-shaped JSON errors. */
export const requestErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const answer = unreadableRequest(error);
  if (!answer) return next(error);
  sendRequestError(res, req.requestId, answer.status, answer.code, answer.message);
};

/** The answer to a body the JSON parser could not read (bad JSON, over the limit, not UTF-8), or undefined for any other error. */
export function unreadableRequest(error: unknown): { status: number; code: string; message: string } | undefined {
  const failure = error as { status?: unknown; type?: unknown; limit?: unknown; notUtf8?: unknown } | null | undefined;
  const status = typeof failure?.status === 'number' ? failure.status : 500;
  if (failure?.type === 'entity.too.large') {
    return { status: 413, code: 'REQUEST_TOO_LARGE', message: `The request body is over the limit of ${failure.limit} bytes.` };
  }
  if (failure?.type === 'entity.verify.failed' && failure?.notUtf8) {
    return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8.' };
  }
  if (failure?.type === 'entity.parse.failed') return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
  if (status >= 400 && status < 500) return { status, code: 'BAD_REQUEST', message: 'The request could not be read.' };
  return undefined;
}

/** The GraphQL body's parser, for both routes: JSON up to `limit` bytes, refused when not UTF-8. */
export function graphqlBodyParser(limit: number): RequestHandler {
  return express.json({ limit, verify: refuseInvalidUtf8 });
}

/**
 * `express.json` option: a body whose bytes are not UTF-8 is refused, where the decoder would
 * otherwise turn them into U+FFFD without a word and store the result.
 */
export function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('the request body is not valid UTF-8'), { notUtf8: true });
}

export function createExpressApp(): Express {
  const app = express();
  // Answers are computed per request and posted to: an ETag (a hash of every body) would never be used.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(assignRequestId);
  return app;
}
