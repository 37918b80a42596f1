import type { MikroORM } from '@mikro-orm/sql';
import { expect } from 'vitest';
import { recordOutboxEvents } from '../../domain/outbox/record-event.js';
import { Department } from '../../entities/department.js';
import { graphql } from '../support/graphql-client.js';
import type { TestHub } from '../support/test-hub.js';

export const HMAC_SECRET = 'test-secret-0123456789abcdef';

export const CREATE_CONNECTOR = `
  mutation Create($input: CreateConnectorInput!) {
    createConnector(input: $input) { id name kind direction enabled eventTypes config secretNames maxAttempts department { code } }
  }
`;

export const DELIVERIES = `
  query Deliveries($filter: DeliveryFilterInput, $first: Int, $after: String) {
    deliveries(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id eventId eventType aggregateKey status attempts nextAttemptAt lastError deliveredAt
        connector { name }
        history { number outcome statusCode error retryAfterMs finishedAt }
      }
    }
  }
`;

export interface DeliveryNode {
  id: string;
  eventId: string;
  eventType: string;
  aggregateKey: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  connector: { name: string };
  history: Array<{
    number: number;
    outcome: string;
    statusCode: number | null;
    error: string | null;
    retryAfterMs: number | null;
    finishedAt: string;
  }>;
}

let serial = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

/** Registers a connector through the API as the admin and fails the test unless it worked. */
export async function createConnector(hub: TestHub, input: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const response = await graphql<{ createConnector: { id: string; name: string } }>(hub.url, CREATE_CONNECTOR, {
    token: hub.tokens.admin,
    variables: { input },
  });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.createConnector;
}

/** An inbound webhook of `departmentCode` for `recordTypes`, signed with HMAC_SECRET. */
export function createInboundWebhook(
  hub: TestHub,
  departmentCode: string,
  recordTypes: readonly string[],
): Promise<{ id: string; name: string }> {
  return createConnector(hub, {
    name: uniqueName(`${departmentCode.toLowerCase()}-inbound`),
    kind: 'INBOUND_WEBHOOK',
    departmentCode,
    eventTypes: [...recordTypes],
    config: {},
    secrets: { hmacSecret: HMAC_SECRET },
  });
}

export function webhookInput(
  departmentCode: string,
  url: string,
  overrides: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
) {
  return {
    name: uniqueName(`${departmentCode.toLowerCase()}-webhook`),
    kind: 'WEBHOOK',
    departmentCode,
    eventTypes: ['enterprise.*'],
    config: {
      url,
      timeoutMs: 2_000,
      successField: 'code',
      successValue: 0,
      backoffBaseMs: 50,
      backoffMaxMs: 200,
      circuitProbeMs: 100,
      ...config,
    },
    secrets: { hmacSecret: HMAC_SECRET },
    ...overrides,
  };
}

/** Writes outbox events the way a domain write does (its own transaction), returning their ids in order. */
export async function recordEvents(
  orm: MikroORM,
  departmentCode: string,
  events: Array<{ type: string; key: string; payload?: Record<string, unknown> }>,
): Promise<string[]> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const department = await tx.findOneOrFail(Department, { code: departmentCode });
    const ids: string[] = [];
    for (const event of events) {
      const [recorded] = recordOutboxEvents(
        tx,
        { eventType: event.type, aggregateType: 'enterprise', aggregateKey: event.key, payload: event.payload ?? { key: event.key } },
        [department],
      );
      ids.push(recorded.id);
    }
    return ids;
  });
}

export async function listDeliveries(hub: TestHub, filter: Record<string, unknown>, first = 500): Promise<DeliveryNode[]> {
  const response = await graphql<{ deliveries: { nodes: DeliveryNode[] } }>(hub.url, DELIVERIES, {
    token: hub.tokens.admin,
    variables: { filter, first },
  });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.deliveries.nodes;
}

/** Waits until `check` holds (polling), failing with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

/**
 * Stops every connector of the test's database between tests. The rows are locked in id order, the
 * order the delivery workers' claims lock them in: an UPDATE of them all in whatever order the table
 * is scanned deadlocked with a claim in flight.
 */
export async function disableAllConnectors(hub: TestHub): Promise<void> {
  await hub.orm.em
    .fork()
    .execute(
      `with locked as (select id from connector order by id for update) update connector set enabled = false from locked where connector.id = locked.id`,
    );
}

export const fastDelivery = { delivery: { workers: 2, pollMs: 25, leaseMs: 5_000, batchSize: 20 } };
