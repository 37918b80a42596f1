import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/sql';
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate } from '../domain/auth/authenticate.js';
import type { CredentialCache } from '../domain/auth/credential-cache.js';
import type { Principal } from '../domain/auth/principal.js';
import { createErrorFormatter } from '../schema/format-error.js';
import { createContext } from './context.js';
import type { Logger } from '../support/logger.js';
import type { Metrics } from './metrics.js';
import type { LiveFigures } from '../domain/live-counts/live-figures.js';
import type { HubPubSub } from '../support/pubsub.js';
import type { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import { statedPurpose } from '../domain/sharing/stated-purpose.js';
import { rateLimitKey, type RateLimiter } from './limits/rate-limit.js';
import { checkQueryLimits, type QueryLimits } from './limits/query-limits.js';
import type { HubContext } from '../schema/context.js';
import { REVOKED_CLOSE_REASON, type CredentialSockets } from './credential-sockets.js';
import { maskHookErrors } from './websocket-errors.js';
import { WebSocketOperationLog } from './websocket-operation-log.js';
import { SharedSubscriptions } from './shared-subscriptions.js';
import { keepSocketsResponsive } from './websocket-keepalive.js';
import { WebSocketBudget, type WebSocketBudgetLimits } from './limits/websocket-budget.js';
import { introspectionRefusal, type IntrospectionPolicy } from './introspection-policy.js';
import { ACCESS_LOG_FAILED_MESSAGE, flushAccessLog, operationLabel, operationOf } from './use-access-log.plugin.js';

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  principal?: Principal;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the same port and path as HTTP. The credential is checked
 * once in `connection_init` (`{ authorization: "Bearer …" }`); a connection without a valid one is
 * closed with 4403. The protocol library enforces the rest: 4408 when no `connection_init` comes in
 * time, 4401 for a subscribe before the ack, 4409 for a duplicate operation id, 4400 for bad messages.
 */
export function attachWebSocketServer(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  orm: MikroORM;
  logger: Logger;
  metrics: Metrics;
  pubSub: HubPubSub;
  liveFigures: LiveFigures;
  sharing: SharingPolicyCache;
  rateLimiter: RateLimiter;
  limits: QueryLimits;
  connectionInitTimeoutMs: number;
  /** How often each socket is pinged; one that has not answered the previous ping is ended. */
  keepAliveMs: number;
  exposeInternals: boolean;
  /** The largest message (and frame) a socket may send: HTTP's body limit, enforced by `ws` as it reads. */
  maxPayloadBytes: number;
  budget: WebSocketBudgetLimits;
  introspection: IntrospectionPolicy;
  credentialSockets: CredentialSockets;
  /** Credentials read in the last second, shared with HTTP (domain/auth/credential-cache.ts). */
  credentials: CredentialCache;
}) {
  const { orm, logger, metrics } = options;
  const formatError = createErrorFormatter(options.exposeInternals);
  // `ws` refuses a frame whose declared length is over maxPayload (close 1009) before reading it, so
  // an oversized connection_init or operation costs nothing; without it the default is 100 MiB.
  // `noServer`: attached with `server`, ws re-emits the HTTP server's own errors (a port in use) on
  // the WebSocket server, where graphql-ws prints them with their stack; start-up reports those.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  options.httpServer.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://hub').pathname !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (webSocket) => {
      wsServer.emit('connection', webSocket, request);
      // ws has already closed the socket with the fitting code (1009 for a message over
      // maxPayload, 1002 for a protocol violation) when it reports the error; graphql-ws's own
      // listener would only print it with its stack on the console. A log line is what is left.
      for (const listener of webSocket.listeners('error')) webSocket.removeListener('error', listener as (error: Error) => void);
      webSocket.on('error', (error: Error & { code?: string }) => logger.info({ code: error.code, reason: error.message }, 'websocket closed on a protocol error'));
    });
  });
  const budget = new WebSocketBudget(options.budget);
  const operationLog = new WebSocketOperationLog(logger);
  const sharedSubscriptions = new SharedSubscriptions(metrics);
  wsServer.on('connection', (socket) => {
    metrics.webSocketConnections.inc();
    socket.once('close', () => metrics.webSocketConnections.dec());
  });
  const formatErrors = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));

  const graphqlWs = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitTimeoutMs,
      // A dashboard's event is executed once for all subscribers that would get the same result.
      subscribe: sharedSubscriptions.subscribe,
      // The close reason is always the message of a masked error (server/websocket-errors.ts).
      isProd: false,
      onConnect: maskHookErrors(logger, 'onConnect', async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const result = await authenticate(orm.em.fork(), typeof authorization === 'string' ? authorization : undefined, options.credentials);
        if (result.kind !== 'authenticated') {
          logger.info({ reason: result.kind === 'rejected' ? result.reason : 'no credential' }, 'websocket connection refused');
          return false;
        }
        ctx.extra.principal = result.principal;
        options.credentialSockets.add(result.principal.credentialId, ctx.extra.socket);
        return true;
      }),
      // The same rate limit and abuse limits as HTTP, per operation, before it runs.
      onSubscribe: maskHookErrors(logger, 'onSubscribe', async (ctx, id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          operationLog.subscribed(ctx, id, payload.operationName ?? null, null);
          return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
        }
        const operation = getOperationAST(document, payload.operationName);
        operationLog.subscribed(ctx, id, payload.operationName ?? operation?.name?.value ?? null, operation?.operation ?? null);
        const overBudget = budget.admit(ctx, ctx.extra.principal?.credentialId ?? null, id, operation?.operation);
        if (overBudget) return [overBudget];
        // Counted first (above, as the message arrives), then checked: a revocation closes the socket
        // within a second, and an operation sent meanwhile is refused here.
        const principal = ctx.extra.principal;
        if (principal && (await options.credentialSockets.isRevoked(principal.credentialId))) {
          options.credentialSockets.close(principal.credentialId);
          return [new GraphQLError(REVOKED_CLOSE_REASON, { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const introspection = introspectionRefusal(options.introspection, document, true);
        if (introspection) {
          // The HTTP status hint is HTTP's; over the socket the error is the message and its code.
          const { http: _status, ...extensions } = introspection.extensions;
          return [new GraphQLError(introspection.message, { extensions })];
        }
        const limited = await options.rateLimiter.consume(rateLimitKey(ctx.extra.principal ?? null, ctx.extra.request.socket.remoteAddress));
        if (limited) return [limited];
        const refusal = checkQueryLimits(options.schema, document, payload.operationName, payload.variables, options.limits);
        if (refusal) return [refusal];
        // graphql-ws would validate next, but its errors carry no code and would be masked as internal
        // ones: validated here, they carry HTTP's GRAPHQL_VALIDATION_FAILED.
        const invalid = validate(options.schema, document);
        return invalid.length > 0 ? invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) : undefined;
      }),
      context: maskHookErrors(logger, 'context', (ctx) => {
        const purpose = ctx.connectionParams?.purpose;
        return createContext({
          requestId: randomUUID(),
          principal: ctx.extra.principal ?? null,
          rootEm: orm.em,
          pubSub: options.pubSub,
          liveFigures: options.liveFigures,
          purpose: statedPurpose(purpose),
          sharing: options.sharing,
        });
      }),
      onOperation: (ctx, id, _payload, args) => {
        operationLog.executing(ctx, id, (args.contextValue as HubContext).requestId);
      },
      // Each result (every subscription event) writes its conditional reads before it is sent.
      onNext: async (ctx, id, _payload, args, result) => {
        const context = args.contextValue as HubContext;
        if (context?.accessLog && !context.accessLog.isEmpty) {
          try {
            await flushAccessLog(context, operationLabel(operationOf(args.document, args.operationName)));
          } catch (error) {
            logger.error({ requestId: context.requestId, err: error }, 'access log write failed; result withheld');
            const withheld = [{ message: ACCESS_LOG_FAILED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
            operationLog.resultSent(ctx, id, withheld);
            return { errors: withheld };
          }
        }
        const errors = result.errors ? formatErrors(result.errors) : undefined;
        operationLog.resultSent(ctx, id, errors);
        return errors ? { ...result, errors } : undefined;
      },
      onError: (ctx, id, _payload, errors) => {
        budget.release(ctx, id);
        const formatted = formatErrors(errors);
        operationLog.ended(ctx, id, ctx.extra.principal, formatted);
        return formatted;
      },
      onComplete: (ctx, id) => {
        budget.release(ctx, id);
        operationLog.ended(ctx, id, ctx.extra.principal);
      },
      onClose: (ctx) => budget.releaseAll(ctx),
    },
    wsServer,
    // The hub's own keep-alive (below) replaces graphql-ws's, so that what it ends is counted.
    0,
  );
  const stopKeepAlive = keepSocketsResponsive(wsServer, { intervalMs: options.keepAliveMs, logger, metrics });

  return {
    async close(): Promise<void> {
      // Close the sockets first (code 1001, going away) so clients reconnect elsewhere at once.
      stopKeepAlive();
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** A parse or validation error as HTTP reports it: the same message and locations, with its code. */
function withCode(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
}
