import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
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
  const offered = req.header('x-request-id');
  req.requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
  res.setHeader('x-request-id', req.requestId);
  next();
};

/**
 * GraphQL-over-HTTP: a POST must be `application/json`. Anything else is refused with 415 here,
 * before Apollo, whose CSRF guard would answer a less precise 400.
 */
export const requireJsonPost: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST') return next();
  const contentType = req.header('content-type');
  if (contentType && /^application\/json\s*(;|$)/i.test(contentType)) return next();
  sendRequestError(
    res,
    req.requestId,
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'POST requests to /graphql must have Content-Type: application/json.',
  );
};

/** Turns body-parser failures (bad JSON, body over the limit) into GraphQL-shaped JSON errors. */
export const requestErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (error?.type === 'entity.too.large') {
    return sendRequestError(res, req.requestId, 413, 'REQUEST_TOO_LARGE', `The request body is over the limit of ${error.limit} bytes.`);
  }
  if (error?.type === 'entity.verify.failed' && error?.notUtf8) {
    return sendRequestError(res, req.requestId, 400, 'BAD_REQUEST', 'The request body is not valid UTF-8.');
  }
  if (error?.type === 'entity.parse.failed') {
    return sendRequestError(res, req.requestId, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
  if (status >= 400 && status < 500) {
    return sendRequestError(res, req.requestId, status, 'BAD_REQUEST', 'The request could not be read.');
  }
  next(error);
};

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
