import type { RequestHandler } from 'express';
import { sendRequestError } from '../../support/http-error.js';
import { LimitErrorCode } from '../../schema/limit-errors.js';

/**
 * A JSON array body is a batch of operations. Batches larger than MAX_BATCH_SIZE (1 by default:
 * batching off) are refused here, before Apollo parses any of them, with a code of their own; a
 * thousand operations in one body would otherwise slip past the per-request rate limit.
 */
export function limitBatchSize(maxBatchSize: number): RequestHandler {
  return (req, res, next) => {
    const refusal = batchRefusal(req.body, maxBatchSize);
    if (!refusal) return next();
    sendRequestError(res, req.requestId, 400, LimitErrorCode.BATCH_TOO_LARGE, refusal);
  };
}

/** Why a parsed body is refused as a batch too large (the message), or null. */
export function batchRefusal(body: unknown, maxBatchSize: number): string | null {
  if (!Array.isArray(body) || body.length <= maxBatchSize) return null;
  return maxBatchSize === 1
    ? `Batched requests are not accepted: send one operation per request (MAX_BATCH_SIZE is 1; this batch has ${body.length}).`
    : `A batch may hold at most ${maxBatchSize} operations (MAX_BATCH_SIZE); this one has ${body.length}.`;
}
