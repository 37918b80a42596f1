import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpointLine } from '../../domain/access-log/access-log-checkpoint.js';
import { AccessLogKey, loadAccessLogKey } from '../../domain/access-log/access-log-key.js';
import { accessLogName } from '../../domain/access-log/access-log.js';
import { ConfigurationError, loadConfig } from '../../server/config.js';
import { graphql } from '../support/graphql-client.js';
import { startHubProcess } from '../support/hub-process.js';
import { createTestDatabase } from '../support/test-database.js';

const KEY = 'a-test-key-of-more-than-32-characters-000';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'access-log-key-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const problemsOf = (environment: Record<string, string>): string => {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.join('\n');
    throw error;
  }
  return '';
};

describe('the access-log key setting', () => {
  it('is required with NODE_ENV=production, and the refusal names ACCESS_LOG_KEY', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toMatch(/ACCESS_LOG_KEY is not set: with NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', ACCESS_LOG_KEY: KEY }).accessLog.key).toEqual({ source: 'environment', secret: KEY });
  });

  it('refuses a short key without echoing it', () => {
    const problems = problemsOf({ ACCESS_LOG_KEY: 'short-secret' });
    expect(problems).toContain('ACCESS_LOG_KEY=(hidden): must be at least 32 characters');
    expect(problems).not.toContain('short-secret');
  });

  it('falls back to a key file in the data directory when unset outside production, with checkpoints beside it', () => {
    const config = loadConfig({});
    expect(config.accessLog).toEqual({
      key: { source: 'file', path: path.resolve('./data/access-log.key') },
      checkpointFile: path.resolve('./data/access-log-checkpoints.jsonl'),
      checkpointEvery: 1000,
      checkpointSeconds: 10,
    });
    expect(problemsOf({ ACCESS_LOG_CHECKPOINT_EVERY: '0' })).toContain('ACCESS_LOG_CHECKPOINT_EVERY="0"');
  });

  it('generates the key file once, readable by its owner only, and reads the same key from it after', async () => {
    const file = path.join(dir, 'nested', 'access-log.key');
    const [first, second] = await Promise.all([
      loadAccessLogKey({ source: 'file', path: file }),
      loadAccessLogKey({ source: 'file', path: file }),
    ]);
    expect(second.id).toBe(first.id);
    expect((await loadAccessLogKey({ source: 'file', path: file })).id).toBe(first.id);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(new AccessLogKey(KEY).id).not.toBe(first.id);
  });
});

describe('the hub as a process', () => {
  it('refuses to start in production without ACCESS_LOG_KEY, naming the setting', async () => {
    const hub = startHubProcess({ NODE_ENV: 'production', PGLITE_DATA_DIR: path.join(dir, 'never') });
    await expect(hub.url).rejects.toThrow(/ACCESS_LOG_KEY is not set/);
    expect((await hub.exited).code).toBe(1);
  });

  it('writes a signed checkpoint to the file and as a JSON log line, the last one on shutdown', async () => {
    const database = await createTestDatabase();
    if (!database.url) return; // needs the PostgreSQL server
    try {
      const checkpointFile = path.join(dir, 'checkpoints', 'log.jsonl');
      const hub = startHubProcess({
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        DEMO_CREDENTIALS_FILE: path.join(dir, 'demo.json'),
        ACCESS_LOG_KEY: KEY,
        ACCESS_LOG_CHECKPOINT_FILE: checkpointFile,
      });
      const url = await hub.url;
      const credentials = JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')) as Array<{
        department: string;
        roles: string[];
        token: string;
      }>;
      const admin = credentials.find((credential) => credential.roles.includes('ADMIN'))!;
      // A mutation is logged: the log has at least one entry this process appended.
      const issued = await graphql(
        url,
        `
          mutation {
            issueCredential(input: { departmentCode: "ZWFW", roles: [DASHBOARD], label: "hall screen" }) {
              token
            }
          }
        `,
        {
          token: admin.token,
        },
      );
      expect(issued.body.errors).toBeUndefined();
      hub.child.kill('SIGTERM');
      expect((await hub.exited).code).toBe(0);

      const lines = (await readFile(checkpointFile, 'utf8')).trim().split('\n');
      const last = readCheckpointLine(new AccessLogKey(KEY), accessLogName({ driver: 'postgresql', url: database.url }), lines.at(-1)!);
      expect(last.kind).toBe('checkpoint');
      const logged = hub
        .output()
        .split('\n')
        .filter((line) => line.includes('"accessLogCheckpoint"'))
        .map((line) => JSON.parse(line) as { msg: string; accessLogCheckpoint: unknown });
      expect(logged.at(-1)).toMatchObject({ msg: 'access log checkpoint', accessLogCheckpoint: JSON.parse(lines.at(-1)!) });
    } finally {
      await database.drop();
    }
  }, 120_000);
});
