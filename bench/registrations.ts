import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { Client } from 'pg';
import type { ScenarioResult } from './report.js';
import { adminQuery, createBenchDatabase, withDatabase, ADMIN_URL } from './support/bench-database.js';
import { sampleBackendCpu } from './support/backend-cpu.js';
import { closedLoop, type LoopResult } from './support/closed-loop.js';
import { companyRegistration } from './support/company-registration.js';
import { cpuSeconds } from './support/process-cpu.js';
import { postGraphQL } from './support/graphql-http.js';
import { QUICK, sized } from './support/options.js';
import { inTurn, ROUNDS } from './support/turns.js';
import { initialisePgbench, pgbenchVersion, runPgbench, type PgbenchResult } from './support/pgbench.js';
import { startHubProcess } from './support/processes.js';
import { profileUnderLoad } from './support/profile-under-load.js';
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { seedDistrict } from './support/seed-district.js';
import { countStatements } from './support/statement-count.js';
import { percentile, round } from './support/statistics.js';
import { profileNotes } from './support/cpu-profile.js';

const CONCURRENCY = [1, 8, 32];
const DURATION_S = sized(24, 4);
const ROUND_S = Math.round(DURATION_S / ROUNDS);
/** At least the largest client count, as pgbench's documentation advises, or it measures contention on the branch rows. */
const PGBENCH_SCALE = sized(32, 8);
const POOL = 10;

const REGISTER = `mutation Register($key: ID!, $input: RegisterEnterpriseInput!) {
  registerEnterprise(idempotencyKey: $key, input: $input) {
    replayed
    enterprise { uscc }
    registration { receipts { department { code } status } }
  }
}`;

type Registered = {
  registerEnterprise: {
    replayed: boolean;
    enterprise: { uscc: string };
    registration: { receipts: Array<{ department: { code: string } }> };
  };
};

/** A new company each time: a distinct name and idempotency key per request. */
function registration(run: string, sequence: number) {
  return {
    key: `bench-${run}-${sequence}`,
    input: companyRegistration(`广元市昭化区压测${run}第${sequence}号建材有限公司`),
  };
}

