import type { EntityManager } from '@mikro-orm/sql';
import { CircuitState } from '../../entities/circuit-state.js';
import { connectorFigureRows } from './connector-figures-store.js';

/**
 * Where an outbound connector stands, read from live state in one query: its deliveries as they
 * are now (not the last thing a worker wrote on the connector) and its circuit. The GraphQL
 * `connectorHealth` and the Prometheus gauges both read this, so they cannot disagree.
 */
export interface ConnectorFigures {
  connectorId: string;
  name: string;
  enabled: boolean;
  /** Not yet delivered and not dead: PENDING plus IN_FLIGHT. */
  backlog: number;
  /** Attempts running under a live lease. */
  inFlight: number;
  /** IN_FLIGHT under a lease that ran out: their worker died; the next claim takes them over. */
  stalled: number;
  /** Waiting for a retry after failing (the department's system failed them). */
  retrying: number;
  dead: number;
  delivered: number;
  oldestWaitingAt: Date | null;
  circuitState: CircuitState;
  circuitOpenedAt: Date | null;
  circuitProbeAt: Date | null;
  consecutiveFailures: number;
}

const date = (value: Date | string | null) => (value == null ? null : new Date(value));

/** The figures of the given connectors (in that order), or of every outbound connector. */
export async function connectorFigures(
  em: EntityManager,
  connectorIds?: readonly string[],
  loggerContext?: Record<string, unknown>,
): Promise<ConnectorFigures[]> {
  if (connectorIds && connectorIds.length === 0) return [];
  const rows = await connectorFigureRows(em, connectorIds, loggerContext);
  const figures = rows.map((row): ConnectorFigures => ({
    connectorId: row.id,
    name: row.name,
    enabled: row.enabled,
    backlog: Number(row.backlog ?? 0),
    inFlight: Number(row.in_flight ?? 0),
    stalled: Number(row.stalled ?? 0),
    retrying: Number(row.retrying ?? 0),
    dead: Number(row.dead ?? 0),
    delivered: Number(row.delivered ?? 0),
    oldestWaitingAt: date(row.oldest),
    circuitState: row.circuit_state,
    circuitOpenedAt: date(row.circuit_opened_at),
    circuitProbeAt: date(row.circuit_probe_at),
    consecutiveFailures: Number(row.consecutive_failures ?? 0),
  }));
  if (!connectorIds) return figures;
  const byId = new Map(figures.map((row) => [row.connectorId, row]));
  return connectorIds.map((id) => byId.get(id)!);
}

/** Healthy: enabled, circuit closed, nothing failing, stalled or dead-lettered. */
export function isHealthy(figures: ConnectorFigures): boolean {
  return (
    figures.enabled && figures.circuitState === CircuitState.CLOSED && figures.dead === 0 && figures.retrying === 0 && figures.stalled === 0
  );
}
