import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const POSTGRES_LIBS = '/usr/lib/postgresql';

/**
 * A PostgreSQL server of the test's own, on its own port and data directory, that the test may
 * stop, restart and freeze without touching the server every other test uses. Made with the
 * machine's initdb and pg_ctl (as the `postgres` user when the tests run as root, as initdb asks).
 */
export interface ThrowawayPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** Creates an empty database and gives its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops it at once, as a crash would (connections cut, no checkpoint). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP to the server and its backends: connections stay open and nothing answers. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  destroy(): Promise<void>;
}

/** Null where the machine has no PostgreSQL server binaries (tests needing one skip, saying so). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres | null> {
  const bin = serverBinaries();
  if (!bin) return null;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-throwaway-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dataDir, Number(stdout.trim()), Number(group.trim()));
  }
  const asPostgres = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  const port = await freePort();
  await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const start = () =>
    asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dataDir, 'server.log'), '-w', 'start']).then(() => undefined);
  const stop = () => asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).then(() => undefined);
  const signalAll = async (signal: 'SIGSTOP' | 'SIGCONT') => {
    const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const { stdout } = await run('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }));
    const pids = [postmaster, ...stdout.split('\n').filter(Boolean).map(Number)];
    // The postmaster first, so it forks no backend that escapes the freeze.
    for (const pid of signal === 'SIGSTOP' ? pids : pids.reverse()) process.kill(pid, signal);
  };
  await start();
  return {
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      const admin = new Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
    start,
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    async destroy() {
      await signalAll('SIGCONT').catch(() => {});
      await stop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function serverBinaries(): string | null {
  if (!existsSync(POSTGRES_LIBS)) return null;
  const version = readdirSync(POSTGRES_LIBS).sort().at(-1);
  const bin = version ? path.join(POSTGRES_LIBS, version, 'bin') : null;
  return bin && existsSync(path.join(bin, 'initdb')) ? bin : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
