import type { MikroORM } from '@mikro-orm/sql';
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { SharingPolicySnapshot } from '../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../support/logger.js';
import { startPullScheduler } from './inbound/pull-scheduler.js';
import { inboundWebhookRoutes } from './inbound/webhook.js';
import { createConnectorMetrics } from './metrics.js';
import { startDeliveryWorkers, type DeliverySettings, type DeliveryWorkers } from './worker.js';

export interface ConnectorRuntime {
  /** Mounted at `/connectors` on the hub's HTTP server: inbound webhooks. */
  inboundRoutes: Router;
  /** Starts the outbox workers and pull schedules (once the hub is listening). */
  start(): void;
  stop(): Promise<void>;
}

/** Everything connectors run inside a hub process: outbox workers, pull schedules, inbound endpoints, metrics. */
export function createConnectorRuntime(input: {
  orm: MikroORM;
  logger: Logger;
  registry: Registry;
  delivery: DeliverySettings;
  sharing?: { readonly current: SharingPolicySnapshot };
}): ConnectorRuntime {
  const metrics = createConnectorMetrics(input.registry, input.orm);
  let workers: DeliveryWorkers | null = null;
  let pulls: { stop(): Promise<void> } | null = null;
  let stopped: Promise<void> | undefined;
  return {
    inboundRoutes: inboundWebhookRoutes(input.orm, { logger: input.logger, metrics, sharing: input.sharing }),
    start() {
      if (stopped || workers) return;
      workers = startDeliveryWorkers({ orm: input.orm, logger: input.logger, settings: input.delivery, metrics, sharing: input.sharing });
      // Pulls run where deliveries run: a hub started with DELIVERY_WORKERS=0 leaves both to others.
      if (input.delivery.workers > 0)
        pulls = startPullScheduler({
          orm: input.orm,
          logger: input.logger,
          metrics,
          tickMs: input.delivery.pollMs,
          leaseMs: input.delivery.leaseMs,
          sharing: input.sharing,
        });
    },
    stop: () => (stopped ??= Promise.all([workers?.stop(), pulls?.stop()]).then(() => undefined)),
  };
}
