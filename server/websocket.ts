import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Principal } from '../domain/auth/principal.js';
import { createErrorFormatter } from '../schema/format-error.js';
import type { Logger } from '../support/logger.js';
import type { Metrics } from './metrics.js';
import type { HubContext } from '../schema/context.js';
import { REVOKED_CLOSE_REASON, type CredentialSockets } from './credential-sockets.js';
import { maskHookErrors } from './websocket-errors.js';
import { WebSocketOperationLog } from './websocket-operation-log.js';
import { SharedSubscriptions } from './shared-subscriptions.js';
import { endIfBacklogged, keepSocketsResponsive } from './websocket-keepalive.js';
import { operationLabel, operationOf } from './operation-label.js';
import { ACCESS_LOG_FAILED_MESSAGE, type RequestPipeline } from './request-pipeline.js';
import { WebSocketBudget, type WebSocketBudgetLimits } from './limits/websocket-budget.js';

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
  /** The steps every operation takes, shared with HTTP (server/request-pipeline.ts). */
  pipeline: RequestPipeline;
  logger: Logger;
  metrics: Metrics;
  connectionInitTimeoutMs: number;
  /** How often each socket is pinged; one that has not answered the previous ping is ended. */
  keepAliveMs: number;
  /** Unsent bytes a socket may hold before the hub ends it as a client that does not read. */
  maxBufferedBytes: number;
  exposeInternals: boolean;
  /** The largest message (and frame) a socket may send: HTTP's body limit, enforced by `ws` as it reads. */
  maxPayloadBytes: number;
  budget: WebSocketBudgetLimits;
  credentialSockets: CredentialSockets;
}) {
  const { pipeline, logger, metrics } = options;
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
      webSocket.on('error', (error: Error & { code?: string }) =>
        logger.info({ code: error.code, reason: error.message }, 'websocket closed on a protocol error'),
      );
    });
  });
  const budget = new WebSocketBudget(options.budget);
  const operationLog = new WebSocketOperationLog(logger);
  const sharedSubscriptions = new SharedSubscriptions(metrics);
  wsServer.on('connection', (socket) => {
    metrics.webSocketConnections.inc();
    socket.once('close', () => metrics.webSocketConnections.dec());
    // When the hub ends a socket (it stopped reading, or answering pings), its unsent messages fail
    // with ECANCELED, and graphql-ws would print each as an internal error with its stack; the end
    // is deliberate and already logged and counted, so a send to a socket no longer open just ends.
    const send = socket.send.bind(socket) as (data: unknown, options: object, callback?: (error?: Error) => void) => void;
    socket.send = ((data: unknown, optionsOrCallback?: object | ((error?: Error) => void), callback?: (error?: Error) => void) => {
      const done = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
      const sendOptions = typeof optionsOrCallback === 'object' ? optionsOrCallback : {};
      send(data, sendOptions, done && ((error) => done(socket.readyState === socket.OPEN ? error : undefined)));
    }) as typeof socket.send;
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
        const result = await pipeline.authenticate(ctx.connectionParams?.authorization);
        if (result.kind !== 'authenticated') {
          logger.info({ reason: result.kind === 'rejected' ? result.reason : 'no credential' }, 'websocket connection refused');
          return false;
        }
        ctx.extra.principal = result.principal;
        options.credentialSockets.add(result.principal.credentialId, ctx.extra.socket);
        return true;
      }),
      // The request pipeline per operation, before it runs: limit and admit as on HTTP, after the
      // socket's own budget and the revocation check.
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
        const principal = ctx.extra.principal ?? null;
        if (principal && (await options.credentialSockets.isRevoked(principal.credentialId))) {
          options.credentialSockets.close(principal.credentialId);
          return [new GraphQLError(REVOKED_CLOSE_REASON, { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const limited = await pipeline.limit(principal, ctx.extra.request.socket.remoteAddress);
        if (limited) return [limited];
        // graphql-ws would validate after this hook, but its errors carry no code and would be masked
        // as internal ones: validated here, they carry HTTP's GRAPHQL_VALIDATION_FAILED. As on HTTP,
        // an invalid document is refused before the limits measure it.
        const invalid = validate(options.schema, document);
        if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        // Every connection here has authenticated (onConnect refuses the others).
        const refusal = pipeline.admit(document, payload.operationName, payload.variables, true);
        return refusal ? [refusal] : undefined;
      }),
      context: maskHookErrors(logger, 'context', (ctx) =>
        pipeline.context({ requestId: randomUUID(), principal: ctx.extra.principal ?? null, purpose: ctx.connectionParams?.purpose }),
      ),
      onOperation: (ctx, id, _payload, args, result) => {
        operationLog.executing(ctx, id, (args.contextValue as HubContext).requestId);
        // A shared event without errors or reads to log is serialised once and written to every
        // subscriber's socket in one pass; the frame is the one graphql-ws's onNext path would send.
        const socket = ctx.extra.socket;
        const frameStart = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
        sharedSubscriptions.sendDirectly(result, {
          send: (resultJson) => {
            if (socket.readyState !== socket.OPEN || !(id in ctx.subscriptions)) return false;
            if (endIfBacklogged(socket, options.maxBufferedBytes, options)) return false;
            socket.send(frameStart + resultJson + '}');
            operationLog.resultSent(ctx, id, undefined);
            return true;
          },
        });
      },
      // Each result (every subscription event) writes its conditional reads before it is sent.
      onNext: async (ctx, id, _payload, args, result) => {
        // graphql-ws does not send to a socket that is no longer open.
        if (endIfBacklogged(ctx.extra.socket, options.maxBufferedBytes, options)) return undefined;
        const context = args.contextValue as HubContext;
        if (context?.accessLog) {
          try {
            await pipeline.log(context, operationLabel(operationOf(args.document, args.operationName)));
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
  const stopKeepAlive = keepSocketsResponsive(wsServer, {
    intervalMs: options.keepAliveMs,
    maxBufferedBytes: options.maxBufferedBytes,
    logger,
    metrics,
  });

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
