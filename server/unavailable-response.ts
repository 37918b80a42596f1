import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../domain/errors.js';
import type { HubContext } from '../schema/context.js';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../schema/database-trouble.js';
import { errorBody } from '../support/http-error.js';
import type { Logger } from '../support/logger.js';

/**
 * A response that failed because the database is not answering says so the way HTTP clients and
 * load balancers understand: 503 with `Retry-After`, so they come back later instead of reporting
 * a bug. GraphQL errors are already `SERVICE_UNAVAILABLE` (schema/format-error.ts); this sets the
 * status and the header on their response.
 */
export function useUnavailableStatus(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) markUnavailable(response);
        },
      };
    },
  };
}

/** Replaces a GraphQL response with the database-unavailable answer (e.g. the access log could not be written). */
export function answerUnavailable(response: GraphQLResponse): void {
  markUnavailable(response);
  if (response.body.kind !== 'single') return;
  const extensions = response.body.singleResult.extensions;
  response.body.singleResult = {
    errors: [
      {
        message: DATABASE_UNAVAILABLE_MESSAGE,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      },
    ],
    extensions,
  };
}

function markUnavailable(response: GraphQLResponse): void {
  response.http.status = 503;
  response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
}

/** The same answer on a route outside GraphQL (plain Node.js: Express's routes and the GraphQL POST route alike). */
export function sendUnavailable(res: ServerResponse, requestId: string): void {
  const body = JSON.stringify(
    errorBody(requestId, ErrorCode.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE, {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    }),
  );
  res.statusCode = 503;
  res.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * What the client gets when the request's context could not be made (the credential check or the
 * rate limiter failed): refusals pass as they are; a database that is not answering becomes a 503;
 * anything else stays an error Apollo masks. The cause is logged under the request id either way.
 */
export function contextCreationError(error: unknown, requestId: string, logger: Logger): unknown {
  if (error instanceof GraphQLError && error.extensions?.code) return error;
  if (!isDatabaseUnavailable(error)) {
    logger.error({ requestId, err: error }, 'unexpected error while checking a request');
    return error;
  }
  logger.warn({ requestId, err: error }, 'database not answering');
  return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      requestId,
      http: { status: 503, headers: new HeaderMap([['retry-after', String(DATABASE_RETRY_AFTER_SECONDS)]]) },
    },
  });
}
