import 'reflect-metadata';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ScenarioResult } from './report.js';
import { createBenchDatabase } from './support/bench-database.js';
import { postGraphQL } from './support/graphql-http.js';
import { QUICK, sized } from './support/options.js';
import { cpuSeconds } from './support/process-cpu.js';
import { startHubProcess, type ServerProcess } from './support/processes.js';
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { seedDistrict, type BenchTokens } from './support/seed-district.js';
import { MiB, percentile, round } from './support/statistics.js';

const CLIENTS = process.env.BENCH_FAN_OUT_CLIENTS?.split(',').map(Number) ?? sized([1_000, 5_000, 10_000], [100, 500, 1_000]);
const REGISTRATIONS = sized(5, 3);
const GAP_MS = 1_000;
const BATCH = 250;
const SETTLE_TIMEOUT_MS = sized(180_000, 60_000);
const POOL = 10;

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
}

export async function fanOut(): Promise<ScenarioResult> {
  const database = await createBenchDatabase('hub_bench_fan_out');
  try {
    const tokens = await seedDistrict(database.orm.em.fork());
    const statementsPerChange = await countStatementsPerChange(database.url, tokens);
    const levels: LevelResult[] = [];
    let run = 0;
    for (const clients of CLIENTS) {
      const hub = await startHubProcess(database.url, { port: PORT_BASE, poolMax: POOL });
      try {
        levels.push(await level(hub, tokens, clients, `l${++run}`));
      } finally {
        await hub.stop();
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
      ],
      raw: { levels, statementsPerChange, quick: QUICK },
      notes: [
        `Latency is from the moment the registering clerk's mutation response arrived (the commit acknowledged) to the moment a dashboard received a figure at least as high as that registration's; a push that overtakes the HTTP response counts as 0. "from send" measures from the moment the mutation was sent instead (commit included): the upper bound, which stays meaningful when pushes overtake the response. "lost": clients whose last figure was not the final one ${SETTLE_TIMEOUT_MS / 1000} s after the last registration.`,
        `SQL statements one change costs beyond the registration's own, counted at the driver with ${statementsPerChange.subscribers} subscribers: ${statementsPerChange.change - statementsPerChange.registration} (${round(statementsPerChange.perSubscriberPerChange)} per subscriber). The hub counts once per change and scope and pushes the same figures to every subscriber (domain/live-counts/live-figures.ts), so the database's share does not grow with the clients; the event is executed once per distinct document and reader (server/shared-subscriptions.ts), so what grows is sending each subscriber its message. Pool of ${POOL}.`,
        `Anchor: Hasura publishes 5 000 live queries per vCPU at 60% CPU. Here the hub used ${round(largest.hubCpuSecondsDuringStream)} CPU s for ${largest.registrations} changes × ${largest.clients} clients (a push each; the count is shared): ${Math.round((largest.registrations * largest.clients) / largest.hubCpuSecondsDuringStream)} pushes per CPU second. The two are not the same work — Hasura refetches each multiplexed query once a second whatever changes — so read it as an order of magnitude.`,
        `"settled s": from the first registration's commit until every client had the final figure (it includes the ${GAP_MS} ms gaps between registrations).`,
        `Server memory per connection is the hub's RSS growth from before the clients connected to after all had their first figure, divided by the clients. All clients run in the runner's one process (ulimit -n ${sized('must exceed 10 000', 'is ample')}; this machine allows 20 000).`,
        `Runs before session 5 watched registrationCounts; from session 5 on, liveCounts (the dashboard page's subscription), executed once per distinct document and reader (server/shared-subscriptions.ts).`,
      ],
    };
  } finally {
    await database.drop();
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
  const settledInS = (performance.now() - committed[0]!.at) / 1000;
  const hubCpu = (await cpuSeconds(hub.pid)) - cpuBefore;

  const latencies: number[] = [];
  const fromSend: number[] = [];
  for (const watcher of watchers) {
    for (const change of committed) {
      const receipt = watcher.received.find((figure) => figure.registrations >= change.registrations);
      if (receipt) latencies.push(Math.max(0, receipt.at - change.at));
      if (receipt) fromSend.push(Math.max(0, receipt.at - change.sent));
    }
  }
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
  };
}

function watch(url: string, token: string): Watcher {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
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
    env: { STATEMENT_COUNT_FILE: countFile },
  });
  const read = async () => {
    await rm(countFile, { force: true });
    hub.child.kill('SIGUSR2');
    for (let attempt = 0; attempt < 50; attempt++) {
      const text = await readFile(countFile, 'utf8').catch(() => null);
      if (text) return (JSON.parse(text) as { statements: number }).statements;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the hub did not write its statement count');
  };
  try {
    await register(hub.url, tokens, 'count-warm');
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
    await Promise.all(watchers.map((watcher) => watcher.client.dispose()));
    return { subscribers, registration, change, perSubscriberPerChange: (change - registration) / subscribers };
  } finally {
    await hub.stop();
    await rm(countFile, { force: true });
  }
}

if (isMain(import.meta.url)) await runScenarios([fanOut], 'npm run bench:fan-out');
