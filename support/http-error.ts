import type express from 'express';

/**
 * The hub's one error shape outside GraphQL results too: GraphQL's `errors` list with a stable
 * `extensions.code`, the request id in the error and at the top, as GraphQL responses carry it.
 */
export function errorBody(requestId: string, code: string, message: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extra, code, requestId } }], extensions: { requestId } };
}

export function sendRequestError(res: express.Response, requestId: string, status: number, code: string, message: string): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify(errorBody(requestId, code, message)));
}
