import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../../entities/connector.js';
import { Department } from '../../entities/department.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { checkConnectorConfig, checkConnectorSecrets } from './connector-config.js';
import { ConnectorDirection, directionOf, type ConnectorKind } from '../../entities/connector-kind.js';
import { isUuid } from './uuid.js';

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/;
const MAX_ATTEMPTS_LIMIT = 100;

export interface NewConnector {
  name: string;
  kind: ConnectorKind;
  departmentCode: string;
  eventTypes: string[];
  config: Record<string, unknown>;
  secrets?: Record<string, unknown> | null;
  enabled?: boolean | null;
  maxAttempts?: number | null;
  /** Outbound: also deliver the events recorded since this past instant (the history a late joiner needs). */
  deliverFrom?: Date | null;
}

export interface ConnectorChanges {
  eventTypes?: string[] | null;
  config?: Record<string, unknown> | null;
  /** Replaces all secrets when given. */
  secrets?: Record<string, unknown> | null;
  enabled?: boolean | null;
  maxAttempts?: number | null;
}

function checkEventTypes(eventTypes: string[]): string[] {
  if (eventTypes.length === 0) throw badUserInput('input.eventTypes', 'must name at least one event or record type');
  for (const [index, type] of eventTypes.entries()) {
    if (!EVENT_TYPE.test(type))
      throw badUserInput(`input.eventTypes.${index}`, `"${type}" is not a type such as enterprise.registered or enterprise.*`);
  }
  return [...new Set(eventTypes)];
}

function checkMaxAttempts(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_ATTEMPTS_LIMIT)
    throw badUserInput('input.maxAttempts', `must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}`);
  return value;
}

/**
 * An outbound connector receives the events recorded from its creation on, or from an earlier
 * instant the admin names. Only at creation: given to a connector that already delivered later
 * events of a record, the history would reach the department after them, out of order.
 */
function checkDeliverFrom(value: Date | null | undefined, direction: ConnectorDirection, createdAt: Date): Date | null {
  if (direction === ConnectorDirection.IN) {
    if (value != null)
      throw badUserInput('input.deliverFrom', 'only an outbound connector delivers events; an inbound one has no history to receive');
    return null;
  }
  if (value == null) return createdAt;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw badUserInput('input.deliverFrom', 'must be a date and time with its offset');
  if (value > createdAt)
    throw badUserInput('input.deliverFrom', `${value.toISOString()} is in the future; history is delivered from a past instant`);
  return value;
}

/** Registers a connector after checking its kind's configuration; nothing is written when a check fails. */
export async function createConnector(em: EntityManager, input: NewConnector): Promise<Connector> {
  const name = input.name.trim();
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name))
    throw badUserInput('input.name', 'must be 1–100 letters, digits, dots, dashes or underscores (it labels metrics)');
  const eventTypes = checkEventTypes(input.eventTypes);
  const config = checkConnectorConfig(input.kind, input.config);
  const secrets = checkConnectorSecrets(input.kind, input.secrets ?? {});
  const maxAttempts = input.maxAttempts == null ? null : checkMaxAttempts(input.maxAttempts);
  const direction = directionOf(input.kind);
  const createdAt = new Date();
  const deliverFrom = checkDeliverFrom(input.deliverFrom, direction, createdAt);
  return em.transactional(async (tx) => {
    const department = await tx.findOne(Department, { code: input.departmentCode });
    if (!department) throw notFound('input.departmentCode', `no department ${input.departmentCode}`);
    if (await tx.count(Connector, { name })) throw conflict('input.name', `a connector named ${name} already exists`);
    return tx.create(Connector, {
      name,
      kind: input.kind,
      direction,
      department,
      eventTypes,
      config,
      secrets,
      enabled: input.enabled ?? true,
      maxAttempts,
      createdAt,
      deliverFrom,
    });
  });
}

export async function updateConnector(em: EntityManager, id: string, changes: ConnectorChanges): Promise<Connector> {
  return em.transactional(async (tx) => {
    const connector = isUuid(id) ? await tx.findOne(Connector, { id }, { populate: ['department'] }) : null;
    if (!connector) throw notFound('id', `no connector ${id}`);
    if (changes.eventTypes != null) connector.eventTypes = checkEventTypes(changes.eventTypes);
    if (changes.config != null) connector.config = checkConnectorConfig(connector.kind, changes.config);
    if (changes.secrets != null) connector.secrets = checkConnectorSecrets(connector.kind, changes.secrets);
    else if (changes.config != null) checkConnectorSecrets(connector.kind, connector.secrets);
    if (changes.maxAttempts != null) connector.maxAttempts = checkMaxAttempts(changes.maxAttempts);
    if (changes.enabled != null) connector.enabled = changes.enabled;
    // Transports are cached by this timestamp: a change rebuilds the pool or connection.
    connector.updatedAt = new Date();
    return connector;
  });
}

/** Names of the secrets a connector holds, never their values. */
export const secretNames = (connector: Connector): string[] => Object.keys(connector.secrets ?? {}).sort();
