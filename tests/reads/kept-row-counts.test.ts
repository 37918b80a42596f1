import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { recordingQueries, startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk } from '../registration/registration-fixtures.js';

const PAGE = `query Page($filter: EnterpriseFilter) { enterprises(first: 2, filter: $filter) { totalCount nodes { uscc } } }`;

/** `count` copies of a registered entity under new ids, USCCs and names, in one statement, as an operator's SQL would add them. */
const insertCopies = (count: number, tag: string) =>
  `insert into enterprise (id, uscc, name, name_grams, search_name, kind, legal_representative, registered_capital_wan_yuan, address,
     division_code, industry_code, business_scope, established_on, registering_authority_id, status, version, created_at, updated_at)
   select gen_random_uuid(), '${tag}' || lpad(n::text, 18 - length('${tag}'), '0'), e.name || '${tag}' || n, e.name_grams,
     e.search_name || '${tag}' || n, e.kind, e.legal_representative, e.registered_capital_wan_yuan, e.address, e.division_code,
     e.industry_code, e.business_scope, e.established_on, e.registering_authority_id, 'DEREGISTERED', 1, now(), now()
   from (select * from enterprise limit 1) e, generate_series(1, ${count}) n`;

/**
 * Two connections of the server that add to different shards of the count (each connection its
 * own, by its backend's pid modulo 1024): the test needs them to, and almost any two do.
 */
async function connectionsOfTwoShards(url: string): Promise<[Client, Client]> {
  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const shardOf = async (client: Client) => Number((await client.query('select pg_backend_pid() % 1024 as shard')).rows[0].shard);
  const first = await connect();
  for (;;) {
    const second = await connect();
    if ((await shardOf(first)) !== (await shardOf(second))) return [first, second];
    await second.end();
  }
}

describe.each([
  ['the PostgreSQL server', {}],
  ['the embedded database (PGlite)', { database: { driver: 'pglite' as const, dataDir: 'memory://' } }],
])("a page's totalCount of the whole registry, kept by %s as rows come and go", (_database, overrides) => {
  let hub: TestHub;
  const statements: string[] = [];
  /** Connections of the test's own need the PostgreSQL server. */
  const embedded = 'database' in overrides;

  beforeAll(async () => {
    hub = await startTestHub(
      overrides,
      recordingQueries((statement) => statements.push(statement)),
    );
    await registerOk(hub);
    await registerOk(hub);
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
  });

  const execute = <T extends object>(sql: string) => hub.orm.em.fork().getConnection().execute<T[]>(sql);
  const counted = async (where = 'true') =>
    Number((await execute<{ n: number }>(`select count(*)::int as n from enterprise where ${where}`))[0]!.n);
  const totalCount = async (filter?: Record<string, unknown>) => {
    const answer = await graphql<{ enterprises: { totalCount: number } }>(hub.url, PAGE, {
      variables: { filter },
      token: hub.tokens.system.SW,
    });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.enterprises.totalCount;
  };

  it('follows registrations, inserts and deletes by any writer, and a rolled back insert leaves it as it was', async () => {
    expect(await totalCount()).toBe(2);

    await execute(insertCopies(3, 'TEST'));
    expect(await totalCount()).toBe(5);

    await execute(`delete from enterprise where uscc like 'TEST%' and uscc <= 'TEST' || lpad('2', 14, '0')`);
    expect(await counted()).toBe(3);
    expect(await totalCount()).toBe(3);

    await hub.orm.em
      .fork()
      .transactional(async (em) => {
        await em.getConnection().execute(insertCopies(4, 'GONE'), [], 'run', em.getTransactionContext());
        throw new Error('abandoned');
      })
      .catch(() => undefined);
    expect(await totalCount()).toBe(3);

    await registerOk(hub);
    expect(await totalCount()).toBe(4);
  });

  it('reads the kept count for the whole list, and counts the rows meeting a filter', async () => {
    statements.length = 0;
    await totalCount();
    const page = statements.filter((statement) => statement.includes('from "enterprise"'));
    expect(page).toHaveLength(1);
    expect(page[0]).toContain('"row_count"');
    expect(page[0]).not.toMatch(/count\(\*\)/);

    expect(await totalCount({ status: 'DEREGISTERED' })).toBe(await counted(`status = 'DEREGISTERED'`));
    expect(await totalCount({ status: 'ACTIVE' })).toBe(await counted(`status = 'ACTIVE'`));
  });

  it.skipIf(embedded)('lets writers in two open transactions insert without waiting for each other', async () => {
    const url = hub.database.url;
    if (!url) return; // no PostgreSQL server on this machine: the hub runs on PGlite
    const [first, second] = await connectionsOfTwoShards(url);
    try {
      const before = await totalCount();
      await first.query('begin');
      await first.query(insertCopies(2, 'HELD'));
      // The first transaction holds its shard of the count; the second must not queue behind it.
      await second.query(`set lock_timeout = '2s'`);
      await second.query('begin');
      await second.query(insertCopies(1, 'FREE'));
      await second.query('commit');
      expect(await totalCount()).toBe(before + 1);
      await first.query('commit');
      expect(await totalCount()).toBe(before + 3);
      expect(await totalCount()).toBe(await counted());
    } finally {
      await first.end();
      await second.end();
    }
  });

  it.skipIf(embedded)('starts from zero again after the table is emptied', async () => {
    const url = hub.database.url;
    if (!url) return; // no PostgreSQL server on this machine: the hub runs on PGlite
    // Other tables reference the registry, so the trigger is checked on a table of its shape.
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`create table counted_copy (like enterprise)`);
      await client.query(
        `create trigger counted_copy_inserted after insert on counted_copy referencing new table as changed_rows for each statement execute function row_count_changed()`,
      );
      await client.query(
        `create trigger counted_copy_truncated after truncate on counted_copy for each statement execute function row_count_changed()`,
      );
      await client.query(`insert into counted_copy select * from enterprise`);
      const kept = async () =>
        Number(
          (await client.query(`select coalesce(sum(row_total), 0)::int as n from row_count where table_name = 'counted_copy'`)).rows[0].n,
        );
      expect(await kept()).toBe(await counted());
      await client.query('truncate counted_copy');
      expect(await kept()).toBe(0);
      await client.query('insert into counted_copy select * from enterprise limit 1');
      expect(await kept()).toBe(1);
    } finally {
      await client.query('rollback');
      await client.end();
    }
  });
});
