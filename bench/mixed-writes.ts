import 'reflect-metadata';
import { seedDemoMatters } from '../demo/matters.js';
import { demoRoadTender } from '../demo/trades.js';
import type { ScenarioResult } from './report.js';
import { adminQuery, createBenchDatabase, withDatabase, ADMIN_URL } from './support/bench-database.js';
import { closedLoop } from './support/closed-loop.js';
import { companyRegistration } from './support/company-registration.js';
import { cpuSeconds } from './support/process-cpu.js';
import { postGraphQL } from './support/graphql-http.js';
import { QUICK, sized } from './support/options.js';
import { initialisePgbench, runPgbench } from './support/pgbench.js';
import { startHubProcess } from './support/processes.js';
import { isMain, PORT_BASE, runScenarios } from './support/run-scenarios.js';
import { seedDistrict, type BenchTokens } from './support/seed-district.js';
import { percentile, round } from './support/statistics.js';

const CONCURRENCY = 8;
const DURATION_S = sized(20, 5);
const POOL = 10;
const PGBENCH_SCALE = sized(32, 8);

const REGISTER = `mutation R($key: ID!, $input: RegisterEnterpriseInput!) {
  registerEnterprise(idempotencyKey: $key, input: $input) { enterprise { uscc name version } }
}`;
const CHANGE = `mutation C($uscc: String!, $version: Int!, $changes: EnterpriseChangesInput!) {
  changeEnterprise(uscc: $uscc, expectedVersion: $version, changes: $changes, document: "昭市监变字〔2026〕7号") { enterprise { version } }
}`;
const ISSUE = `mutation I($holder: String!, $name: String!) {
  issueLicence(input: {
    licenceTypeCode: "FOOD_BUSINESS_LICENCE", holderCode: $holder, holderName: $name
    fields: { mainBusinessType: "食品销售经营者", businessItems: ["预包装食品销售"], premises: "昭化区元坝镇解放街1号" }
  }) { identifier }
}`;
const ACCEPT = `mutation A($input: AcceptCaseInput!) { acceptCase(input: $input) { caseNo } }`;
const RECORD_TRADE = `mutation T($input: RecordTradeInput!) { recordTrade(input: $input) { code status } }`;
const AWARD_TRADE = `mutation W($input: AwardTradeInput!) { awardTrade(input: $input) { code status savings } }`;

type Operation = 'registerEnterprise' | 'changeEnterprise' | 'issueLicence' | 'acceptCase' | 'recordTrade' | 'awardTrade';
/** The mix of a service centre's writing day, with the trading centre's: a request of each kind in turn. */
const MIX: Operation[] = ['registerEnterprise', 'changeEnterprise', 'issueLicence', 'acceptCase', 'recordTrade', 'awardTrade'];

interface Registered {
  uscc: string;
  name: string;
  version: number;
}

/**
 * The writes of a window hall at once: registrations, changes of registered entities, licences
 * issued to them and cases accepted, in equal shares from 8 workers, with each operation's own
 * rate and latency. The peer is pgbench's TPC-B-like transaction at the same concurrency.
 */
export async function mixedWrites(): Promise<ScenarioResult> {
  const database = await createBenchDatabase('hub_bench_mixed_writes');
  const pgbenchDatabase = 'hub_bench_pgbench_mixed';
  try {
    const em = database.orm.em.fork();
    const tokens = await seedDistrict(em);
    await em.transactional((tx) => seedDemoMatters(tx));

    const hub = await startHubProcess(database.url, { port: PORT_BASE + 20, poolMax: POOL });
    const latencies = new Map<Operation, number[]>(MIX.map((operation) => [operation, []]));
    let result;
    let cpuMs: number;
    try {
      const run = writer(hub.url, tokens, latencies);
      await closedLoop(4, sized(3, 1), run('warm')); // JIT, pool, reference data
      for (const samples of latencies.values()) samples.length = 0;
      const cpuBefore = await cpuSeconds(hub.pid);
      result = await closedLoop(CONCURRENCY, DURATION_S, run('timed'));
      cpuMs = (((await cpuSeconds(hub.pid)) - cpuBefore) * 1000) / result.completed;
    } finally {
      await hub.stop();
    }

    await adminQuery(`drop database if exists ${pgbenchDatabase} with (force)`);
    await adminQuery(`create database ${pgbenchDatabase}`);
    const pgbenchUrl = withDatabase(ADMIN_URL, pgbenchDatabase);
    await initialisePgbench(pgbenchUrl, PGBENCH_SCALE);
    const pgbench = await runPgbench(pgbenchUrl, CONCURRENCY, DURATION_S);

    const elapsed = result.durationS;
    const rows: Array<Array<string | number>> = MIX.map((operation) => {
      const samples = latencies.get(operation)!;
      return [operation, round(samples.length / elapsed), round(percentile(samples, 50)), round(percentile(samples, 99))];
    });
    rows.push(['all together', round(result.perSecond), round(result.p50Ms), round(result.p99Ms)]);
    rows.push(['pgbench TPC-B-like', round(pgbench.tps), round(pgbench.p50Ms), round(pgbench.p99Ms)]);
    return {
      name: 'Mixed writes: registrations, changes, licence issues, case acceptances and trades vs pgbench',
      command: 'npm run bench:mixed-writes',
      tables: [
        {
          title: `Closed loop, ${CONCURRENCY} workers, ${DURATION_S} s, the ${MIX.length} operations in turn`,
          headers: ['operation', 'per s', 'p50 ms', 'p99 ms'],
          rows,
        },
      ],
      raw: { result, pgbench, hubCpuMsPerWrite: cpuMs, quick: QUICK },
      notes: [
        `${result.errors} errors${result.firstError ? ` (first: ${result.firstError})` : ''}.`,
        `All together: ${round(result.perSecond)} writes/s, ${round((result.perSecond / pgbench.tps) * 100)}% of pgbench's ${round(pgbench.tps)} transactions/s at the same concurrency; hub CPU ${round(cpuMs)} ms per write.`,
      ],
    };
  } finally {
    await database.drop();
    await adminQuery(`drop database if exists ${pgbenchDatabase} with (force)`);
  }
}

