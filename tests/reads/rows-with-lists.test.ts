import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRowsByKeys, readRowsWithLists } from '../../domain/read-rows.js';
import { SourcedRecord } from '../../entities/connector-sourced-record.js';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseChange } from '../../entities/enterprise-change.js';
import { Licence } from '../../entities/licence.js';
import { Registration } from '../../entities/registration.js';
import { Trade } from '../../entities/trade.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { graphql } from '../support/graphql-client.js';
import { queryEveryPooledConnection } from '../support/pooled-connections.js';
import { recordingQueries, startTestHub, type TestHub } from '../support/test-hub.js';
import { seedEnterprisesWithLists } from './enterprises-with-lists.fixture.js';

/**
 * An enterprise read with its lists in one statement (each list a JSON subquery) gives the same
 * objects as the lists' own statements: every column type — decimals, dates, timestamps, JSON,
 * text arrays, enums — comes back as the driver returns it from the list's own table.
 */
describe('rows read with their child lists', () => {
  let hub: TestHub;
  let statements: string[] = [];
  const usccs: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub(
      {},
      recordingQueries((statement) => statements.push(statement)),
    );
    usccs.push(...(await seedEnterprisesWithLists(hub)));
  });
  afterAll(() => hub.stop());

  it('gives each row its lists as their own statements read them, in one statement', async () => {
    const keys = [...usccs, '91510811MA00000000'];
    statements = [];
    const read = await readRowsWithLists(hub.orm.em.fork(), Enterprise, 'uscc', keys, {
      licences: { entity: Licence, parentKey: 'enterprise', orderBy: { issuedAt: 'asc', id: 'asc' } },
      registrations: { entity: Registration, parentKey: 'enterprise', orderBy: { registeredAt: 'asc', id: 'asc' } },
      changes: { entity: EnterpriseChange, parentKey: 'enterprise', orderBy: { changedAt: 'asc', id: 'asc' } },
      trades: {
        entity: Trade,
        parentKey: 'winnerUscc',
        parentProperty: 'uscc',
        equal: { status: TradeStatus.AWARDED },
        orderBy: { dealOn: 'desc', code: 'asc' },
      },
      facts: { entity: SourcedRecord, parentKey: 'naturalKey', parentProperty: 'uscc', equal: { recordType: 'enterprise' } },
    });
    expect(statements).toHaveLength(1);
    // A list joined on its parent's key does not read that key per child: it is the parent's own.
    expect(statements[0]).toMatch(/where c0\."enterprise_id" = e0\."id"/);
    expect(statements[0]).not.toMatch(/json_build_array\([^)]*"enterprise_id"/);
    expect(read.map(({ row }) => row.uscc).sort()).toEqual([...usccs].sort());

    const em = hub.orm.em.fork();
    const parents = await readRowsByKeys(em, Enterprise, 'uscc', usccs);
    const ids = parents.map((parent) => parent.id);
    const own = {
      licences: await readRowsByKeys(em, Licence, 'enterprise', ids, { orderBy: { issuedAt: 'asc', id: 'asc' } }),
      registrations: await readRowsByKeys(em, Registration, 'enterprise', ids, { orderBy: { registeredAt: 'asc', id: 'asc' } }),
      changes: await readRowsByKeys(em, EnterpriseChange, 'enterprise', ids, { orderBy: { changedAt: 'asc', id: 'asc' } }),
      trades: await readRowsByKeys(em, Trade, 'winnerUscc', usccs, {
        equal: { status: TradeStatus.AWARDED },
        orderBy: { dealOn: 'desc', code: 'asc' },
      }),
      facts: await readRowsByKeys(em, SourcedRecord, 'naturalKey', usccs, { equal: { recordType: 'enterprise' } }),
    };
    // Every list has rows to compare, of every kind the test set out to cover.
    for (const list of Object.values(own)) expect(list.length).toBeGreaterThan(0);
    expect(own.trades[0]!.dealAmount).toMatch(/^\d+\.\d+$/);

    const parentOf = {
      licences: (row: Licence) => row.enterprise!.id,
      registrations: (row: Registration) => row.enterprise.id,
      changes: (row: EnterpriseChange) => row.enterprise.id,
      trades: (row: Trade) => parents.find((parent) => parent.uscc === row.winnerUscc)!.id,
      facts: (row: SourcedRecord) => parents.find((parent) => parent.uscc === row.naturalKey)!.id,
    };
    for (const { row, lists } of read) {
      expect(row).toEqual(parents.find((parent) => parent.uscc === row.uscc));
      for (const name of Object.keys(own) as Array<keyof typeof own>) {
        const expected = (own[name] as object[]).filter((child) => (parentOf[name] as (child: object) => string)(child) === row.id);
        expect(lists[name], `${row.uscc} ${name}`).toEqual(expected);
      }
    }
  });

  it('answers a lookup of an enterprise with its lists in one statement, under the policy', async () => {
    const lookup = `query($uscc: String!) {
      enterprise(uscc: $uscc) {
        uscc name
        licences { number type { name } }
        registrations { kind }
        changes { field newValue }
        ...facts
      }
    }
    fragment facts on Enterprise { taxpayerType insuredEmployees trades { code } }`;
    const uscc = usccs[0]!;
    statements = [];
    const answer = await graphql<{ enterprise: any }>(hub.url, lookup, { token: hub.tokens.system.SW, variables: { uscc } });
    expect(answer.body.errors).toBeUndefined();
    const reads = statements.filter((statement) => !statement.includes('api_credential'));
    expect(reads).toHaveLength(1);
    expect(answer.body.data!.enterprise).toMatchObject({ uscc, taxpayerType: 'GENERAL', insuredEmployees: 12 });
    expect(answer.body.data!.enterprise.trades.length).toBeGreaterThan(0);

    // The same fields read one relation at a time, from a trade's winner (a loader per relation), agree.
    const code = answer.body.data!.enterprise.trades[0].code;
    const winner = await graphql<{ trade: any }>(
      hub.url,
      `
        query ($code: String!) {
          trade(code: $code) {
            winnerEnterprise {
              uscc
              name
              licences {
                number
                type {
                  name
                }
              }
              registrations {
                kind
              }
              changes {
                field
                newValue
              }
              taxpayerType
              insuredEmployees
              trades {
                code
              }
            }
          }
        }
      `,
      { token: hub.tokens.system.SW, variables: { code } },
    );
    expect(winner.body.errors).toBeUndefined();
    expect(winner.body.data!.trade.winnerEnterprise).toEqual(answer.body.data!.enterprise);
  });

  it('answers a page of enterprises with their lists in one statement, as each one is looked up', async () => {
    const page = `query($first: Int) {
      enterprises(first: $first) {
        totalCount
        nodes { uscc licences { number } trades { code dealAmount } }
        edges { node { uscc registrations { kind registeredAt } changes { newValue } taxStatus insuredEmployees } }
      }
    }`;
    statements = [];
    const answer = await graphql<{ enterprises: any }>(hub.url, page, { token: hub.tokens.system.SW, variables: { first: 10 } });
    expect(answer.body.errors).toBeUndefined();
    expect(statements.filter((statement) => !statement.includes('api_credential'))).toHaveLength(1);
    const { nodes, edges, totalCount } = answer.body.data!.enterprises;
    expect(totalCount).toBe(usccs.length);
    for (const [index, node] of nodes.entries()) {
      const lookup = await graphql<{ enterprise: any }>(
        hub.url,
        `
          query ($uscc: String!) {
            enterprise(uscc: $uscc) {
              uscc
              licences {
                number
              }
              trades {
                code
                dealAmount
              }
              registrations {
                kind
                registeredAt
              }
              changes {
                newValue
              }
              taxStatus
              insuredEmployees
            }
          }
        `,
        { token: hub.tokens.system.SW, variables: { uscc: node.uscc } },
      );
      expect(lookup.body.data!.enterprise).toEqual({ ...node, ...edges[index].node });
    }
    expect(nodes.some((node: { trades: unknown[] }) => node.trades.length > 0)).toBe(true);
    expect(edges.some((edge: { node: { changes: unknown[] } }) => edge.node.changes.length > 0)).toBe(true);
  });
  it('reads a page as one statement whose text names no value but its size: another cursor or filter value is the same text', async () => {
    const page = `query($first: Int, $after: String, $filter: EnterpriseFilter) {
      enterprises(first: $first, after: $after, filter: $filter) {
        totalCount
        nodes { uscc licences { number } trades { code } }
        pageInfo { endCursor }
      }
    }`;
    const read = async (variables: Record<string, unknown>) => {
      statements = [];
      const answer = await graphql<{ enterprises: any }>(hub.url, page, { token: hub.tokens.system.SW, variables });
      expect(answer.body.errors).toBeUndefined();
      const reads = statements.filter((statement) => !statement.includes('api_credential'));
      expect(reads).toHaveLength(1);
      return { ...answer.body.data!.enterprises, text: reads[0]!.replace(/ \[took [\s\S]*$/, '') };
    };
    const first = await read({ first: 1, filter: { nameContains: '有限' } });
    const second = await read({ first: 1, after: first.pageInfo.endCursor, filter: { nameContains: '有限' } });
    const other = await read({ first: 1, after: first.pageInfo.endCursor, filter: { nameContains: '广元市' } });
    const larger = await read({ first: 2, after: first.pageInfo.endCursor, filter: { nameContains: '广元市' } });
    // The answers are the cursor's and the size's: every seeded name holds both parts.
    expect([first.totalCount, second.totalCount, other.totalCount, larger.totalCount]).toEqual(Array(4).fill(usccs.length));
    expect(second.nodes).toHaveLength(1);
    expect(larger.nodes).toHaveLength(2);
    expect(other.nodes).toEqual(second.nodes);
    expect(larger.nodes[0]).toEqual(second.nodes[0]);
    expect(new Set([first.nodes[0].uscc, ...larger.nodes.map((node: { uscc: string }) => node.uscc)]).size).toBe(3);
    // One text for both pages after a cursor, naming neither the filter's value nor the cursor's.
    expect(other.text).toBe(second.text);
    expect(second.text).not.toMatch(/有限|广元市/);
    expect(second.text).not.toContain(first.nodes[0].uscc);
    // The size (one past the page, to know whether another follows) is written in the text.
    expect(second.text).toMatch(/ limit 2$/);
    expect(larger.text).toBe(second.text.replace(/ limit 2$/, ' limit 3'));
    if (!hub.database.url) return;
    expect(second.text).toMatch(/\$1\b/);
    const text = second.text.replace(/^\[query\] /, '');
    const prepared = await queryEveryPooledConnection<{ name: string }>(
      hub,
      'select name from pg_prepared_statements where statement = $1',
      [text],
    );
    expect(prepared.flat().length).toBeGreaterThan(0);
  });

  it('has PostgreSQL plan a page once per connection, not on every execution', async () => {
    if (!hub.database.url) return;
    const page = `query($after: String) { enterprises(first: 2, after: $after) { totalCount nodes { uscc licences { number } } pageInfo { endCursor } } }`;
    let after: string | null = null;
    statements = [];
    // PostgreSQL plans a prepared statement for its values five times before it weighs a plan for any values.
    for (let request = 0; request < 16; request++) {
      const answer: any = await graphql(hub.url, page, { token: hub.tokens.system.SW, variables: { after } });
      expect(answer.body.errors).toBeUndefined();
      after = answer.body.data.enterprises.nodes.length === 2 ? answer.body.data.enterprises.pageInfo.endCursor : null;
    }
    const texts = new Set(
      statements
        .filter((statement) => statement.includes(' limit 3'))
        .map((statement) => statement.replace(/^\[query\] /, '').replace(/ \[took [\s\S]*$/, '')),
    );
    expect(texts.size).toBe(2);
    const plans = await queryEveryPooledConnection<{ generic: string | null }>(
      hub,
      'select sum(generic_plans) as generic from pg_prepared_statements where statement = any($1)',
      [[...texts]],
    );
    expect(plans.flat().reduce((sum, { generic }) => sum + Number(generic ?? 0), 0)).toBeGreaterThan(0);
  });
});
