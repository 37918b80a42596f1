import type { Connector } from '../../entities/connector.js';

/**
 * How the hub treats one outbound connector's department system, from its config with defaults.
 * Each connector has its own so that a department's slow or broken system costs only itself:
 * its own concurrency and timeout (a bulkhead), its own circuit, its own retry horizon.
 */
export interface ConnectorDeliverySettings {
  /** How long after a delivery's first failure the hub keeps retrying before dead-lettering it. */
  retryHorizonMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Transient failures in a row that open the circuit. */
  circuitFailureThreshold: number;
  /** While the circuit is open, one probe per this interval (or at the peer's Retry-After). */
  circuitProbeMs: number;
  /** Deliveries in flight at once to this connector, across all hub processes. */
  concurrency: number;
  /** An attempt with no answer after this long fails (and frees its slot). */
  timeoutMs: number;
  /** Optional cap on attempts (null: the horizon alone decides). */
  maxAttempts: number | null;
}

/** A night of maintenance, a weekend with a holiday: three days. */
export const DEFAULT_RETRY_HORIZON_MS = 72 * 3_600_000;
export const DEFAULT_DELIVERY_SETTINGS: Omit<ConnectorDeliverySettings, 'maxAttempts'> = {
  retryHorizonMs: DEFAULT_RETRY_HORIZON_MS,
  backoffBaseMs: 1_000,
  backoffMaxMs: 10 * 60_000,
  circuitFailureThreshold: 5,
  circuitProbeMs: 30_000,
  concurrency: 4,
  timeoutMs: 10_000,
};

export function deliverySettingsOf(connector: Pick<Connector, 'config' | 'maxAttempts'>): ConnectorDeliverySettings {
  const config = connector.config as Partial<Record<keyof ConnectorDeliverySettings, number>>;
  const pick = (key: keyof typeof DEFAULT_DELIVERY_SETTINGS) =>
    typeof config[key] === 'number' ? config[key] : DEFAULT_DELIVERY_SETTINGS[key];
  return {
    retryHorizonMs: pick('retryHorizonMs'),
    backoffBaseMs: pick('backoffBaseMs'),
    backoffMaxMs: pick('backoffMaxMs'),
    circuitFailureThreshold: pick('circuitFailureThreshold'),
    circuitProbeMs: pick('circuitProbeMs'),
    concurrency: pick('concurrency'),
    timeoutMs: pick('timeoutMs'),
    maxAttempts: connector.maxAttempts ?? null,
  };
}

/**
 * The same defaults as SQL over `connector c`, for the claim query (which decides, in the
 * database, how many deliveries each connector may have in flight and when it may be probed).
 */
export const settingSql = (key: 'concurrency' | 'circuitProbeMs' | 'timeoutMs', alias = 'c') =>
  `coalesce((${alias}.config->>'${key}')::int, ${DEFAULT_DELIVERY_SETTINGS[key]})`;