/**
 * A request of each kind in turn; changes and licences go to entities this run registered, one at
 * a time each, and awards to trades it recorded, won by one of those entities.
 */
function writer(url: string, tokens: BenchTokens, latencies: Map<Operation, number[]>) {
  const idle: Registered[] = [];
  const announced: string[] = [];
  return (run: string) => async (sequence: number) => {
    const operation = MIX[sequence % MIX.length]!;
    if (operation === 'recordTrade' || operation === 'awardTrade') {
      const begin = performance.now();
      const code = operation === 'awardTrade' ? announced.shift() : undefined;
      if (!code) {
        const recorded = `ZHGC-${run}-${sequence}`;
        await postGraphQL(url, RECORD_TRADE, {
          token: tokens.system.GGZY!,
          variables: { input: demoRoadTender(recorded, { announcedOn: '2026-11-02', agencyUscc: null, agencyName: null }) },
        });
        announced.push(recorded);
        latencies.get('recordTrade')!.push(performance.now() - begin);
        return;
      }
      // The winner is a registered entity: its name comes from the registry.
      const winner = idle[0]?.uscc ?? '91510811MA0000061J';
      await postGraphQL(url, AWARD_TRADE, {
        token: tokens.system.GGZY!,
        variables: {
          input: {
            code,
            dealAmount: '61686300.00',
            dealOn: '2026-11-20',
            winnerUscc: winner,
            ...(idle[0] ? {} : { winnerName: '广元市昭化区中标建设有限公司' }),
          },
        },
      });
      latencies.get('awardTrade')!.push(performance.now() - begin);
      return;
    }
    const target = operation === 'changeEnterprise' || operation === 'issueLicence' ? idle.shift() : undefined;
    const begin = performance.now();
    if (operation === 'registerEnterprise' || (!target && operation !== 'acceptCase')) {
      const data = await postGraphQL<{ registerEnterprise: { enterprise: Registered } }>(url, REGISTER, {
        token: tokens.clerk,
        variables: {
          key: `mixed-${run}-${sequence}`,
          input: companyRegistration(`广元市昭化区混合压测${run}第${sequence}号商贸有限公司`, '日用百货销售'),
        },
      });
      idle.push(data.registerEnterprise.enterprise);
      latencies.get('registerEnterprise')!.push(performance.now() - begin);
      return;
    }
    if (operation === 'changeEnterprise') {
      const data = await postGraphQL<{ changeEnterprise: { enterprise: { version: number } } }>(url, CHANGE, {
        token: tokens.clerk,
        variables: { uscc: target!.uscc, version: target!.version, changes: { address: `昭化区昭化镇太守街${run}-${sequence}号` } },
      });
      idle.push({ ...target!, version: data.changeEnterprise.enterprise.version });
    } else if (operation === 'issueLicence') {
      await postGraphQL(url, ISSUE, { token: tokens.system.SCJG!, variables: { holder: target!.uscc, name: target!.name } });
      idle.push(target!);
    } else {
      await postGraphQL(url, ACCEPT, {
        token: tokens.system.SCJG!,
        variables: {
          input: {
            caseNo: `MIXED-${run}-${sequence}`,
            matterCode: 'SCJG-XK-001',
            applicantCode: '91350100M000100Y43',
            applicantName: '某公司',
            channel: 'WINDOW',
          },
        },
      });
    }
    latencies.get(operation)!.push(performance.now() - begin);
  };
}

if (isMain(import.meta.url)) await runScenarios([mixedWrites], 'npm run bench:mixed-writes');
