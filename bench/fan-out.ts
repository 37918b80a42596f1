import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import { dashboardClient } from './support/dashboard-client.js';
import type { ScenarioResult } from './report.js';
import { createBenchDatabase } from './support/bench-database.js';
import { summariseProfile, type ProfileLine } from './support/cpu-profile.js';
import { postGraphQL } from './support/graphql-http.js';
import { QUICK, sized } from './support/options.js';
import { cpuSeconds } from './support/process-cpu.js';
import { startHubProcess, type ServerProcess } from './support/processes.js';
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { seedDistrict, type BenchTokens } from './support/seed-district.js';
import { MiB, percentile, round } from './support/statistics.js';
import { profileNotes } from './support/cpu-profile.js';

const CLIENTS = process.env.BENCH_FAN_OUT_CLIENTS?.split(',').map(Number) ?? sized([1_000, 5_000, 10_000], [100, 500, 1_000]);
const REGISTRATIONS = sized(5, 3);
const GAP_MS = 1_000;
const BATCH = 250;
const SETTLE_TIMEOUT_MS = sized(180_000, 60_000);
const POOL = 10;
/** BENCH_FAN_OUT_PROFILE=1: the hub runs with --cpu-prof and the table notes where its CPU went while it pushed. */
const PROFILE = ['1', 'true', 'yes'].includes(process.env.BENCH_FAN_OUT_PROFILE ?? '');

/**
 * Idle subscribers: how much hub memory a screen costs while nothing changes, at the sizes asked
 * (BENCH_FAN_OUT_IDLE, e.g. 19000,50000; 0 skips). The clients are spread over processes of
 * IDLE_PER_PROCESS each, since each process may hold only as many sockets as its open-files limit.
 * A size one hub process cannot hold under that limit is spread over as many hub processes as it
 * takes, as a deployment would run them. They share the database; nothing is pushed while idle, so
 * they need no Redis between them (REDIS_URL carries live counts across instances).
 */
const IDLE = (process.env.BENCH_FAN_OUT_IDLE?.split(',').map(Number) ?? sized([19_000, 50_000], [1_000])).filter((count) => count > 0);
const IDLE_PER_PROCESS = 9_000;
/** Descriptors a hub process keeps for its own files, listening socket and database pool, beside its clients' sockets. */
const HUB_OWN_FILES = 1_000;

/** The live count every dashboard in the hall watches (the dashboard page's own subscription). */
const SUBSCRIPTION = 'subscription { liveCounts { registrations } }';

const REGISTER = `mutation Register($key: ID!, $input: RegisterEnterpriseInput!) {
  registerEnterprise(idempotencyKey: $key, input: $input) { replayed }
}`;

interface Watcher {
  client: Client;
  /** Every figure received, with its arrival time (performance.now()). */
  received: Array<{ registrations: number; at: number }>;
  failed?: string;
}

interface IdleResult {
  target: number;
  subscribed: number;
  failed: number;
  firstError?: string;
  processes: number;
  /** Hub processes the clients were spread over (their RSS figures are sums). */
  hubs: number;
  hubOpenFilesLimit: string;
  hubRssBeforeMiB: number;
  hubRssOpenMiB: number;
  perConnectionKiB: number;
  openedInS: number;
}

interface LevelResult {
  clients: number;
  openedInS: number;
  failedToOpen: number;
  hubRssBeforeMiB: number;
  hubRssOpenMiB: number;
  perConnectionKiB: number;
  registrations: number;
  latencyMs: { p50: number; p99: number; max: number; samples: number };
  /** From the moment the mutation was sent: an upper bound that holds when pushes overtake the response. */
  fromSendMs: { p50: number; p99: number; max: number };
  lost: number;
  finalFigure: number;
  settledInS: number;
  hubCpuSecondsDuringStream: number;
  mutationMs: number[];
  /** performance.now() when the first registration was sent and when every client had settled. */
  stream: { from: number; to: number };
  perChange: Array<{ responseMs: number; firstMs: number; p50Ms: number; lastMs: number }>;
  /** CPU the load generator (this process, every client) used during the stream: it competes with the hub for the cores. */
  runnerCpuSeconds: number;
  profile?: { lines: ProfileLine[]; functions: ProfileLine[] };
}

