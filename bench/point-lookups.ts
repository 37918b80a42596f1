import 'reflect-metadata';
import { Client } from 'pg';
import type { ScenarioResult } from './report.js';
import { createBenchDatabase } from './support/bench-database.js';
import { postGraphQL } from './support/graphql-http.js';
import { sized, QUICK } from './support/options.js';
import { startHubProcess, startPostGraphileProcess } from './support/processes.js';
import { declareCodeRelations, load, READ_HEADERS, readRows, summariseTimings, timeReads, withServers } from './support/read-load.js';
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { profileUnderLoad } from './support/profile-under-load.js';
import { seedDistrict } from './support/seed-district.js';
import { seedRegistry } from './support/seed-registry.js';
import { countStatements } from './support/statement-count.js';
import { round } from './support/statistics.js';

const ENTERPRISES = sized(20_000, 2_000);
const DURATION_S = sized(30, 5);
const WARM_UP_S = sized(5, 2);
const CONCURRENCY = [10, 50];
const POOL = 10;
const PROFILE_S = sized(10, 4);
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

    // 3. Timed: one server at a time, warm-up, then each concurrency.
    const measured = await timeReads(
      servers,
      { hub: { query: query.hub, token: auth.hub }, postgraphile: { query: query.postgraphile } },
      { concurrency: CONCURRENCY, durationS: DURATION_S, warmUpS: WARM_UP_S, variables: keyOf },
    );
    const { timings, cpuMsPerRequest } = measured;

    // 4. Where the hub's time goes under the same load (untimed).
    const profile = await profileUnderLoad(
      'point-lookups',
      (extra) => startHubProcess(database.url, { port: PORTS + 3, poolMax: POOL, ...extra }),
      (url) => load(url, HUB_QUERY, token, 10, PROFILE_S, { variables: keyOf }),
    );

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
      ],
      raw: { size, keys: usccs.length, statements, cpuMsPerRequest, profile, quick: QUICK, timings: summariseTimings(timings) },
      notes: [
        `Data: ${size.enterprises} enterprises, each with its registration, business licence (some a food business licence or a construction permit) and a record of the tax, social-insurance and statistics systems' facts; a department system's credential (SW) reads only unconditional fields. Both answers were checked equal for 20 keys before timing.`,
        ...CONCURRENCY.map((connections) => {
          const r = ratio(connections);
          return `At ${connections} connections the hub serves ${r >= 1 ? `${round(r)}×` : `${round(r * 100)}% of`} PostGraphile's requests/s; p99 ${timings.hub![connections]!.latency.p99} ms against ${timings.postgraphile![connections]!.latency.p99} ms.`;
        }),
        `SQL statements per lookup: hub ${statements.hub.perRequest}, PostGraphile ${statements.postgraphile.perRequest} (the hub's credential read is cached for a second, so it is in neither).`,
        `Server CPU per lookup at ${CONCURRENCY[0]} connections: hub ${round(cpuMsPerRequest.hub![CONCURRENCY[0]!]!)} ms, PostGraphile ${round(cpuMsPerRequest.postgraphile![CONCURRENCY[0]!]!)} ms.`,
        `Hub CPU profile under load, self time by place: ${profile.lines.map((line) => `${line.where} ${round(line.share * 100)}%`).join(', ')}.`,
        `Heaviest functions: ${profile.functions
          .slice(0, 6)
          .map((line) => `${line.where} ${round(line.share * 100)}%`)
          .join('; ')}.`,
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

if (isMain(import.meta.url)) await runScenarios([pointLookups], 'npm run bench:point-lookups');
