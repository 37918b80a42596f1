import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { HubContext } from '../schema/context.js';
import type { Logger } from '../support/logger.js';

interface OperationRecord {
  operationName: string | null;
  operationType: string | null;
  outcome: string;
}

interface PrincipalRecord {
  credentialId: string | null;
  department: string | null;
}

/** Status codes of requests refused before GraphQL ran, as the outcome codes their bodies carry. */
const OUTCOME_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  413: 'REQUEST_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * One JSON line per HTTP GraphQL request, at `info`: the request id a client quotes from an
 * error, who asked (credential and department), what (operation name and type), how long it took
 * and how it ended (`OK` or the first error's `extensions.code`). The express middleware times
 * the whole request — authentication and refusals before GraphQL included — and writes the line
 * when the response is finished; the Apollo plugin tells it what GraphQL saw, by request id.
 */
export function createRequestLog(logger: Logger): {
  track(requestId: string, res: ServerResponse): void;
  middleware: RequestHandler;
  plugin: ApolloServerPlugin<HubContext>;
} {
  const seen = new Map<string, { principal: PrincipalRecord; operations: OperationRecord[] }>();

  /** Times a request from now and writes its line when its response is finished or cut. */
  const track = (requestId: string, res: ServerResponse) => {
    // Below the logger's level the line would be dropped: nothing to time or remember.
    if (!logger.isLevelEnabled('info')) return;
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const graphql = seen.get(requestId);
      seen.delete(requestId);
      const operations = graphql?.operations ?? [];
      const first = operations[0];
      logger.info(
        {
          requestId,
          credentialId: graphql?.principal.credentialId ?? null,
          department: graphql?.principal.department ?? null,
          operationName: first?.operationName ?? null,
          operationType: first?.operationType ?? null,
          ...(operations.length > 1 ? { operations: operations.length } : {}),
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          outcome: first?.outcome ?? OUTCOME_OF_STATUS[res.statusCode] ?? (res.statusCode < 400 ? 'OK' : `HTTP_${res.statusCode}`),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'graphql request',
      );
    });
  };

  const middleware: RequestHandler = (req, res, next) => {
    track(req.requestId, res);
    next();
  };

  const plugin: ApolloServerPlugin<HubContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, errors, response }) {
          const requestId = contextValue?.requestId;
          if (!requestId || !logger.isLevelEnabled('info')) return;
          const principal = contextValue.principal;
          const entry = seen.get(requestId) ?? {
            principal: { credentialId: principal?.credentialId ?? null, department: principal?.department.code ?? null },
            operations: [],
          };
          const singleErrors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = (errors?.[0]?.extensions?.code ?? singleErrors?.[0]?.extensions?.code) as string | undefined;
          entry.operations.push({
            operationName: operationName ?? null,
            operationType: operation?.operation ?? null,
            outcome: code ?? 'OK',
          });
          seen.set(requestId, entry);
        },
      };
    },
  };

  return { track, middleware, plugin };
}
