import type { MikroORM } from '@mikro-orm/sql';
import { Delivery } from '../entities/delivery.js';
import { DeliveryStatus } from '../domain/connectors/connector-kind.js';
import { payloadFor } from '../domain/connectors/outbound-payload.js';
import { SharingPolicySnapshot } from '../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../server/logger.js';
import { backgroundEm } from './background.js';
import { claimDeliveries, recordAttempt, type AttemptResult } from './delivery-store.js';
import { FanOutState, fanOutEvents } from './fan-out.js';
import type { ConnectorMetrics } from './metrics.js';
import { DeliveryFailure } from './outbound/transport.js';
import { TransportCache } from './transports.js';

export interface DeliverySettings {
  /** Concurrent claim loops in this process; 0 runs none (another process delivers). */
  workers: number;
  /** How long an idle loop sleeps before looking for due deliveries again. */
  pollMs: number;
  /** How long a claim is held; after it, another worker may take the delivery over. */
  leaseMs: number;
  /** Deliveries claimed at once by one loop. */
  batchSize: number;
}

export interface DeliveryWorkers {
  /** Stops claiming, lets attempts in progress finish, closes the transports. */
  stop(): Promise<void>;
}

/**
 * The outbox workers: each loop fans new events out into deliveries, claims a batch of due
 * ones, delivers them outside any transaction, and records every attempt. Several loops, in one
 * process or many, share the work safely through the claim (see `claimDeliveries`).
 */
export function startDeliveryWorkers(input: {
  orm: MikroORM;
  logger: Logger;
  settings: DeliverySettings;
  metrics: ConnectorMetrics;
  /** The sharing policy in force; payloads are cut to what each department may read. */
  sharing?: { readonly current: SharingPolicySnapshot };
}): DeliveryWorkers {
  const { orm, logger, settings, metrics } = input;
  const transports = new TransportCache();
  const fanOut = new FanOutState();
  let stopping = false;
  const sleepers = new Set<() => void>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  async function deliverOne(delivery: Delivery, claimToken: string): Promise<void> {
    const connector = delivery.connector;
    const event = delivery.event;
    const config = connector.config as { backoffBaseMs?: number; backoffMaxMs?: number };
    const registrationId = typeof event.payload.registrationId === 'string' ? event.payload.registrationId : null;
    const startedAt = new Date();
    const base = {
      deliveryId: delivery.id,
      claimToken,
      connectorId: connector.id,
      attempt: delivery.attempts,
      maxAttempts: connector.maxAttempts,
      backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
      startedAt,
      registrationId,
      departmentId: event.department.id,
    };
    let result: AttemptResult;
    try {
      const receipt = await transports.get(connector).deliver(payloadFor(event, connector, input.sharing?.current ?? SharingPolicySnapshot.empty()));
      result = { ...base, outcome: 'delivered', statusCode: receipt.statusCode ?? null };
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : new DeliveryFailure((error as Error)?.message ?? String(error));
      result = {
        ...base,
        outcome: failure.permanent ? 'permanent' : 'retry',
        statusCode: failure.statusCode,
        retryAfterMs: failure.retryAfterMs,
        error: failure.message,
      };
    }
    const status = await recordAttempt(backgroundEm(orm), result);
    const outcome = status === null ? 'lost_claim' : status === DeliveryStatus.DELIVERED ? 'delivered' : status === DeliveryStatus.DEAD ? 'dead' : 'retry';
    metrics.attempts.inc({ connector: connector.name, outcome });
    if (status === DeliveryStatus.DEAD) {
      logger.warn({ connector: connector.name, eventId: event.id, delivery: delivery.id, error: result.error }, 'delivery dead-lettered');
    }
  }

  async function runOnce(): Promise<number> {
    const em = backgroundEm(orm);
    await fanOutEvents(em, fanOut);
    const claim = await claimDeliveries(em, settings.batchSize, settings.leaseMs);
    if (claim.deliveryIds.length === 0) return 0;
    const deliveries = await backgroundEm(orm)
      .find(Delivery, { id: { $in: claim.deliveryIds } }, { populate: ['event', 'connector', 'connector.department'] as never });
    await Promise.all(
      deliveries.map((delivery) =>
        deliverOne(delivery, claim.token).catch((error: unknown) => logger.error({ err: error, delivery: delivery.id }, 'recording a delivery attempt failed')),
      ),
    );
    return claim.deliveryIds.length;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        if (!stopping) logger.error({ err: error }, 'delivery worker pass failed');
      }
      if (!stopping && claimed < settings.batchSize) await sleep(settings.pollMs);
    }
  }

  const loops = Array.from({ length: settings.workers }, () => loop());
  return {
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await Promise.allSettled(loops);
      await transports.closeAll();
    },
  };
}
