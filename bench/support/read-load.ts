import autocannon from 'autocannon';
import { Client } from 'pg';
import { cpuSeconds } from './process-cpu.js';
import { sampleBackendCpu } from './backend-cpu.js';
import { ADMIN_URL } from './bench-database.js';
import { sized } from './options.js';
import type { ServerProcess } from './processes.js';
import { round } from './statistics.js';

/** The settings both read scenarios (the nested page and the point lookups) share, so their figures compare. */
export const READ_SCENARIO = {
  ENTERPRISES: sized(20_000, 2_000),
  DURATION_S: sized(30, 5),
  WARM_UP_S: sized(5, 2),
  CONCURRENCY: [10, 50],
  POOL: 10,
  PROFILE_S: sized(10, 4),
};

/** The figures of each autocannon result worth keeping (its full result repeats them many ways). */
export function summariseTimings(timings: Record<string, Record<number, autocannon.Result>>) {
  return Object.fromEntries(
    Object.entries(timings).map(([name, byConnections]) => [
      name,
      Object.fromEntries(
        Object.entries(byConnections).map(([connections, result]) => [
          connections,
          {
            durationS: result.duration,
            requests: {
              total: result.requests.total,
              average: result.requests.average,
              min: result.requests.min,
              max: result.requests.max,
            },
            latencyMs: {
              average: result.latency.average,
              p50: result.latency.p50,
              p90: result.latency.p90,
              p99: result.latency.p99,
              max: result.latency.max,
            },
            errors: result.errors,
            timeouts: result.timeouts,
            non2xx: result.non2xx,
            bytesPerSecond: result.throughput.average,
          },
        ]),
      ),
    ]),
  );
}

/**
 * The hub keeps a licence's type, a trade's winner and another department's facts by code, not by
 * foreign key (a winner from another province need not be registered here). PostGraphile learns
 * these relations from smart comments, in the benchmark's database only.
 */
export async function declareCodeRelations(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`comment on table licence is E'@foreignKey (licence_type_code) references licence_type (code)'`);
    await client.query(`comment on table trade is E'@foreignKey (winner_uscc) references enterprise (uscc)'`);
    // Other departments' facts about an entity, keyed by its USCC (the hub's departmentFacts loader).
    await client.query(`comment on table sourced_record is E'@foreignKey (natural_key) references enterprise (uscc)'`);
  } finally {
    await client.end();
  }
}

export async function withServers<T>(
  starts: Array<() => Promise<ServerProcess>>,
  work: (servers: ServerProcess[]) => Promise<T>,
): Promise<T> {
  const servers: ServerProcess[] = [];
  try {
    for (const start of starts) servers.push(await start());
    return await work(servers);
  } finally {
    for (const server of servers) await server.stop();
  }
}

/**
 * autocannon against a GraphQL endpoint: the same query on every request, with `variables(index)`
 * giving each request its own variables when set (a point lookup of a different key each time).
 */
export async function load(
  url: string,
  query: string,
  token: string | undefined,
  connections: number,
  duration: number,
  options: { variables?: (index: number) => Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<autocannon.Result> {
  let sent = 0;
  const { variables } = options;
  return autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    body: JSON.stringify({ query }),
    connections,
    duration,
    ...(variables
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: JSON.stringify({ query, variables: variables(sent++) }),
              }),
            },
          ],
        }
      : {}),
  });
}

export type ReadServer = 'hub' | 'postgraphile';

export interface ReadTimings {
  timings: Record<ReadServer, Record<number, autocannon.Result>>;
  cpuMsPerRequest: Record<ReadServer, Record<number, number>>;
  /** The PostgreSQL backends' CPU per request: on a machine the database shares, its work costs the server's rate too. */
  databaseCpuMsPerRequest: Record<ReadServer, Record<number, number>>;
}

/**
 * The timed part of a read scenario: each server alone, warmed up, then loaded at each concurrency,
 * with its process's CPU time per request over each load, and the CPU time of the database's
 * backends serving `database` per request.
 */
export async function timeReads(
  servers: Record<ReadServer, () => Promise<ServerProcess>>,
  request: Record<ReadServer, { query: string; token?: string }>,
  options: {
    database: string;
    concurrency: number[];
    durationS: number;
    warmUpS: number;
    variables?: (index: number) => Record<string, unknown>;
  },
): Promise<ReadTimings> {
  const result: ReadTimings = {
    timings: { hub: {}, postgraphile: {} },
    cpuMsPerRequest: { hub: {}, postgraphile: {} },
    databaseCpuMsPerRequest: { hub: {}, postgraphile: {} },
  };
  for (const name of ['hub', 'postgraphile'] as const) {
    const { query, token } = request[name];
    await withServers([servers[name]], async ([server]) => {
      await load(server!.url, query, token, 10, options.warmUpS, { variables: options.variables });
      for (const connections of options.concurrency) {
        const database = await sampleBackendCpu(ADMIN_URL, options.database);
        const cpuBefore = await cpuSeconds(server!.pid);
        const timed = await load(server!.url, query, token, connections, options.durationS, { variables: options.variables });
        const cpuAfter = await cpuSeconds(server!.pid);
        const databaseSeconds = await database.stop();
        result.timings[name][connections] = timed;
        result.cpuMsPerRequest[name][connections] = ((cpuAfter - cpuBefore) * 1000) / timed.requests.total;
        result.databaseCpuMsPerRequest[name][connections] = (databaseSeconds * 1000) / timed.requests.total;
      }
    });
  }
  return result;
}

/** The table rows of a read scenario, hub and peer side by side at each concurrency. */
export function readRows(measured: ReadTimings, statements: Record<ReadServer, { perRequest: number }>, concurrency: number[]) {
  return concurrency.flatMap((connections) =>
    (['hub', 'postgraphile'] as const).map((name) => {
      const result = measured.timings[name][connections]!;
      return [
        name === 'hub' ? 'hub' : 'PostGraphile v5',
        connections,
        round(result.requests.average),
        result.latency.p50,
        result.latency.p99,
        result.errors + result.timeouts + result.non2xx,
        statements[name].perRequest,
        round(measured.cpuMsPerRequest[name][connections]!),
        round(measured.databaseCpuMsPerRequest[name][connections]!),
      ];
    }),
  );
}

export const READ_HEADERS = [
  'server',
  'connections',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'SQL/request',
  'server CPU ms/request',
  'database CPU ms/request',
];
