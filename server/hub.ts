import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/sql';
import { GraphQLError } from 'graphql';
import { buildHubSchema } from './build-schema.js';
import { compiledExecution } from './compiled-execution.js';
import { freeReadPlanner } from '../schema/free-read-plan.js';
import { createErrorFormatter } from '../schema/format-error.js';
import type { HubConfig } from './config.js';
import type { HubContext } from '../schema/context.js';
import { RequestPipeline } from './request-pipeline.js';
import { useRequestPipeline } from './use-request-pipeline.plugin.js';
import { healthRoutes } from './health.js';
import { graphqlPostRoute, isGraphQLPost, type GraphQLRequestFacts } from './graphql-post-route.js';
import { createExpressApp, graphqlBodyParser, requestErrorHandler, requireJsonPost } from './http-app.js';
import { landingPage } from './landing-page.js';
import { maskedErrorHandler, notFoundHandler } from './http-errors.js';
import type { Logger } from '../support/logger.js';
import { createMetrics } from './metrics.js';
import { initOrm } from './orm.js';
import { useMetrics } from './use-metrics.plugin.js';
import { metricsRoute } from './metrics-route.js';
import { useRequestId } from './use-request-id.plugin.js';
import { useJsonStatus } from './use-json-status.plugin.js';
import { createRequestLog } from './request-log.js';
import { contextCreationError, useUnavailableStatus } from './unavailable-response.js';
import { attachWebSocketServer } from './websocket.js';
import { CredentialSockets } from './credential-sockets.js';
import { trackDatabasePool } from './database-pool-metrics.js';
import { createConnectorRuntime } from '../connectors/runtime.js';
import type { HubPubSub } from '../support/pubsub.js';
import { createSharedPubSub, listen } from '../support/shared-pubsub.js';
import { CredentialCache } from '../domain/auth/credential-cache.js';
import { CREDENTIAL_REVOKED, type CredentialRevoked } from '../domain/auth/credential-revoked.js';
import { LiveFigures } from '../domain/live-counts/live-figures.js';
import { CountsAfterCommit } from '../domain/live-counts/counts-after-commit.js';
import { COUNTS_CHANGED } from '../domain/live-counts/counts-changed.js';
import { attachReferenceData, REFERENCE_DATA_CHANGED } from '../domain/reference-data/reference-data.js';
import { ReferenceDataAfterCommit } from '../domain/reference-data/reference-data-after-commit.js';
import { publishedKeys } from '../domain/licence/signing-keys.js';
import { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import { limitBatchSize } from './limits/batch-limit.js';
import { createRateLimiter } from './limits/rate-limit.js';
import { accessLogName, startAccessLog, type AccessLog } from '../domain/access-log/access-log.js';
import { startCaseServices } from '../domain/cases/case-alert-scheduler.js';
import { consoleRoutes } from './console-routes.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { explorerForBrowsers, explorerRoutes } from './explorer-routes.js';
import { fontsRoutes } from './fonts-routes.js';
import { simulatedSystemRoutes } from '../demo/simulated-department-systems.js';

export interface RunningHub {
  url: string;
  port: number;
  orm: MikroORM;
  httpServer: Server;
  /** Where resolvers publish after a commit; tests and in-process consumers listen on it. */
  pubSub: HubPubSub;
  /** The sharing policy in force (reloaded after every policy change). */
  sharing: SharingPolicyCache;
  /** The figures live-count subscriptions share, one count per scope and change. */
  liveFigures: LiveFigures;
  /** The keyed access log and its checkpoints. */
  accessLog: AccessLog;
  /** Stops accepting, finishes in-flight requests, closes sockets and the ORM; bounded in time. */
  close(): Promise<void>;
}

/** Starts the hub: database and migrations, GraphQL over HTTP and WebSocket on one port. */
export async function startHub(config: HubConfig, logger: Logger, options: { orm?: MikroORM } = {}): Promise<RunningHub> {
  const orm = options.orm ?? (await initOrm(config.database));
  // Before anything can read conditional data: nothing is served that could not be logged.
  const accessLog = await startAccessLog(orm.em, { ...config.accessLog, name: accessLogName(config.database) }, logger);
  const exposeInternals = config.nodeEnv === 'development';
  const { pubSub, close: closePubSub } = createSharedPubSub(config.redisUrl, logger);
  // Before any write: every commit that changes a live count publishes it, whoever wrote.
  const countsAfterCommit = new CountsAfterCommit((change) => pubSub.publish(COUNTS_CHANGED, change));
  orm.em.getEventManager().registerSubscriber(countsAfterCommit);
  // Reference data read once per process, forgotten after a commit that changes it, here or elsewhere.
  const referenceData = attachReferenceData(orm.em);
  let announcingReferenceChanges = true;
  orm.em
    .getEventManager()
    .registerSubscriber(
      new ReferenceDataAfterCommit(referenceData, () => announcingReferenceChanges && pubSub.publish(REFERENCE_DATA_CHANGED, {})),
    );
  const stopFollowingReferenceChanges = listen(pubSub, REFERENCE_DATA_CHANGED, () => referenceData.forget());
  const schema = await buildHubSchema(pubSub);
  const sharing = await SharingPolicyCache.start(orm.em, pubSub);
  const rateLimiter = createRateLimiter({ ...config.rateLimit, redisUrl: config.redisUrl });
  const caseServices = await startCaseServices(orm, pubSub, logger);
  const liveFigures = new LiveFigures({ em: orm.em, pubSub, logger });
  const metrics = createMetrics();
  await trackDatabasePool(orm, metrics);
  const connectors = createConnectorRuntime({ orm, logger, registry: metrics.registry, delivery: config.delivery, sharing });
  const app = createExpressApp();
  // POST /graphql goes to its own route once Apollo has started (server/graphql-post-route.ts); everything else to Express.
  const routes: { graphqlPost?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const httpServer = createServer((req, res) => (routes.graphqlPost && isGraphQLPost(req) ? routes.graphqlPost(req, res) : app(req, res)));
  let shuttingDown = false;

  const credentialSockets = new CredentialSockets({ em: orm.em, pubSub, logger });
  const credentials = new CredentialCache();
  const stopForgettingRevoked = listen(pubSub, CREDENTIAL_REVOKED, (event) =>
    credentials.forget((event as CredentialRevoked).credentialId),
  );
  const pipeline = new RequestPipeline({
    orm,
    schema,
    credentials,
    rateLimiter,
    limits: config.limits,
    introspection: config.introspection,
    pubSub,
    liveFigures,
    sharing,
  });
  const webSockets = attachWebSocketServer({
    httpServer,
    schema,
    pipeline,
    logger,
    metrics,
    connectionInitTimeoutMs: config.wsConnectionInitTimeoutMs,
    keepAliveMs: config.wsKeepAliveMs,
    maxBufferedBytes: config.wsMaxBufferedBytes,
    exposeInternals,
    credentialSockets,
    maxPayloadBytes: config.maxRequestBytes,
    budget: config.webSocket,
  });

  const requestLog = createRequestLog(logger);
  const apollo = new ApolloServer<HubContext>({
    // Each document compiled once (graphql-jit) rather than interpreted field by field, against the schema
    // planned for its reader's free reads (server/compiled-execution.ts, schema/free-read-plan.ts).
    gateway: compiledExecution(schema, freeReadPlanner(schema)),
    // Who may introspect is the hub's INTROSPECTION setting, applied by the request pipeline's admission (server/request-pipeline.ts).
    introspection: true,
    includeStacktraceInErrorResponses: exposeInternals,
    formatError: createErrorFormatter(exposeInternals),
    // Batches are off unless MAX_BATCH_SIZE allows them; larger ones are refused by limitBatchSize.
    allowBatchedHttpRequests: config.limits.maxBatchSize > 1,
    // Shutdown is ours (server/main.ts): Apollo's own handler would re-raise the signal and kill the process mid-close.
    stopOnTerminationSignals: false,
    // Compact JSON: Apollo's default indents every response, which costs the read path CPU and bytes for no reader.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // The hub sets no cache hints; the default plugin would still walk every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      useRequestId(logger),
      requestLog.plugin,
      useMetrics(metrics),
      useRequestPipeline(pipeline, logger),
      useJsonStatus(),
      useUnavailableStatus(),
    ],
  });
  await apollo.start();

  // The request pipeline's first steps (server/request-pipeline.ts); admit and log are plugin hooks.
  const graphqlContext = async (request: GraphQLRequestFacts): Promise<HubContext> => {
    const auth = await pipeline.authenticate(request.authorization).catch((error: unknown) => {
      throw contextCreationError(error, request.requestId, logger);
    });
    const principal = auth.kind === 'authenticated' ? auth.principal : null;
    const limited = await pipeline.limit(principal, request.remoteAddress).catch((error: unknown) => {
      throw contextCreationError(error, request.requestId, logger);
    });
    if (limited) throw limited;
    if (auth.kind === 'rejected') {
      throw new GraphQLError(auth.reason, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    return pipeline.context({ requestId: request.requestId, principal, purpose: request.purpose });
  };
  routes.graphqlPost = graphqlPostRoute({
    apollo,
    context: graphqlContext,
    track: requestLog.track,
    maxRequestBytes: config.maxRequestBytes,
    maxBatchSize: config.limits.maxBatchSize,
    logger,
    exposeInternals,
  });
  // GET /graphql (a query in the URL, or a browser sent on to the explorer), and what is not a POST.
  app.use('/graphql', explorerForBrowsers, requestLog.middleware);
  app.use(
    '/graphql',
    requireJsonPost,
    graphqlBodyParser(config.maxRequestBytes),
    limitBatchSize(config.limits.maxBatchSize),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        graphqlContext({
          requestId: req.requestId,
          authorization: req.header('authorization'),
          purpose: req.header('x-purpose'),
          remoteAddress: req.socket.remoteAddress,
        }),
    }),
  );

  app.use(healthRoutes(orm, () => shuttingDown));
  app.get('/metrics', metricsRoute(orm, metrics));
  app.get('/', landingPage);
  app.use('/connectors', connectors.inboundRoutes);
  app.use(dashboardRoutes());
  app.use(consoleRoutes());
  app.use(fontsRoutes());
  app.use(explorerRoutes());
  // The demo's simulated department systems answer only what their connectors signed (demo/).
  if (config.demoData) app.use(simulatedSystemRoutes(orm, logger));
  // Public keys of the licence signatures, for verifiers that work offline (RFC 7517).
  app.get('/.well-known/jwks.json', async (_req, res, next) => {
    try {
      res.set('cache-control', 'public, max-age=300').json(await publishedKeys(orm.em.fork()));
    } catch (error) {
      next(error);
    }
  });
  app.use(notFoundHandler);
  app.use(requestErrorHandler);
  app.use(maskedErrorHandler(logger, exposeInternals));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  connectors.start();
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    shuttingDown = true;
    // Delivery stops claiming at once and drains alongside the HTTP shutdown, not after it.
    const connectorsStopped = connectors.stop();
    const orderly = (async () => {
      await caseServices.close();
      await credentialSockets.stop();
      stopForgettingRevoked();
      await webSockets.close();
      liveFigures.close();
      await apollo.stop();
    })();
    const timedOut = await Promise.race([
      orderly.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), config.shutdownTimeoutMs).unref()),
    ]);
    if (timedOut) {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing remaining connections');
      httpServer.closeAllConnections();
    }
    await Promise.race([connectorsStopped, new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref())]);
    await accessLog.close();
    await sharing.stop();
    await rateLimiter.close();
    countsAfterCommit.stop();
    announcingReferenceChanges = false;
    stopFollowingReferenceChanges();
    await closePubSub();
    // A pool whose server is gone may wait forever for its connections; shutdown stays bounded.
    const closedInTime = await Promise.race([
      orm.close(timedOut).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdownTimeoutMs).unref()),
    ]);
    if (!closedInTime) {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'the database connections did not close in time; closing them by force');
      await Promise.race([orm.close(true), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
  }

  return {
    url: `http://${shownHost}:${port}`,
    port,
    orm,
    httpServer,
    pubSub,
    sharing,
    liveFigures,
    accessLog,
    close: () => (closing ??= shutdown()),
  };
}
