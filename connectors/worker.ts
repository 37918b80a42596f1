import type { MikroORM } from '@mikro-orm/sql';
import { Delivery } from '../entities/delivery.js';
import { DeliveryStatus } from '../entities/delivery-status.js';
import { deliverySettingsOf } from '../domain/connectors/delivery-settings.js';
import { payloadFor } from '../domain/connectors/outbound-payload.js';
import { SharingPolicySnapshot } from '../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../support/logger.js';
import { backgroundEm } from './background.js';
import { claimDeliveries, releaseClaims, renewLeases } from './delivery-claims-store.js';
import { recordAttempt, type AttemptResult, type RecordedAttempt } from './attempt-record.js';
import { FanOutState, fanOutEvents } from './fan-out.js';
import type { ConnectorMetrics } from './metrics.js';
import { DeliveryFailure } from './outbound/transport.js';
import { TransportCache } from './transports.js';

export interface DeliverySettings {
  /** Claim loops in this process; 0 runs none (another process delivers). */
  workers: number;
  /** How long an idle loop sleeps before looking for due deliveries again. */
  pollMs: number;
  /** How long a claim is held without a heartbeat; the heartbeat renews it every third of it while the attempt runs. */
  leaseMs: number;
  /** Deliveries one loop keeps in flight at most (each connector also has its own limit). */
  batchSize: number;
  /** At shutdown, how long attempts in flight may still finish before their claims are handed back. */
  drainMs?: number;
}

export interface DeliveryWorkers {
  /** Stops claiming, lets attempts in flight finish for `drainMs`, hands the rest back, closes the transports. */
  stop(): Promise<void>;
}

/** How long an attempt's outcome is retried into a database that does not answer, while the heartbeat holds the claim. */
const RECORD_RETRY_MS = 30_000;
const DEFAULT_DRAIN_MS = 5_000;
const MAX_FAILURE_PAUSE_MS = 5_000;
/** After handing claims back, how long aborted attempts get to unwind before the transports close regardless. */
const UNWIND_MS = 2_000;

interface RunningAttempt {
  deliveryId: string;
  claimToken: string;
  startedAt: Date;
  controller: AbortController;
  /** Handed back at shutdown: its outcome must not be recorded over the release. */
  released: boolean;
  /** The department answered (or the attempt failed): only its recording is left. */
  answered: boolean;
  done: Promise<void>;
}