export async function fanOut(): Promise<ScenarioResult> {
  const database = await createBenchDatabase('hub_bench_fan_out');
  try {
    const tokens = await seedDistrict(database.orm.em.fork());
    const statementsPerChange = await countStatementsPerChange(database.url, tokens);
    const levels: LevelResult[] = [];
    let run = 0;
    for (const clients of CLIENTS) {
      const profiles = path.resolve('bench/profiles', `fan-out-${clients}`);
      if (PROFILE) {
        await rm(profiles, { recursive: true, force: true });
        await mkdir(profiles, { recursive: true });
      }
      const nodeArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [];
      const hub = await startHubProcess(database.url, { port: PORT_BASE, poolMax: POOL, nodeArgs });
      let result: LevelResult;
      try {
        result = await level(hub, tokens, clients, `l${++run}`);
      } finally {
        await hub.stop();
      }
      if (PROFILE) {
        // Only the samples of the stream: from the first registration's send until every client settled.
        const { lines, functions } = await summariseProfile(profiles, {
          lastSeconds: (result.stream.to - result.stream.from) / 1000,
          skipLastSeconds: (performance.now() - result.stream.to) / 1000,
        });
        result.profile = { lines, functions };
        console.log(`hub CPU profile at ${clients} clients (${profiles}):`, { lines, functions });
      }
      levels.push(result);
    }
    const idle: IdleResult[] = [];
    const perHub = await socketsPerHub();
    for (const target of IDLE) {
      const hubs: ServerProcess[] = [];
      try {
        // One after another: each migrates the schema (a no-op by then) as it starts.
        for (let index = 0; index < Math.ceil(target / perHub); index++) {
          hubs.push(await startHubProcess(database.url, { port: PORT_BASE + 3 + index, poolMax: POOL }));
        }
        idle.push(await idleLevel(hubs, tokens, target));
      } finally {
        await Promise.all(hubs.map((hub) => hub.stop()));
      }
    }
    const rows = levels.map((result) => [
      result.clients,
      result.latencyMs.p50,
      result.latencyMs.p99,
      result.latencyMs.max,
      result.fromSendMs.p50,
      result.fromSendMs.p99,
      result.lost,
      result.perConnectionKiB,
      round(result.settledInS),
      round(result.hubCpuSecondsDuringStream),
      Math.round((result.registrations * result.clients) / result.hubCpuSecondsDuringStream),
    ]);
    const largest = levels.at(-1)!;
    return {
      name: 'Live-count fan-out: liveCounts over graphql-ws',
      command: 'npm run bench:fan-out',
      tables: [
        {
          title: `${REGISTRATIONS} registrations, ${GAP_MS} ms apart, each pushed to every client`,
          headers: [
            'clients',
            'p50 ms',
            'p99 ms',
            'max ms',
            'p50 from send ms',
            'p99 from send ms',
            'lost',
            'KiB/connection',
            'settled s',
            'hub CPU s',
            'pushes/CPU s',
          ],
          rows,
        },
        ...(idle.length
          ? [
              {
                title:
                  'Idle subscribers: hub memory while nothing changes (every client subscribed to liveCounts and has its first figure)',
                headers: [
                  'clients asked',
                  'subscribed',
                  'refused',
                  'KiB/connection',
                  'hub processes',
                  'hub RSS MiB',
                  'hub open-files limit',
                  'opened in s',
                  'first refusal',
                ],
                rows: idle.map((result) => [
                  result.target,
                  result.subscribed,
                  result.failed,
                  result.perConnectionKiB,
                  result.hubs,
                  result.hubRssOpenMiB,
                  result.hubOpenFilesLimit,
                  result.openedInS,
                  result.firstError ?? '',
                ]),
              },
            ]
          : []),
      ],
      raw: { levels, idle, statementsPerChange, quick: QUICK },
      notes: [
        `Latency is from the moment the registering clerk's mutation response arrived (the commit acknowledged) to the moment a dashboard received a figure at least as high as that registration's; a push that overtakes the HTTP response counts as 0. "from send" measures from the moment the mutation was sent instead (commit included): the upper bound, which stays meaningful when pushes overtake the response. "lost": clients whose last figure was not the final one ${SETTLE_TIMEOUT_MS / 1000} s after the last registration.`,
        `SQL statements one change costs beyond the registration's own, counted at the driver with ${statementsPerChange.subscribers} subscribers: ${statementsPerChange.change - statementsPerChange.registration} (${round(statementsPerChange.perSubscriberPerChange)} per subscriber). The hub counts once per change and scope and pushes the same figures to every subscriber (domain/live-counts/live-figures.ts), so the database's share does not grow with the clients; the event is executed once per distinct document and reader (server/shared-subscriptions.ts), so what grows is sending each subscriber its message. Pool of ${POOL}.`,
        `Anchor: Hasura publishes 5 000 live queries per vCPU at 60% CPU. Here the hub used ${round(largest.hubCpuSecondsDuringStream)} CPU s for ${largest.registrations} changes × ${largest.clients} clients (a push each; the count is shared): ${Math.round((largest.registrations * largest.clients) / largest.hubCpuSecondsDuringStream)} pushes per CPU second. The two are not the same work — Hasura refetches each multiplexed query once a second whatever changes — so read it as an order of magnitude.`,
        `"settled s": from the first registration's commit until every client had the final figure (it includes the ${GAP_MS} ms gaps between registrations).`,
        `Server memory per connection is the hub's RSS growth from before the clients connected to after all had their first figure, divided by the clients. All clients run in the runner's one process (ulimit -n ${sized('must exceed 10 000', 'is ample')}; this machine allows 20 000).`,
        ...(idle.length
          ? [
              `Idle subscribers: hubs of their own per size; the clients are spread over load-generator processes of ${IDLE_PER_PROCESS} each (bench/support/idle-subscribers.ts), started one after the other; once a process is refused a connection, no more are started. KiB/connection is the hubs' RSS growth from before the clients to 2 s after all had their first figure, divided by the subscribed ones. A hub process can hold only as many sockets as its open-files limit (soft / hard, from /proc/<pid>/limits) less its own files and database connections: a size above ${perHub} (that limit less ${HUB_OWN_FILES}) is spread evenly over as many hub processes, each on its own port, and "hub RSS MiB" is their sum.`,
            ]
          : []),
        ...levels.flatMap((result) =>
          result.profile
            ? [
                profileNotes(
                  `Hub CPU profile during the stream at ${result.clients} clients (BENCH_FAN_OUT_PROFILE=1)`,
                  result.profile,
                  8,
                ).join(' '),
              ]
            : [],
        ),
        `Runs before session 5 watched registrationCounts; from session 5 on, liveCounts (the dashboard page's subscription), executed once per distinct document and reader (server/shared-subscriptions.ts).`,
      ],
    };
  } finally {
    await database.drop();
  }
}