export async function registrations(): Promise<ScenarioResult> {
  const database = await createBenchDatabase('hub_bench_registrations');
  const pgbenchDatabase = 'hub_bench_pgbench';
  try {
    const tokens = await seedDistrict(database.orm.em.fork());
    const register = (url: string, run: string) => async (sequence: number) => {
      const { key, input } = registration(run, sequence);
      const data = await postGraphQL<Registered>(url, REGISTER, { token: tokens.clerk, variables: { key, input } });
      if (data.registerEnterprise.replayed) throw new Error(`registration ${key} was replayed`);
    };

    // The fan-out of one registration, as the hub records it.
    const fanOut = await withHub(database.url, PORT_BASE, async (url) => {
      const { key, input } = registration('probe', 0);
      const data = await postGraphQL<Registered>(url, REGISTER, { token: tokens.clerk, variables: { key, input } });
      return data.registerEnterprise.registration.receipts.map((receipt) => receipt.department.code).sort();
    });

    // The ceiling of the database: pgbench on the same server, in the same run, taking turns with the hub.
    await adminQuery(`drop database if exists ${pgbenchDatabase} with (force)`);
    await adminQuery(`create database ${pgbenchDatabase}`);
    const pgbenchUrl = withDatabase(ADMIN_URL, pgbenchDatabase);
    await initialisePgbench(pgbenchUrl, PGBENCH_SCALE);

    type HubFigures = LoopResult & {
      hubCpuMsPerRegistration: number;
      databaseCpuMsPerRegistration: number;
      loadGeneratorCpuMsPerRegistration: number;
      roundsPerSecond: number[];
    };
    const hub: HubFigures[] = [];
    const pgbench: Array<PgbenchResult & { databaseCpuMsPerTransaction: number; roundsPerSecond: number[] }> = [];
    await withHub(database.url, PORT_BASE, async (url, pid) => {
      await closedLoop(4, sized(3, 1), register(url, 'warm')); // warm-up: JIT, pool, plans
      for (const concurrency of CONCURRENCY) {
        const ours = { rounds: [] as LoopResult[], latencies: [] as number[], hubCpu: 0, databaseCpu: 0, loadGeneratorCpu: 0 };
        const theirs = { rounds: [] as PgbenchResult[], latencies: [] as number[], databaseCpu: 0 };
        const hubRound = async (index: number) => {
          const cpuBefore = await cpuSeconds(pid);
          const backend = await sampleBackendCpu(ADMIN_URL, database.name);
          const loadGeneratorBefore = process.cpuUsage();
          ours.rounds.push(await closedLoop(concurrency, ROUND_S, register(url, `c${concurrency}r${index}`), ours.latencies));
          const loadGenerator = process.cpuUsage(loadGeneratorBefore);
          ours.databaseCpu += await backend.stop();
          ours.hubCpu += (await cpuSeconds(pid)) - cpuBefore;
          ours.loadGeneratorCpu += (loadGenerator.user + loadGenerator.system) / 1e6;
        };
        const pgbenchRound = async () => {
          const backend = await sampleBackendCpu(ADMIN_URL, pgbenchDatabase);
          theirs.rounds.push(await runPgbench(pgbenchUrl, concurrency, ROUND_S, theirs.latencies));
          theirs.databaseCpu += await backend.stop();
        };
        // Taking turns (support/turns.ts): a workload timed whole after the other could meet a slower machine.
        for (let index = 0; index < ROUNDS; index++) {
          for (const round of inTurn(index, [() => hubRound(index), pgbenchRound] as const)) await round();
        }
        const completed = sum(ours.rounds.map((result) => result.completed));
        const elapsed = sum(ours.rounds.map((result) => result.durationS));
        hub.push({
          concurrency,
          durationS: round(elapsed),
          completed,
          errors: sum(ours.rounds.map((result) => result.errors)),
          perSecond: completed / elapsed,
          p50Ms: percentile(ours.latencies, 50),
          p99Ms: percentile(ours.latencies, 99),
          maxMs: Math.max(0, ...ours.rounds.map((result) => result.maxMs)),
          firstError: ours.rounds.find((result) => result.firstError)?.firstError,
          hubCpuMsPerRegistration: (ours.hubCpu * 1000) / completed,
          databaseCpuMsPerRegistration: (ours.databaseCpu * 1000) / completed,
          loadGeneratorCpuMsPerRegistration: (ours.loadGeneratorCpu * 1000) / completed,
          roundsPerSecond: ours.rounds.map((result) => Math.round(result.perSecond)),
        });
        const transactions = sum(theirs.rounds.map((result) => result.transactions));
        pgbench.push({
          clients: concurrency,
          durationS: ROUND_S * ROUNDS,
          transactions,
          // The mean of pgbench's own per-round rates: the rounds are of equal length.
          tps: sum(theirs.rounds.map((result) => result.tps)) / theirs.rounds.length,
          p50Ms: percentile(theirs.latencies, 50),
          p99Ms: percentile(theirs.latencies, 99),
          failed: sum(theirs.rounds.map((result) => result.failed)),
          databaseCpuMsPerTransaction: (theirs.databaseCpu * 1000) / transactions,
          roundsPerSecond: theirs.rounds.map((result) => Math.round(result.tps)),
        });
      }
    });
    const counts = await outcome(database.url);

    const statements = await countStatements(
      (extra) => startHubProcess(database.url, { port: PORT_BASE + 2, poolMax: POOL, ...extra }),
      (url, index) => register(url, 'count')(index + 1),
    );
    const profile = await profileUnderLoad(
      'registrations',
      (extra) => startHubProcess(database.url, { port: PORT_BASE + 3, poolMax: POOL, ...extra }),
      (url) => closedLoop(8, sized(10, 4), register(url, 'profile')),
    );

    const rows = CONCURRENCY.flatMap((concurrency, index) => {
      const ours = hub[index]!;
      const theirs = pgbench[index]!;
      return [
        [
          'hub registerEnterprise',
          concurrency,
          round(ours.perSecond),
          round(ours.p50Ms),
          round(ours.p99Ms),
          ours.errors,
          statements.perRequest,
          round(ours.hubCpuMsPerRegistration),
          round(ours.databaseCpuMsPerRegistration),
        ],
        [
          'pgbench TPC-B-like',
          concurrency,
          round(theirs.tps),
          round(theirs.p50Ms),
          round(theirs.p99Ms),
          theirs.failed,
          7,
          '–',
          round(theirs.databaseCpuMsPerTransaction),
        ],
      ];
    });
    const best = Math.max(...hub.map((result) => result.perSecond));
    const bestPgbench = Math.max(...pgbench.map((result) => result.tps));
    return {
      name: 'Registrations: registerEnterprise vs pgbench',
      command: 'npm run bench:registrations',
      tables: [
        {
          title: `Closed loop, ${ROUNDS} rounds of ${ROUND_S} s per concurrency, hub and pgbench taking turns (pgbench scale ${PGBENCH_SCALE})`,
          headers: [
            'workload',
            'concurrency',
            'per s',
            'p50 ms',
            'p99 ms',
            'errors',
            'SQL/transaction',
            'hub CPU ms each',
            'database CPU ms each',
          ],
          rows,
        },
      ],
      raw: { fanOut, hub, pgbench, counts, statements, profile, pgbench_version: await pgbenchVersion(), quick: QUICK },
      notes: [
        `Each registration fans out to ${fanOut.length} departments (${fanOut.join(', ')}): one PENDING receipt and one outbox event each, in the registration's transaction. The issue says five; the demo district's integrated certificates (五证合一) name four departments besides 市场监管, which registers and so receives nothing.`,
        `After the run the database held ${counts.registrations} registrations, ${counts.receipts} receipts and ${counts.events} outbox events (${round(counts.receipts / counts.registrations)} receipts per registration).`,
        `Best hub rate ${round(best)} registrations/s vs pgbench's ${round(bestPgbench)} TPC-B-like transactions/s: ${round((best / bestPgbench) * 100)}% of the database's rate of small write transactions. A registration is ${statements.perRequest} statements, each a round trip (pgbench's transaction is 7 with BEGIN/END; the list is in the raw figures): in statements per second the hub sends ${round(best * statements.perRequest)}/s, pgbench ${round(bestPgbench * 7)}/s.`,
        `The hub process used ${round(hub.at(-1)!.hubCpuMsPerRegistration)} ms of CPU per registration at concurrency ${CONCURRENCY.at(-1)}: one Node process is bounded by one core, so it cannot pass about ${Math.round(1000 / hub.at(-1)!.hubCpuMsPerRegistration)} registrations/s whatever the database does; the rate stops growing with concurrency when that core is full.`,
        `PostgreSQL's backends used ${round(hub[1]!.databaseCpuMsPerRegistration)} ms of CPU per registration at concurrency 8 and ${round(pgbench[1]!.databaseCpuMsPerTransaction)} ms per pgbench transaction. This benchmark's own HTTP client used ${round(hub[1]!.loadGeneratorCpuMsPerRegistration)} ms per registration; hub, database and load generator share this machine's ${availableParallelism()} cores.`,
        `At each concurrency the hub and pgbench took turns, ${ROUNDS} rounds of ${ROUND_S} s each, the order swapped every round; figures are over all rounds. Per round, in the order run: ${CONCURRENCY.map((concurrency, index) => `concurrency ${concurrency}: hub ${hub[index]!.roundsPerSecond.join(', ')}/s, pgbench ${pgbench[index]!.roundsPerSecond.join(', ')}/s`).join('; ')}.`,
        ...profileNotes('Hub CPU profile under registration load (8 workers)', profile),
      ],
    };
  } finally {
    await database.drop();
    await adminQuery(`drop database if exists ${pgbenchDatabase} with (force)`);
  }
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

async function withHub<T>(databaseUrl: string, port: number, work: (url: string, pid: number) => Promise<T>): Promise<T> {
  const hub = await startHubProcess(databaseUrl, { port, poolMax: POOL });
  try {
    return await work(hub.url, hub.pid);
  } finally {
    await hub.stop();
  }
}

async function outcome(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ registrations: number; receipts: number; events: number }>(
      `select (select count(*) from registration)::int as registrations,
              (select count(*) from registration_receipt)::int as receipts,
              (select count(*) from outbox_event where event_type = 'enterprise.registered')::int as events`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

if (isMain(import.meta.url)) await runScenarios([registrations], 'npm run bench:registrations');
