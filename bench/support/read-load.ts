import autocannon from 'autocannon';
import { Client } from 'pg';
import { cpuSeconds } from './process-cpu.js';
import { sampleBackendCpu } from './backend-cpu.js';
import { ADMIN_URL } from './bench-database.js';
import { sized } from './options.js';
import type { ServerProcess } from './processes.js';
import { inTurn, ROUNDS } from './turns.js';
import { mean, percentile, round } from './statistics.js';

/** The settings both read scenarios (the nested page and the point lookups) share, so their figures compare. */
export const READ_SCENARIO = {
  ENTERPRISES: sized(20_000, 2_000),
  DURATION_S: sized(30, 5),
  WARM_UP_S: sized(5, 2),
  CONCURRENCY: [10, 50],
  POOL: 10,
  PROFILE_S: sized(10, 4),
};

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
  options: {
    variables?: (index: number) => Record<string, unknown>;
    headers?: Record<string, string>;
    /** Receives the response time (ms) of every 2xx response. */
    latencies?: number[];
  } = {},
): Promise<autocannon.Result> {
  let sent = 0;
  const { variables, latencies } = options;
  // autocannon's tracker: a promise of the result that also emits each response as it comes.
  const instance = autocannon({
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
  }) as Promise<autocannon.Result> & { on(event: 'response', listener: (...args: never[]) => void): void };
  if (latencies) {
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  }
  return instance;
}

export type ReadServer = 'hub' | 'postgraphile';

/** What a server did under one concurrency, over all its rounds. */
export interface LoadFigures {
  durationS: number;
  requests: { total: number; average: number };
  /** Of every 2xx response of every round, from autocannon's own response times. */
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Each round's requests/s, in the order run: how far the machine's speed moved during the run. */
  roundsPerSecond: number[];
}

export interface ReadTimings {
  timings: Record<ReadServer, Record<number, LoadFigures>>;
  cpuMsPerRequest: Record<ReadServer, Record<number, number>>;
  /** The PostgreSQL backends' CPU per request: on a machine the database shares, its work costs the server's rate too. */
  databaseCpuMsPerRequest: Record<ReadServer, Record<number, number>>;
}

/**
 * The timed part of a read scenario. Both servers run from the start, and at each concurrency they
 * take turns under load, ROUNDS times for a share of `durationS` each, the order swapped every
 * round: this machine's speed moves by a third within minutes, and a server timed whole after the
 * other could meet a slower machine than its peer did. Only one server is loaded at a time; the
 * other sits idle. The process's CPU time and that of the database's backends serving `database`
 * are taken around each round and summed per server.
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
  const names = ['hub', 'postgraphile'] as const;
  await withServers([servers.hub, servers.postgraphile], async (started) => {
    const server = { hub: started[0]!, postgraphile: started[1]! };
    const run = (name: ReadServer, connections: number, durationS: number, latencies?: number[]) =>
      load(server[name].url, request[name].query, request[name].token, connections, durationS, {
        variables: options.variables,
        latencies,
      });
    for (const name of names) await run(name, 10, options.warmUpS);
    for (const connections of options.concurrency) {
      const rounds = { hub: [] as RoundFigures[], postgraphile: [] as RoundFigures[] };
      for (let turn = 0; turn < ROUNDS; turn++) {
        for (const name of inTurn(turn, names)) {
          const latencies: number[] = [];
          const database = await sampleBackendCpu(ADMIN_URL, options.database);
          const cpuBefore = await cpuSeconds(server[name].pid);
          const timed = await run(name, connections, options.durationS / ROUNDS, latencies);
          const cpuSecondsUsed = (await cpuSeconds(server[name].pid)) - cpuBefore;
          rounds[name].push({ timed, latencies, cpuSeconds: cpuSecondsUsed, databaseSeconds: await database.stop() });
        }
      }
      for (const name of names) {
        const figures = mergeRounds(rounds[name]);
        result.timings[name][connections] = figures;
        const total = (pick: (round: RoundFigures) => number) => rounds[name].reduce((sum, round) => sum + pick(round), 0);
        result.cpuMsPerRequest[name][connections] = (total((round) => round.cpuSeconds) * 1000) / figures.requests.total;
        result.databaseCpuMsPerRequest[name][connections] = (total((round) => round.databaseSeconds) * 1000) / figures.requests.total;
      }
    }
  });
  return result;
}

/** How the timed part ran, with each round's requests/s per server and concurrency (how much the machine moved). */
export function timingNote(
  measured: ReadTimings,
  options: { concurrency: number[]; durationS: number; warmUpS: number; pool: number },
): string {
  const perRound = options.concurrency
    .map(
      (connections) =>
        `${connections} connections: hub ${measured.timings.hub[connections]!.roundsPerSecond.join(', ')}; PostGraphile ${measured.timings.postgraphile[connections]!.roundsPerSecond.join(', ')}`,
    )
    .join('; ');
  return `Same pool size (${options.pool}) for both; autocannon in the runner's process. After ${options.warmUpS} s of warm-up each, the two servers took turns under load, ${ROUNDS} rounds of ${round(options.durationS / ROUNDS)} s each per concurrency, the order swapped every round, one server loaded at a time; figures are over all of a server's rounds. Requests/s per round, in the order run (${perRound}).`;
}

interface RoundFigures {
  timed: autocannon.Result;
  latencies: number[];
  cpuSeconds: number;
  databaseSeconds: number;
}

/** One server's rounds at one concurrency as one run's figures: requests summed, percentiles over every response. */
function mergeRounds(rounds: readonly RoundFigures[]): LoadFigures {
  const latencies = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const durationS = rounds.reduce((sum, round) => sum + round.timed.duration, 0);
  const total = rounds.reduce((sum, round) => sum + round.timed.requests.total, 0);
  const sum = (pick: (result: autocannon.Result) => number) => rounds.reduce((all, round) => all + pick(round.timed), 0);
  const at = (p: number) => (latencies.length ? round(percentile(latencies, p)) : 0);
  return {
    durationS,
    requests: { total, average: total / durationS },
    latency: {
      average: latencies.length ? round(mean(latencies)) : 0,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      max: latencies.at(-1) ?? 0,
    },
    errors: sum((result) => result.errors),
    timeouts: sum((result) => result.timeouts),
    non2xx: sum((result) => result.non2xx),
    roundsPerSecond: rounds.map((round) => Math.round(round.timed.requests.total / round.timed.duration)),
  };
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
