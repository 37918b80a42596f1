import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The hub's Prometheus metrics. Each hub instance has its own registry so that several hubs in
 * one process (tests, benchmarks) never mix their figures. Operation labels are root field names,
 * which the schema bounds, never client-chosen operation names.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'hub_graphql_requests_total',
      help: 'GraphQL operations handled, by operation type, root field and outcome.',
      labelNames: ['type', 'operation', 'outcome'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'hub_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its response.',
      labelNames: ['type', 'operation'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'hub_graphql_errors_total',
      help: 'Errors returned to clients, by extensions.code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    sharedSubscriptionExecutions: new Counter({
      name: 'hub_shared_subscription_executions_total',
      help: 'Subscription events executed once for every subscriber of the same document, variables and sharing outcome (server/shared-subscriptions.ts).',
      registers: [registry],
    }),
    sharedSubscriptionResults: new Counter({
      name: 'hub_shared_subscription_results_total',
      help: 'Results of shared executions handed to subscribers.',
      registers: [registry],
    }),
    webSocketsDropped: new Counter({
      name: 'hub_websockets_dropped_total',
      help: 'WebSockets the hub ended because their client stopped answering pings (unresponsive) or let its unsent messages pass the bound (backlog).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    webSocketConnections: new Gauge({
      name: 'hub_websocket_connections',
      help: 'Open graphql-ws connections.',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
