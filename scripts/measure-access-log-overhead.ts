import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { seedDemoData } from '../demo/seed-demo-data.js';
import { loadConfig } from '../server/config.js';
import { startHub } from '../server/hub.js';
import { createLogger } from '../support/logger.js';
import { initOrm } from '../server/orm.js';

/**
 * `node dist/scripts/measure-access-log-overhead.js [postgres admin URL]`: what the access log costs.
 * On a throw-away database, times the same reads with and without a conditional field (every
 * conditional read is logged, one INSERT per request), one request at a time and 10 at once.
 */
const adminUrl = process.argv[2] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const name = `hub_measure_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const config = {
  ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
  host: '127.0.0.1',
  port: 0,
  database: { driver: 'postgresql' as const, url: url.toString(), poolMax: 10 },
};
config.rateLimit = { requests: 1_000_000, windowSeconds: 60 };
const orm = await initOrm(config.database);
const credentials = await seedDemoData(orm.em.fork(), `/tmp/${name}-credentials.json`);
const hub = await startHub(config, createLogger('silent'), { orm });
const token = (department: string) =>
  credentials.find((credential) => credential.department === department && !credential.roles.includes('ADMIN' as never))!.token;

async function post(query: string, bearer: string, purpose?: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

const clerk = credentials.find((credential) => credential.roles.includes('CLERK' as never))!.token;
for (let index = 0; index < 50; index++) {
  await post(
    `mutation($input: RegisterEnterpriseInput!, $key: ID!) { registerEnterprise(input: $input, idempotencyKey: $key) { replayed } }`,
    clerk,
    undefined,
    {
      key: randomUUID(),
      input: {
        name: `广元市昭化区测量商贸有限公司${index}`,
        kind: 'COMPANY',
        legalRepresentative: '李明',
        legalRepresentativeIdNumber: '11010519491231002X',
        registeredCapitalWanYuan: '50',
        address: '昭化区元坝镇解放街1号',
        divisionCode: '510811',
        industryCode: 'F5211',
        businessScope: '日用百货销售',
        establishedOn: '2026-11-20',
      },
    },
  );
}

async function time(label: string, runs: number, concurrency: number, request: () => Promise<void>): Promise<number> {
  for (let warm = 0; warm < 10; warm++) await request();
  const started = performance.now();
  for (let done = 0; done < runs; done += concurrency) await Promise.all(Array.from({ length: concurrency }, request));
  const elapsed = performance.now() - started;
  console.log(`${label.padEnd(64)} ${runs} requests: ${elapsed.toFixed(0)} ms (${(elapsed / runs).toFixed(2)} ms each)`);
  return elapsed;
}

const rs = token('RS');
const one = (fields: string) => `{ enterprises(first: 1) { nodes { uscc name ${fields} } } }`;
const page = (fields: string) => `{ enterprises(first: 50) { nodes { uscc name ${fields} } } }`;
const results: Array<[string, number, number]> = [];
for (const [label, concurrency, query] of [
  ['one record', 1, one],
  ['one record, 10 at once', 10, one],
  ['a page of 50 records', 1, page],
] as const) {
  const plain = await time(`${label}: unconditional fields only`, 100, concurrency, () =>
    post(query(''), rs, 'SOCIAL_INSURANCE_REGISTRATION'),
  );
  const logged = await time(`${label}: with the conditional field (logged)`, 100, concurrency, () =>
    post(query('legalRepresentativeIdNumber'), rs, 'SOCIAL_INSURANCE_REGISTRATION'),
  );
  results.push([label, plain, logged]);
}
console.log('\noverhead of logging conditional reads:');
for (const [label, plain, logged] of results)
  console.log(
    `  ${label.padEnd(28)} +${((logged - plain) / 100).toFixed(2)} ms per request (${(((logged - plain) / plain) * 100).toFixed(0)} %)`,
  );

await hub.close();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.end();
