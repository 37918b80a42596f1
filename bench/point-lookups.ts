import 'reflect-metadata';
import { Client } from 'pg';
import type { ScenarioResult } from './report.js';
import { createBenchDatabase } from './support/bench-database.js';
import { postGraphQL } from './support/graphql-http.js';
import { QUICK } from './support/options.js';
import { startHubProcess, startPostGraphileProcess } from './support/processes.js';
import {
  declareCodeRelations,
  load,
  READ_HEADERS,
  readRows,
  timeReads,
  timingNote,
  withServers,
  READ_SCENARIO,
} from './support/read-load.js';
import { inTurn, ROUNDS } from './support/turns.js';
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { profileUnderLoad } from './support/profile-under-load.js';
import { seedDistrict } from './support/seed-district.js';
import { seedRegistry } from './support/seed-registry.js';
import { countStatements } from './support/statement-count.js';
import { percentile, round } from './support/statistics.js';
import { cpuSeconds } from './support/process-cpu.js';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../entities/department.js';
import { SharingGrant } from '../entities/sharing-grant.js';
import { profileNotes } from './support/cpu-profile.js';

const { ENTERPRISES, DURATION_S, WARM_UP_S, CONCURRENCY, POOL, PROFILE_S } = READ_SCENARIO;
/** The scenario's own ports, after the nested page's (PORT_BASE … +3). */
const PORTS = PORT_BASE + 10;

/** A department system looking one entity up by its USCC: its licences, registrations and what other departments know of it. */
const HUB_QUERY = `query Lookup($uscc: String!) {
  enterprise(uscc: $uscc) {
    uscc name status
    licences { identifier number type { name } }
    registrations { kind registeredAt }
    taxpayerType taxStatus insuredEmployees statisticsUnitCode
  }
}`;

/** The lookup with a conditional field: the policy checks the grant and the purpose, and the access log records the read. */
const HUB_CONDITIONAL_QUERY = HUB_QUERY.replace('uscc name status', 'uscc name status legalRepresentativeIdNumber');
/** The purpose the conditional lookup states (X-Purpose), and its grant names. */
const PURPOSE = 'TAX_REGISTRATION';

/** The same lookup in PostGraphile's own names; the department facts are the JSON of their record. */
const POSTGRAPHILE_QUERY = `query Lookup($uscc: String!) {
  enterpriseByUscc(uscc: $uscc) {
    uscc name status
    licencesByEnterpriseId(orderBy: [ISSUED_AT_ASC, PRIMARY_KEY_ASC]) { nodes { identifier number licenceTypeByLicenceTypeCode { name } } }
    registrationsByEnterpriseId(orderBy: [REGISTERED_AT_ASC, PRIMARY_KEY_ASC]) { nodes { kind registeredAt } }
    sourcedRecordsByNaturalKey(condition: { recordType: "enterprise" }) { nodes { fields } }
  }
}`;

interface LookupValues {
  uscc: string;
  name: string;
  status: string;
  licences: string[][];
  registrations: string[][];
  facts: Array<string | number | null>;
}

type HubLookup = {
  enterprise: {
    uscc: string;
    name: string;
    status: string;
    licences: Array<{ identifier: string; number: string; type: { name: string } }>;
    registrations: Array<{ kind: string; registeredAt: string }>;
    taxpayerType: string | null;
    taxStatus: string | null;
    insuredEmployees: number | null;
    statisticsUnitCode: string | null;
  };
};
type PostGraphileLookup = {
  enterpriseByUscc: {
    uscc: string;
    name: string;
    status: string;
    licencesByEnterpriseId: { nodes: Array<{ identifier: string; number: string; licenceTypeByLicenceTypeCode: { name: string } }> };
    registrationsByEnterpriseId: { nodes: Array<{ kind: string; registeredAt: string }> };
    sourcedRecordsByNaturalKey: { nodes: Array<{ fields: Record<string, string | number> }> };
  };
};

const instant = (value: string) => new Date(value).toISOString();

const fromHub = ({ enterprise }: HubLookup): LookupValues => ({
  uscc: enterprise.uscc,
  name: enterprise.name,
  status: enterprise.status,
  licences: enterprise.licences.map((licence) => [licence.identifier, licence.number, licence.type.name]),
  registrations: enterprise.registrations.map((registration) => [registration.kind, instant(registration.registeredAt)]),
  facts: [enterprise.taxpayerType, enterprise.taxStatus, enterprise.insuredEmployees, enterprise.statisticsUnitCode],
});