/**
 * The outbox workers. Each loop fans new events out into deliveries, claims due ones (the claim
 * gives each connector no more than its own concurrency, and an open circuit only a probe), and
 * starts each attempt without waiting for the others: a department that answers in 5 s, or
 * never, occupies its own slots and nobody else's. A heartbeat renews the leases of the
 * attempts still running, so a short lease is enough and a dead process's claims come back
 * quickly. Several loops, in one process or many, share the work safely through the claim.
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
  const running = new Map<string, RunningAttempt>();
  const capacity = settings.workers * settings.batchSize;
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
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };

  async function attempt(delivery: Delivery, entry: RunningAttempt): Promise<AttemptResult> {
    const connector = delivery.connector;
    const event = delivery.event;
    const connectorSettings = deliverySettingsOf(connector);
    const base = {
      deliveryId: delivery.id,
      claimToken: entry.claimToken,
      connectorId: connector.id,
      attempt: delivery.attempts,
      settings: connectorSettings,
      failingSince: delivery.failingSince ?? null,
      startedAt: entry.startedAt,
      registrationId: typeof event.payload.registrationId === 'string' ? event.payload.registrationId : null,
      departmentId: event.department.id,
    };
    // The bulkhead's timeout holds whatever the transport does; a transport that honours the signal stops sooner.
    const timeout = AbortSignal.timeout(connectorSettings.timeoutMs + 1_000);
    const signal = AbortSignal.any([entry.controller.signal, timeout]);
    try {
      const receipt = await new Promise<{ statusCode?: number | null }>((resolve, reject) => {
        const onAbort = () =>
          reject(
            new DeliveryFailure(
              timeout.aborted
                ? `no answer within ${connectorSettings.timeoutMs} ms`
                : 'abandoned: the hub is shutting down or lost the claim',
            ),
          );
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        transports
          .get(connector)
          .deliver(payloadFor(event, connector, input.sharing?.current ?? SharingPolicySnapshot.empty()), {
            signal,
            possiblyDelivered: delivery.possiblyDelivered,
          })
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
      });
      return { ...base, outcome: 'delivered', statusCode: receipt.statusCode ?? null };
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : new DeliveryFailure((error as Error)?.message ?? String(error));
      return {
        ...base,
        outcome: failure.permanent ? 'permanent' : 'retry',
        statusCode: failure.statusCode,
        retryAfterMs: failure.retryAfterMs,
        error: failure.message,
      };
    }
  }

  /**
   * Writes the outcome down, retrying while the database is away (the heartbeat keeps the claim
   * meanwhile): a department that has the event must not get it twice because of our database.
   */
  async function record(result: AttemptResult, entry: RunningAttempt): Promise<RecordedAttempt | null | 'released'> {
    const giveUpAt = Date.now() + RECORD_RETRY_MS;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      if (entry.released) return 'released';
      try {
        return await recordAttempt(backgroundEm(orm), result);
      } catch (error) {
        if (Date.now() + wait > giveUpAt || entry.released) throw error;
        logger.warn({ err: error, delivery: result.deliveryId }, 'recording a delivery attempt failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async function deliverOne(delivery: Delivery, entry: RunningAttempt): Promise<void> {
    const result = await attempt(delivery, entry);
    entry.answered = true;
    if (entry.released) return;
    const recorded = await record(result, entry);
    if (recorded === 'released') return;
    const status = recorded?.status ?? null;
    const outcome =
      status === null
        ? 'lost_claim'
        : status === DeliveryStatus.DELIVERED
          ? 'delivered'
          : status === DeliveryStatus.DEAD
            ? 'dead'
            : 'retry';
    metrics.attempts.inc({ connector: delivery.connector.name, outcome });
    if (recorded?.circuitOpened)
      logger.warn(
        { connector: delivery.connector.name, error: result.error },
        'connector circuit opened: probing until the department system answers',
      );
    if (recorded?.circuitClosed) {
      logger.info({ connector: delivery.connector.name }, 'connector circuit closed: delivering what waited');
      wakeAll();
    }
    if (status === DeliveryStatus.DEAD) {
      logger.warn(
        { connector: delivery.connector.name, eventId: delivery.event.id, delivery: delivery.id, error: result.error },
        'delivery dead-lettered',
      );
    }
  }

  function start(delivery: Delivery, claimToken: string): void {
    const entry: RunningAttempt = {
      deliveryId: delivery.id,
      claimToken,
      startedAt: new Date(),
      controller: new AbortController(),
      released: false,
      answered: false,
      done: Promise.resolve(),
    };
    running.set(delivery.id, entry);
    entry.done = deliverOne(delivery, entry)
      .catch((error: unknown) => logger.error({ err: error, delivery: delivery.id }, 'recording a delivery attempt failed'))
      .finally(() => {
        running.delete(delivery.id);
        wakeAll();
      });
  }

  async function runOnce(): Promise<number> {
    const room = capacity - running.size;
    if (room <= 0) return 0;
    const em = backgroundEm(orm);
    await fanOutEvents(em, fanOut);
    if (stopping) return 0;
    const claim = await claimDeliveries(em, Math.min(room, settings.batchSize), settings.leaseMs);
    if (claim.deliveryIds.length === 0) return 0;
    const deliveries = await backgroundEm(orm).find(
      Delivery,
      { id: { $in: claim.deliveryIds } },
      { populate: ['event', 'connector', 'connector.department'] as never },
    );
    for (const delivery of deliveries) start(delivery, claim.token);
    return claim.deliveryIds.length;
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
        failures = 0;
      } catch (error) {
        // The database away: say so once per growing pause, not once per poll.
        failures += 1;
        if (!stopping) logger.error({ err: error, failures }, 'delivery worker pass failed');
      }
      const pause = failures > 0 ? Math.min(settings.pollMs * 2 ** failures, MAX_FAILURE_PAUSE_MS) : settings.pollMs;
      if (!stopping && (failures > 0 || claimed === 0 || running.size >= capacity)) await sleep(pause);
    }
  }

  const heartbeat = setInterval(
    () => {
      // Answered attempts too: their outcome may still be waiting for the database.
      const entries = [...running.values()].filter((entry) => !entry.released);
      const tokens = [...new Set(entries.map((entry) => entry.claimToken))];
      renewLeases(backgroundEm(orm), tokens, settings.leaseMs).then(
        (held) => {
          // A claim this process no longer holds (it stalled past its lease and another worker took
          // over) is abandoned, so that two workers do not send the same event at once.
          for (const entry of entries) {
            if (held.has(entry.deliveryId) || entry.answered) continue;
            logger.warn({ delivery: entry.deliveryId }, 'delivery lease lost to another worker; abandoning the attempt');
            entry.controller.abort();
          }
        },
        (error: unknown) => logger.warn({ err: error }, 'renewing delivery leases failed'),
      );
    },
    Math.max(50, Math.floor(settings.leaseMs / 3)),
  );
  heartbeat.unref();

  const loops = Array.from({ length: settings.workers }, () => loop());
  return {
    async stop() {
      stopping = true;
      wakeAll();
      await Promise.allSettled(loops);
      const drainMs = settings.drainMs ?? DEFAULT_DRAIN_MS;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running.values()].map((entry) => entry.done)),
        new Promise((resolve) => (timer = setTimeout(resolve, drainMs))),
      ]);
      clearTimeout(timer);
      const unfinished = [...running.values()];
      for (const entry of unfinished) entry.released = true;
      try {
        const released = await releaseClaims(backgroundEm(orm), unfinished);
        if (released) logger.warn({ released }, 'handed unfinished deliveries back for another hub (possibly delivered)');
      } catch (error) {
        logger.error({ err: error }, 'handing deliveries back failed; their leases run out instead');
      }
      clearInterval(heartbeat);
      for (const entry of unfinished) entry.controller.abort();
      await Promise.race([
        Promise.allSettled(unfinished.map((entry) => entry.done)),
        new Promise((resolve) => setTimeout(resolve, UNWIND_MS).unref()),
      ]);
      await transports.closeAll();
    },
  };
}