/** How many client sockets one hub process is given: its open-files limit (this process's, which it inherits) less its own. */
async function socketsPerHub(): Promise<number> {
  const limits = await readFile('/proc/self/limits', 'utf8');
  const soft = Number(/Max open files\s+(\S+)/.exec(limits)?.[1]);
  return Number.isFinite(soft) ? Math.max(1, soft - HUB_OWN_FILES) : Number.POSITIVE_INFINITY;
}

async function idleLevel(hubs: readonly ServerProcess[], tokens: BenchTokens, target: number): Promise<IdleResult> {
  for (const hub of hubs) await register(hub.url, tokens, `idle-${target}-warm-${hub.pid}`);
  const rssBefore = await Promise.all(hubs.map((hub) => hub.rss()));
  const limits = await readFile(`/proc/${hubs[0]!.pid}/limits`, 'utf8');
  const hubOpenFilesLimit = /Max open files\s+(\S+)\s+(\S+)/.exec(limits)?.slice(1, 3).join(' / ') ?? '?';
  const children: ReturnType<typeof spawn>[] = [];
  let subscribed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const opening = performance.now();
  try {
    for (const [index, hub] of hubs.entries()) {
      // An even share per hub: the first hubs take the remainder's extra client each.
      const share = Math.floor(target / hubs.length) + (index < target % hubs.length ? 1 : 0);
      // One process after another, so each opens its share at the hub's own pace; a process that
      // could open nothing more means the hub takes no more, and the rest are not started.
      for (let start = 0; start < share; start += IDLE_PER_PROCESS) {
        const child = spawn(process.execPath, [path.resolve(import.meta.dirname, 'support', 'idle-subscribers.js')], {
          env: {
            PATH: process.env.PATH ?? '',
            IDLE_URL: hub.url,
            IDLE_TOKEN: tokens.dashboard,
            IDLE_CLIENTS: String(Math.min(IDLE_PER_PROCESS, share - start)),
          },
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        children.push(child);
        let last: { subscribed: number; failed: number; error?: string } = { subscribed: 0, failed: 0 };
        for await (const line of createInterface({ input: child.stdout! })) {
          last = JSON.parse(line) as typeof last & { done?: boolean };
          if ((last as { done?: boolean }).done) break;
        }
        subscribed += last.subscribed;
        failed += last.failed;
        firstError ??= last.error;
        if (last.failed > 0) break;
      }
    }
    const openedInS = (performance.now() - opening) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rssOpen = await Promise.all(hubs.map((hub) => hub.rss()));
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    return {
      target,
      subscribed,
      failed,
      firstError,
      processes: children.length,
      hubs: hubs.length,
      hubOpenFilesLimit,
      hubRssBeforeMiB: round(sum(rssBefore) / MiB),
      hubRssOpenMiB: round(sum(rssOpen) / MiB),
      perConnectionKiB: round((sum(rssOpen) - sum(rssBefore)) / Math.max(1, subscribed) / 1024),
      openedInS: round(openedInS),
    };
  } finally {
    for (const child of children) child.stdin!.end();
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
  }
}

async function level(hub: ServerProcess, tokens: BenchTokens, clients: number, run: string): Promise<LevelResult> {
  // Warm the hub (JIT, pool) before measuring its memory.
  await register(hub.url, tokens, `${run}-warm`);
  const rssBefore = await hub.rss();
  const watchers: Watcher[] = [];
  const opening = performance.now();
  for (let start = 0; start < clients; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, clients - start) }, () => watch(hub.url, tokens.dashboard));
    watchers.push(...batch);
    await Promise.all(batch.map((watcher) => firstFigure(watcher)));
  }
  const openedInS = (performance.now() - opening) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const rssOpen = await hub.rss();

  const cpuBefore = await cpuSeconds(hub.pid);
  const runnerCpuBefore = process.cpuUsage();
  const streamFrom = performance.now();
  const committed: Array<{ registrations: number; at: number; sent: number }> = [];
  const mutationMs: number[] = [];
  let expected = Math.max(...watchers.map((watcher) => watcher.received.at(-1)?.registrations ?? 0));
  for (let index = 0; index < REGISTRATIONS; index++) {
    const sent = performance.now();
    await register(hub.url, tokens, `${run}-${index}`);
    const at = performance.now();
    mutationMs.push(round(at - sent));
    committed.push({ registrations: ++expected, at, sent });
    if (index < REGISTRATIONS - 1) await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  }
  const finalFigure = expected;
  const settleStart = performance.now();
  const deadline = settleStart + SETTLE_TIMEOUT_MS;
  while (performance.now() < deadline && watchers.some((watcher) => watcher.received.at(-1)?.registrations !== finalFigure)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const streamTo = performance.now();
  const settledInS = (streamTo - committed[0]!.at) / 1000;
  const hubCpu = (await cpuSeconds(hub.pid)) - cpuBefore;
  const runnerCpu = process.cpuUsage(runnerCpuBefore);

  const latencies: number[] = [];
  const fromSend: number[] = [];
  for (const watcher of watchers) {
    for (const change of committed) {
      const receipt = watcher.received.find((figure) => figure.registrations >= change.registrations);
      if (receipt) latencies.push(Math.max(0, receipt.at - change.at));
      if (receipt) fromSend.push(Math.max(0, receipt.at - change.sent));
    }
  }
  // Per change, from the mutation's send: its response, and the first, median and last dashboard to have it.
  const perChange = committed.map((change) => {
    const arrivals = watchers
      .map((watcher) => watcher.received.find((figure) => figure.registrations >= change.registrations)?.at)
      .filter((at): at is number => at !== undefined)
      .map((at) => at - change.sent)
      .sort((a, b) => a - b);
    return {
      responseMs: round(change.at - change.sent),
      firstMs: round(arrivals[0] ?? NaN),
      p50Ms: round(percentile(arrivals, 50)),
      lastMs: round(arrivals.at(-1) ?? NaN),
    };
  });
  const lost = watchers.filter((watcher) => watcher.received.at(-1)?.registrations !== finalFigure).length;
  await Promise.all(watchers.map((watcher) => watcher.client.dispose()));
  return {
    clients,
    openedInS: round(openedInS),
    failedToOpen: watchers.filter((watcher) => watcher.failed).length,
    hubRssBeforeMiB: round(rssBefore / MiB),
    hubRssOpenMiB: round(rssOpen / MiB),
    perConnectionKiB: round((rssOpen - rssBefore) / clients / 1024),
    registrations: REGISTRATIONS,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(0, ...latencies)),
      samples: latencies.length,
    },
    fromSendMs: { p50: round(percentile(fromSend, 50)), p99: round(percentile(fromSend, 99)), max: round(Math.max(0, ...fromSend)) },
    lost,
    finalFigure,
    settledInS,
    hubCpuSecondsDuringStream: hubCpu,
    mutationMs,
    stream: { from: streamFrom, to: streamTo },
    perChange,
    runnerCpuSeconds: round((runnerCpu.user + runnerCpu.system) / 1e6),
  };
}

