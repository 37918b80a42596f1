import 'reflect-metadata';
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
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { profileUnderLoad } from './support/profile-under-load.js';
import { seedDistrict } from './support/seed-district.js';
import { seedRegistry } from './support/seed-registry.js';
import { countStatements } from './support/statement-count.js';
import { round } from './support/statistics.js';
import { profileNotes } from './support/cpu-profile.js';

const { ENTERPRISES, DURATION_S, WARM_UP_S, CONCURRENCY, POOL, PROFILE_S } = READ_SCENARIO;

/** A department system's typical read: a page of 50 entities, each with its licences (and their type) and the trades it won. */
const HUB_QUERY = `query Page {
  enterprises(first: 50) {
    totalCount
    nodes { uscc name licences { identifier number type { name } } trades { code dealAmount } }
  }
}`;

/** The same page in PostGraphile's own names, ordered as the hub orders it. */
const POSTGRAPHILE_QUERY = `query Page {
  allEnterprises(first: 50, orderBy: [ESTABLISHED_ON_DESC, PRIMARY_KEY_DESC]) {
    totalCount
    nodes {
      uscc name
      licencesByEnterpriseId(orderBy: [ISSUED_AT_ASC, PRIMARY_KEY_ASC]) { nodes { identifier number licenceTypeByLicenceTypeCode { name } } }
      tradesByWinnerUscc(condition: { status: "AWARDED" }, orderBy: [DEAL_ON_DESC, CODE_ASC]) { nodes { code dealAmount } }
    }
  }
}`;

interface PageValues {
  totalCount: number;
  enterprises: Array<{ uscc: string; name: string; licences: string[][]; trades: string[][] }>;
}

type HubPage = {
  enterprises: {
    totalCount: number;
    nodes: Array<{
      uscc: string;
      name: string;
      licences: Array<{ identifier: string; number: string; type: { name: string } }>;
      trades: Array<{ code: string; dealAmount: string }>;
    }>;
  };
};
type PostGraphilePage = {
  allEnterprises: {
    totalCount: number;
    nodes: Array<{
      uscc: string;
      name: string;
      licencesByEnterpriseId: { nodes: Array<{ identifier: string; number: string; licenceTypeByLicenceTypeCode: { name: string } }> };
      tradesByWinnerUscc: { nodes: Array<{ code: string; dealAmount: string }> };
    }>;
  };
};

const fromHub = (page: HubPage): PageValues => ({
  totalCount: page.enterprises.totalCount,
  enterprises: page.enterprises.nodes.map((node) => ({
    uscc: node.uscc,
    name: node.name,
    licences: node.licences.map((licence) => [licence.identifier, licence.number, licence.type.name]),
    trades: node.trades.map((trade) => [trade.code, money(trade.dealAmount)]),
  })),
});

const fromPostGraphile = (page: PostGraphilePage): PageValues => ({
  totalCount: page.allEnterprises.totalCount,
  enterprises: page.allEnterprises.nodes.map((node) => ({
    uscc: node.uscc,
    name: node.name,
    licences: node.licencesByEnterpriseId.nodes.map((licence) => [
      licence.identifier,
      licence.number,
      licence.licenceTypeByLicenceTypeCode.name,
    ]),
    trades: node.tradesByWinnerUscc.nodes.map((trade) => [trade.code, money(trade.dealAmount)]),
  })),
});

/** Both render numeric(20,2) as a string; compare them as 元 with two decimals. */
const money = (value: string) => Number(value).toFixed(2);