const fromPostGraphile = ({ enterpriseByUscc: enterprise }: PostGraphileLookup): LookupValues => {
  const fields = enterprise.sourcedRecordsByNaturalKey.nodes[0]?.fields ?? {};
  return {
    uscc: enterprise.uscc,
    name: enterprise.name,
    status: enterprise.status,
    licences: enterprise.licencesByEnterpriseId.nodes.map((licence) => [
      licence.identifier,
      licence.number,
      licence.licenceTypeByLicenceTypeCode.name,
    ]),
    registrations: enterprise.registrationsByEnterpriseId.nodes.map((registration) => [
      registration.kind,
      instant(registration.registeredAt),
    ]),
    facts: [fields.taxpayerType ?? null, fields.taxStatus ?? null, fields.insuredEmployees ?? null, fields.statisticsUnitCode ?? null],
  };
};

export async function pointLookups(): Promise<ScenarioResult> {
  const database = await createBenchDatabase('hub_bench_point_lookups');
  try {
    const tokens = await seedDistrict(database.orm.em.fork());
    const size = await seedRegistry(database.url, ENTERPRISES);
    const usccs = await seedDepartmentFacts(database.url);
    await declareCodeRelations(database.url);
    const token = tokens.system.SW!;
    // A different entity each request, in a fixed shuffled order: the same keys for both servers.
    const keyOf = (index: number) => ({ uscc: usccs[(index * 7919) % usccs.length]! });
    const servers = {
      hub: () => startHubProcess(database.url, { port: PORTS, poolMax: POOL }),
      postgraphile: () => startPostGraphileProcess(database.url, { port: PORTS + 1, poolMax: POOL }),
    };
    const query = { hub: HUB_QUERY, postgraphile: POSTGRAPHILE_QUERY };
    const auth = { hub: token, postgraphile: undefined };

    // 1. Same data: both answers carry the same values for a sample of keys before anything is timed.
    await withServers([servers.hub, servers.postgraphile], async ([hub, postgraphile]) => {
      for (let index = 0; index < 20; index++) {
        const variables = keyOf(index);
        const ours = fromHub(await postGraphQL<HubLookup>(hub!.url, HUB_QUERY, { token, variables }));
        const theirs = fromPostGraphile(await postGraphQL<PostGraphileLookup>(postgraphile!.url, POSTGRAPHILE_QUERY, { variables }));
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
          throw new Error(
            `the hub and PostGraphile disagree on ${variables.uscc}:\nhub ${JSON.stringify(ours)}\npostgraphile ${JSON.stringify(theirs)}`,
          );
        }
      }
    });

    // 2. SQL statements per lookup, untimed, with the counting preload (outbox workers off: nothing is delivered here).
    const counting = { port: PORTS + 2, poolMax: POOL };
    const statements = {
      hub: await countStatements(
        (extra) => startHubProcess(database.url, { ...counting, ...extra, env: { ...extra.env, DELIVERY_WORKERS: '0' } }),
        (url, index) => postGraphQL(url, HUB_QUERY, { token, variables: keyOf(index + 1000) }),
      ),
      postgraphile: await countStatements(
        (extra) => startPostGraphileProcess(database.url, { ...counting, ...extra }),
        (url, index) => postGraphQL(url, POSTGRAPHILE_QUERY, { variables: keyOf(index + 1000) }),
      ),
    };

    // 3. Timed: the servers take turns under load, round by round, at each concurrency.
    const measured = await timeReads(
      servers,
      { hub: { query: query.hub, token: auth.hub }, postgraphile: { query: query.postgraphile } },
      { database: database.name, concurrency: CONCURRENCY, durationS: DURATION_S, warmUpS: WARM_UP_S, variables: keyOf },
    );
    const { timings, cpuMsPerRequest, databaseCpuMsPerRequest } = measured;

    // 4. Where the hub's time goes under the same load (untimed).
    const profile = await profileUnderLoad(
      'point-lookups',
      (extra) => startHubProcess(database.url, { port: PORTS + 3, poolMax: POOL, ...extra }),
      (url) => load(url, HUB_QUERY, token, 10, PROFILE_S, { variables: keyOf }),
    );

    // 5. The policy's own cost: the same hub, the same lookups, by the same department's system,
    // without a conditional field and with one it holds a grant for (checked, and logged, per read).
    const policy = await policyCost(database, token, keyOf);

    const rows = readRows(measured, statements, CONCURRENCY);
    const ratio = (connections: number) =>
      timings.hub![connections]!.requests.average / timings.postgraphile![connections]!.requests.average;
    return {
      name: 'Point lookups: hub vs PostGraphile v5',
      command: 'npm run bench:point-lookups',
      tables: [
        {
          title: 'enterprise(uscc) with its licences (and type), registrations and department facts, a different USCC each request',
          headers: READ_HEADERS,
          rows,
        },
        {
          title: `The policy's cost: the hub alone, ${POLICY_CONNECTIONS} connections, the SW system without and with a conditional field (legalRepresentativeIdNumber, granted for ${PURPOSE})`,
          headers: ['lookup', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/request', 'access-log entries/request'],
          rows: policy.map((row) => [row.lookup, round(row.perSecond), row.p50, row.p99, row.errors, round(row.cpuMs), round(row.logged)]),
        },
      ],
      raw: {
        size,
        keys: usccs.length,
        statements,
        cpuMsPerRequest,
        databaseCpuMsPerRequest,
        profile,
        policy,
        quick: QUICK,
        timings,
      },
      notes: [
        `Data: ${size.enterprises} enterprises, each with its registration, business licence (some a food business licence or a construction permit) and a record of the tax, social-insurance and statistics systems' facts; a department system's credential (SW) reads only unconditional fields. Both answers were checked equal for 20 keys before timing.`,
        ...CONCURRENCY.map((connections) => {
          const r = ratio(connections);
          return `At ${connections} connections the hub serves ${r >= 1 ? `${round(r)}×` : `${round(r * 100)}% of`} PostGraphile's requests/s; p99 ${timings.hub![connections]!.latency.p99} ms against ${timings.postgraphile![connections]!.latency.p99} ms.`;
        }),
        timingNote(measured, { concurrency: CONCURRENCY, durationS: DURATION_S, warmUpS: WARM_UP_S, pool: POOL }),
        `SQL statements per lookup: hub ${statements.hub.perRequest}, PostGraphile ${statements.postgraphile.perRequest} (the hub's credential read is cached for a second, so it is in neither).`,
        `Server CPU per lookup at ${CONCURRENCY[0]} connections: hub ${round(cpuMsPerRequest.hub![CONCURRENCY[0]!]!)} ms, PostGraphile ${round(cpuMsPerRequest.postgraphile![CONCURRENCY[0]!]!)} ms; database CPU per lookup: hub ${round(databaseCpuMsPerRequest.hub![CONCURRENCY[0]!]!)} ms, PostGraphile ${round(databaseCpuMsPerRequest.postgraphile![CONCURRENCY[0]!]!)} ms.`,
        `The policy's cost (second table): with the conditional field the hub serves ${round((policy[1]!.perSecond / policy[0]!.perSecond) * 100)}% of the requests/s it serves without, with ${round(policy[1]!.cpuMs)} ms of hub CPU per request against ${round(policy[0]!.cpuMs)} ms; the policy decides every field in both runs, and only the conditional read is written to the access log. The two lookups took turns, ${ROUNDS} rounds of ${round(DURATION_S / ROUNDS)} s each, the order swapped every round; requests/s per round, in the order run: ${policy.map((row) => `${row.lookup} ${row.roundsPerSecond.join(', ')}`).join('; ')}.`,
        ...profileNotes('Hub CPU profile under load', profile),
      ],
    };
  } finally {
    await database.drop();
  }
}