function watch(url: string, token: string): Watcher {
  const client = dashboardClient(url, token);
  const watcher: Watcher = { client, received: [] };
  client.subscribe<{ liveCounts: { registrations: number } }>(
    { query: SUBSCRIPTION },
    {
      next: (result) => {
        const registrations = result.data?.liveCounts.registrations;
        if (typeof registrations === 'number') watcher.received.push({ registrations, at: performance.now() });
        else watcher.failed ??= JSON.stringify(result.errors ?? result).slice(0, 200);
      },
      error: (error) => (watcher.failed ??= String((error as Error).message ?? error).slice(0, 200)),
      complete: () => {},
    },
  );
  return watcher;
}

async function firstFigure(watcher: Watcher): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!watcher.received.length && !watcher.failed && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

async function register(url: string, tokens: BenchTokens, key: string): Promise<void> {
  await postGraphQL(url, REGISTER, {
    token: tokens.clerk,
    variables: {
      key: `bench-fan-out-${key}`,
      input: {
        name: `广元市昭化区看板压测${key}号商贸有限公司`,
        kind: 'COMPANY',
        legalRepresentative: '王晓燕',
        registeredCapitalWanYuan: '10',
        address: '昭化区昭化镇太守街2号',
        divisionCode: '510811',
        industryCode: 'F5211',
        businessScope: '日用百货销售',
      },
    },
  });
}