export async function nestedReads(): Promise<ScenarioResult> {
  const database = await createBenchDatabase('hub_bench_nested_reads');
  try {
    const tokens = await seedDistrict(database.orm.em.fork());
    const size = await seedRegistry(database.url, ENTERPRISES);
    await declareCodeRelations(database.url);
    // The tax bureau's system reads the registry: a department system's credential, as in production.
    const token = tokens.system.SW!;
    const servers = {
      hub: () => startHubProcess(database.url, { port: PORT_BASE, poolMax: POOL }),
      postgraphile: () => startPostGraphileProcess(database.url, { port: PORT_BASE + 1, poolMax: POOL }),
    };
    const query = { hub: HUB_QUERY, postgraphile: POSTGRAPHILE_QUERY };
    const auth = { hub: token, postgraphile: undefined };

    // 1. Same data: both answers carry the same values before anything is timed.
    const check = await withServers([servers.hub, servers.postgraphile], async ([hub, postgraphile]) => {
      const ours = fromHub(await postGraphQL<HubPage>(hub!.url, HUB_QUERY, { token }));
      const theirs = fromPostGraphile(await postGraphQL<PostGraphilePage>(postgraphile!.url, POSTGRAPHILE_QUERY));
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
        throw new Error(
          `the hub and PostGraphile disagree on the page:\nhub ${JSON.stringify(ours).slice(0, 800)}\npostgraphile ${JSON.stringify(theirs).slice(0, 800)}`,
        );
      }
      return {
        enterprises: ours.enterprises.length,
        licences: ours.enterprises.reduce((sum, enterprise) => sum + enterprise.licences.length, 0),
        trades: ours.enterprises.reduce((sum, enterprise) => sum + enterprise.trades.length, 0),
      };
    });

    // 2. SQL statements per request, in a separate untimed run with the counting preload.
    const counting = { port: PORT_BASE + 2, poolMax: POOL };
    const statements = {
      // Without the outbox workers, whose polling (a few statements every 250 ms) would be counted
      // against whichever requests it fell between: the read scenario delivers nothing.
      hub: await countStatements(
        (extra) => startHubProcess(database.url, { ...counting, ...extra, env: { ...extra.env, DELIVERY_WORKERS: '0' } }),
        (url) => postGraphQL(url, HUB_QUERY, { token }),
      ),
      postgraphile: await countStatements(
        (extra) => startPostGraphileProcess(database.url, { ...counting, ...extra }),
        (url) => postGraphQL(url, POSTGRAPHILE_QUERY),
      ),
    };

    // 3. Timed: the servers take turns under load, round by round, at each concurrency.
    const measured = await timeReads(
      servers,
      { hub: { query: query.hub, token: auth.hub }, postgraphile: { query: query.postgraphile } },
      { database: database.name, concurrency: CONCURRENCY, durationS: DURATION_S, warmUpS: WARM_UP_S },
    );
    const { timings, cpuMsPerRequest, databaseCpuMsPerRequest } = measured;

    // 4. Where the hub's time goes: a CPU profile of the hub under the same load (untimed).
    const profile = await profileUnderLoad(
      'nested-reads',
      (extra) => startHubProcess(database.url, { port: PORT_BASE + 3, poolMax: POOL, ...extra }),
      (url) => load(url, HUB_QUERY, token, 10, PROFILE_S),
    );

    const rows = readRows(measured, statements, CONCURRENCY);
    const ratio = (connections: number) =>
      timings.hub![connections]!.requests.average / timings.postgraphile![connections]!.requests.average;
    const notes = [
      `Data: ${size.enterprises} enterprises, ${size.licences} licences, ${size.trades} awarded trades; each page: ${check.enterprises} enterprises, ${check.licences} licences, ${check.trades} trades. Both answers were checked to carry the same values (USCC, name, licence identifier/number/type name, trade code/deal amount, totalCount) before timing.`,
      timingNote(measured, { concurrency: CONCURRENCY, durationS: DURATION_S, warmUpS: WARM_UP_S, pool: POOL }),
      ...CONCURRENCY.map((connections) => {
        const r = ratio(connections);
        return r >= 1
          ? `At ${connections} connections the hub serves ${round(r)}× PostGraphile's requests/s.`
          : `At ${connections} connections the hub serves ${round(r * 100)}% of PostGraphile's requests/s (behind by ${round((1 - r) * 100)}%).`;
      }),
      `SQL statements per request (counted at the pg driver in a separate untimed run; the texts are in the raw figures): hub ${statements.hub.perRequest}, PostGraphile ${statements.postgraphile.perRequest}. Neither depends on the page size.`,
      `Server CPU per request (the server process's user + system time over the timed run, divided by its requests): hub ${round(cpuMsPerRequest.hub![CONCURRENCY[0]!]!)} ms, PostGraphile ${round(cpuMsPerRequest.postgraphile![CONCURRENCY[0]!]!)} ms at ${CONCURRENCY[0]} connections; database CPU per request (its backends' user + system time, from /proc): hub ${round(databaseCpuMsPerRequest.hub![CONCURRENCY[0]!]!)} ms, PostGraphile ${round(databaseCpuMsPerRequest.postgraphile![CONCURRENCY[0]!]!)} ms. A Node process is bounded by one core, so the hub cannot pass about ${Math.round(1000 / cpuMsPerRequest.hub![CONCURRENCY[0]!]!)} requests/s; the server, PostgreSQL and the load generator share this machine's cores, so each one's CPU per request costs the rate.`,
      ...profileNotes('Hub CPU profile under load', profile),
    ];
    return {
      name: 'Nested reads: hub vs PostGraphile v5',
      command: 'npm run bench:nested-reads',
      tables: [
        {
          title: 'A page of 50 enterprises with licences (and type) and won trades',
          headers: READ_HEADERS,
          rows,
        },
      ],
      raw: {
        size,
        page: check,
        statements,
        cpuMsPerRequest,
        databaseCpuMsPerRequest,
        profile,
        quick: QUICK,
        timings,
      },
      notes,
    };
  } finally {
    await database.drop();
  }
}

if (isMain(import.meta.url)) await runScenarios([nestedReads], 'npm run bench:nested-reads');
