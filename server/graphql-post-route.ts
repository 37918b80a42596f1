import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { HubContext } from '../schema/context.js';
import { sendRequestError } from '../support/http-error.js';
import type { Logger } from '../support/logger.js';
import { sendUnexpectedError } from './http-errors.js';
import { graphqlBodyParser, isJsonContentType, sendNotJson, requestIdFor, unreadableRequest } from './http-app.js';
import { batchRefusal } from './limits/batch-limit.js';
import { LimitErrorCode } from '../schema/limit-errors.js';

/** What a GraphQL request's context is made from, on either route. */
export interface GraphQLRequestFacts {
  requestId: string;
  authorization: string | undefined;
  purpose: string | undefined;
  remoteAddress: string | undefined;
}

/**
 * `POST /graphql`, the request department systems send all day, answered by Node's HTTP server
 * without Express: the same steps as the Express route (server/hub.ts) in the same order — request
 * id, request log, JSON content type, body read by the same parser with the same limit and UTF-8
 * check, batch limit, then Apollo — and the same answers to each refusal. Express's router, its
 * request and response objects and its `send` cost a lookup about a tenth of the hub's CPU.
 * Every other method and path (GET /graphql, the pages) stays with Express.
 */
export function graphqlPostRoute(options: {
  apollo: ApolloServer<HubContext>;
  context: (facts: GraphQLRequestFacts) => Promise<HubContext>;
  track: (requestId: string, res: ServerResponse) => void;
  maxRequestBytes: number;
  maxBatchSize: number;
  logger: Logger;
  exposeInternals: boolean;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const readJson = graphqlBodyParser(options.maxRequestBytes) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void;

  return (req, res) => {
    const requestId = requestIdFor(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    options.track(requestId, res);
    if (!isJsonContentType(req.headers['content-type'])) return sendNotJson(res, requestId);
    readJson(req, res, (error) => {
      if (error) {
        const answer = unreadableRequest(error);
        if (answer) return sendRequestError(res, requestId, answer.status, answer.code, answer.message);
        return failed(error);
      }
      const body = (req as IncomingMessage & { body?: unknown }).body;
      const refusal = batchRefusal(body, options.maxBatchSize);
      if (refusal) return sendRequestError(res, requestId, 400, LimitErrorCode.BATCH_TOO_LARGE, refusal);
      answer(req, res, requestId, body).catch(failed);
    });

    function failed(error: unknown): void {
      sendUnexpectedError(res, { requestId, method: req.method, path: '/graphql' }, error, options.logger, options.exposeInternals);
    }
  };

  async function answer(req: IncomingMessage, res: ServerResponse, requestId: string, body: unknown): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : url.slice(query), body },
      context: () =>
        options.context({
          requestId,
          authorization: headerOf(req, 'authorization'),
          purpose: headerOf(req, 'x-purpose'),
          remoteAddress: req.socket.remoteAddress,
        }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Encoded once: a string given to `end` is measured again by Node before it is encoded.
      const bytes = Buffer.from(response.body.string);
      res.setHeader('content-length', bytes.length);
      res.end(bytes);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** A header as Express's `req.header` gives it: one string. */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Whether Node's server should hand a request to graphqlPostRoute rather than to Express. */
export function isGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  return url === '/graphql' || url.startsWith('/graphql?');
}