/**
 * What the tax, social-insurance and statistics systems would have sent about every seeded entity,
 * as their connectors leave it (one `sourced_record` per USCC); returns the USCCs, in table order.
 */
async function seedDepartmentFacts(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      insert into sourced_record (id, record_type, natural_key, fields, sources, updated_at)
      select gen_random_uuid(), 'enterprise', e.uscc,
        jsonb_build_object(
          'taxpayerType', case when e.registered_capital_wan_yuan >= 500 then 'GENERAL' else 'SMALL_SCALE' end,
          'taxStatus', 'NORMAL',
          'insuredEmployees', (abs(hashtext(e.uscc)) % 200) + 1,
          'statisticsUnitCode', substr(e.uscc, 9, 9)),
        jsonb_build_object(
          'taxpayerType', jsonb_build_object('department', 'SW', 'at', now()),
          'taxStatus', jsonb_build_object('department', 'SW', 'at', now()),
          'insuredEmployees', jsonb_build_object('department', 'RS', 'at', now()),
          'statisticsUnitCode', jsonb_build_object('department', 'TJ', 'at', now())),
        now()
      from enterprise e`);
    return (await client.query<{ uscc: string }>('select uscc from enterprise order by id')).rows.map((row) => row.uscc);
  } finally {
    await client.end();
  }
}

const POLICY_CONNECTIONS = 10;

interface PolicyRow {
  lookup: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  cpuMs: number;
  logged: number;
  /** Each round's requests/s, in the order run. */
  roundsPerSecond: number[];
}

async function policyCost(
  database: { url: string; orm: { em: { fork(): EntityManager } } },
  token: string,
  keyOf: (index: number) => Record<string, unknown>,
): Promise<PolicyRow[]> {
  const em = database.orm.em.fork();
  em.create(SharingGrant, {
    department: await em.findOneOrFail(Department, { code: 'SW' }),
    typeName: 'Enterprise',
    fieldNames: ['legalRepresentativeIdNumber'],
    purposes: [PURPOSE],
    expiresAt: new Date(Date.now() + 86_400_000),
    grantedBy: 'bench',
  });
  await em.flush();
  const lookups = [
    { lookup: 'unconditional fields only', query: HUB_QUERY, headers: {} as Record<string, string> },
    { lookup: 'with legalRepresentativeIdNumber', query: HUB_CONDITIONAL_QUERY, headers: { 'x-purpose': PURPOSE } },
  ].map((kind) => ({
    ...kind,
    requests: 0,
    seconds: 0,
    latencies: [] as number[],
    errors: 0,
    cpuSeconds: 0,
    logged: 0,
    roundsPerSecond: [] as number[],
  }));
  const hub = await startHubProcess(database.url, { port: PORTS + 4, poolMax: POOL });
  try {
    for (const kind of lookups) {
      const check = await postGraphQL<{ enterprise: Record<string, unknown> }>(hub.url, kind.query, {
        token,
        variables: keyOf(0),
        headers: kind.headers,
      });
      if (!check.enterprise) throw new Error(`the ${kind.lookup} lookup found nothing`);
      await load(hub.url, kind.query, token, POLICY_CONNECTIONS, WARM_UP_S, { variables: keyOf, headers: kind.headers });
    }
    // The two lookups take turns, as the servers of the first table do: the ratio must not be the machine's change of pace.
    for (let turn = 0; turn < ROUNDS; turn++) {
      for (const kind of inTurn(turn, lookups)) {
        const loggedBefore = await accessLogEntries(database.url);
        const cpuBefore = await cpuSeconds(hub.pid);
        const timed = await load(hub.url, kind.query, token, POLICY_CONNECTIONS, DURATION_S / ROUNDS, {
          variables: keyOf,
          headers: kind.headers,
          latencies: kind.latencies,
        });
        kind.cpuSeconds += (await cpuSeconds(hub.pid)) - cpuBefore;
        kind.logged += (await accessLogEntries(database.url)) - loggedBefore;
        kind.requests += timed.requests.total;
        kind.seconds += timed.duration;
        kind.errors += timed.errors + timed.non2xx;
        kind.roundsPerSecond.push(Math.round(timed.requests.total / timed.duration));
      }
    }
  } finally {
    await hub.stop();
  }
  return lookups.map((kind) => ({
    lookup: kind.lookup,
    perSecond: kind.requests / kind.seconds,
    p50: round(percentile(kind.latencies, 50)),
    p99: round(percentile(kind.latencies, 99)),
    errors: kind.errors,
    cpuMs: (kind.cpuSeconds * 1000) / kind.requests,
    logged: kind.logged / kind.requests,
    roundsPerSecond: kind.roundsPerSecond,
  }));
}

async function accessLogEntries(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('select count(*)::text as count from access_log_entry');
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

if (isMain(import.meta.url)) await runScenarios([pointLookups], 'npm run bench:point-lookups');