/**
 * SQL statements one published change costs per subscriber, in a separate untimed run: the hub
 * with the counting preload, `subscribers` clients, one registration; the registration's own
 * statements (measured alone first) are subtracted.
 */
async function countStatementsPerChange(databaseUrl: string, tokens: BenchTokens) {
  const subscribers = 50;
  const countFile = path.resolve(`bench/.statements-fan-out-${process.pid}`);
  const hub = await startHubProcess(databaseUrl, {
    port: PORT_BASE + 2,
    poolMax: POOL,
    nodeArgs: ['--import', path.resolve(import.meta.dirname, 'support', 'count-statements.js')],
    // Without the outbox workers, whose deliveries of each registration's events (and polling between
    // them) would fall between whichever two counts they happened to.
    env: { STATEMENT_COUNT_FILE: countFile, DELIVERY_WORKERS: '0' },
  });
  let recent: string[] = [];
  const read = async () => {
    await rm(countFile, { force: true });
    hub.child.kill('SIGUSR2');
    for (let attempt = 0; attempt < 50; attempt++) {
      const text = await readFile(countFile, 'utf8').catch(() => null);
      if (text) {
        const counted = JSON.parse(text) as { statements: number; recent: string[] };
        recent = counted.recent;
        return counted.statements;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the hub did not write its statement count');
  };
  try {
    // Two to warm: the first creates the signing key, after which the next re-reads the reference
    // data once (its cache hears of the change), a statement no later registration sends.
    await register(hub.url, tokens, 'count-warm');
    await register(hub.url, tokens, 'count-warm-again');
    const alone0 = await read();
    await register(hub.url, tokens, 'count-alone');
    const registration = (await read()) - alone0;
    const watchers = Array.from({ length: subscribers }, () => watch(hub.url, tokens.dashboard));
    await Promise.all(watchers.map(firstFigure));
    const before = await read();
    await register(hub.url, tokens, 'count-watched');
    const target = Math.max(...watchers.map((watcher) => watcher.received.at(-1)!.registrations)) + 1;
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline && watchers.some((watcher) => watcher.received.at(-1)!.registrations < target)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const change = (await read()) - before;
    // What the change cost, by statement: the registration's own, then what the push added.
    const changeStatements = Object.entries(
      recent.slice(-change).reduce<Record<string, number>>((counts, text) => ({ ...counts, [text]: (counts[text] ?? 0) + 1 }), {}),
    ).sort((a, b) => b[1] - a[1]);
    await Promise.all(watchers.map((watcher) => watcher.client.dispose()));
    return { subscribers, registration, change, perSubscriberPerChange: (change - registration) / subscribers, changeStatements };
  } finally {
    await hub.stop();
    await rm(countFile, { force: true });
  }
}

if (isMain(import.meta.url)) await runScenarios([fanOut], 'npm run bench:fan-out');
