import type { MikroORM } from '@mikro-orm/sql';
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../server/logger.js';
import { inboundWebhookRoutes } from './inbound/webhook.js';
import { createConnectorMetrics } from './metrics.js';
import { startDeliveryWorkers, type DeliverySettings } from './worker.js';

export interface ConnectorRuntime {
  /** Mounted at `/connectors` on the hub's HTTP server: inbound webhooks. */
  inboundRoutes: Router;
  stop(): Promise<void>;
}

/** Everything connectors run inside a hub process: outbox workers, inbound endpoints, metrics. */
export function startConnectors(input: { orm: MikroORM; logger: Logger; registry: Registry; delivery: DeliverySettings }): ConnectorRuntime {
  const metrics = createConnectorMetrics(input.registry, input.orm);
  const workers = startDeliveryWorkers({ orm: input.orm, logger: input.logger, settings: input.delivery, metrics });
  const inboundRoutes = inboundWebhookRoutes(input.orm, { logger: input.logger, metrics });
  let stopped: Promise<void> | undefined;
  return {
    inboundRoutes,
    stop: () => (stopped ??= workers.stop()),
  };
}
