import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { foodLicence, acceptInput, ACCEPT } from './case-fixtures.js';

/**
 * Two hub processes (the built `dist/server/main.js`, as production runs it) on one database and
 * one Redis: a case accepted through one reaches the live counts subscribed on the other.
 */
const MAIN = path.resolve('dist/server/main.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const running: ChildProcess[] = [];
let database: TestDatabase | undefined;
let dir: string | undefined;
afterAll(async () => {
  running.forEach((child) => child.kill('SIGKILL'));
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function startProcess(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in time:\n${output}`)), 90_000);
    // The banner goes to stderr, the JSON log to stdout.
    const lookForUrl = (chunk: Buffer) => {
      output += chunk;
      const match = /GraphQL \(HTTP\):\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', lookForUrl);
    child.stderr!.on('data', lookForUrl);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}:\n${output}`)));
  });
}

describe('live counts across hub instances over Redis', () => {
  it('pushes a case accepted on one instance to a screen subscribed on the other', async () => {
    database = await createTestDatabase();
    if (!database.url) return; // needs the PostgreSQL server
    dir = await mkdtemp(path.join(tmpdir(), 'hub-redis-'));
    const env = { DATABASE_URL: database.url, REDIS_URL, DEMO_CREDENTIALS_FILE: path.join(dir, 'demo.json') };
    const first = await startProcess(env); // loads the demo district and writes its credentials
    const second = await startProcess(env);
    expect(second).not.toBe(first);
    const credentials = JSON.parse(await readFile(env.DEMO_CREDENTIALS_FILE, 'utf8')) as Array<{
      department: string;
      roles: string[];
      token: string;
    }>;
    const token = (department: string, role: string) =>
      credentials.find((c) => c.department === department && c.roles.includes(role))!.token;

    const added = await graphql(first, 'mutation A($input: AddMatterInput!) { addMatter(input: $input) { code } }', {
      token: token('ZWFW', 'ADMIN'),
      variables: { input: { ...foodLicence, code: 'REDIS-XK-001' } },
    });
    expect(added.body.errors).toBeUndefined();

    const client = wsClient(second, token('ZWFW', 'DASHBOARD'));
    const seen: number[] = [];
    const unsubscribe = client.subscribe<{ liveCounts: { casesAccepted: number } }>(
      { query: 'subscription { liveCounts { casesAccepted } }' },
      { next: (result) => result.data && seen.push(result.data.liveCounts.casesAccepted), error: () => {}, complete: () => {} },
    );
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = seen[0];

    const accepted = await graphql(first, ACCEPT, {
      token: token('SCJG', 'SYSTEM'),
      variables: { input: acceptInput({ caseNo: 'REDIS-0001', matterCode: 'REDIS-XK-001', acceptedAt: null }) },
    });
    expect(accepted.body.errors).toBeUndefined();
    // Only a message through Redis can wake the second instance: nothing was written through it.
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toBe(before + 1);
    unsubscribe();
    await client.dispose();
  }, 180_000);
});
