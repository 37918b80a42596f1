import type { ServerResponse } from 'node:http';

/**
 * The hub's one error shape outside GraphQL results too: GraphQL's `errors` list with a stable
 * `extensions.code`, the request id in the error and at the top, as GraphQL responses carry it.
 */
export function errorBody(requestId: string, code: string, message: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extra, code, requestId } }], extensions: { requestId } };
}

/** Plain Node.js, so the GraphQL route outside Express (server/graphql-post-route.ts) answers in the same words. */
export function sendRequestError(res: ServerResponse, requestId: string, status: number, code: string, message: string): void {
  const body = JSON.stringify(errorBody(requestId, code, message));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
