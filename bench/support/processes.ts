import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resident set size of the process now, in bytes (from /proc). */
  rss(): Promise<number>;
  output(): string;
  stop(): Promise<void>;
}

const DIST = path.resolve(import.meta.dirname, '..', '..');
const BENCH_ACCESS_LOG_KEY = randomBytes(32).toString('base64');

/**
 * The built hub (`dist/server/main.js`) as its own process, as in production, so the load
 * generator never shares its event loop. `nodeArgs` takes e.g. `--cpu-prof`.
 */
export function startHubProcess(
  databaseUrl: string,
  options: { port: number; poolMax?: number; nodeArgs?: string[]; env?: Record<string, string> },
): Promise<ServerProcess> {
  return startServer(
    'hub',
    [...(options.nodeArgs ?? []), path.join(DIST, 'server', 'main.js')],
    {
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: String(options.poolMax ?? 10),
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // Production demands the access log's key; the checkpoints go beside the run's other temporary files.
      ACCESS_LOG_KEY: BENCH_ACCESS_LOG_KEY,
      ACCESS_LOG_CHECKPOINT_FILE: path.join(tmpdir(), `hub-bench-checkpoints-${process.pid}-${options.port}.jsonl`),
      // The load comes from one credential; the per-credential rate limit would refuse most of it.
      RATE_LIMIT_REQUESTS: '1000000000',
      // …and so would the cap on its live subscriptions: the fan-out runs thousands of screens on one token.
      WS_MAX_SUBSCRIPTIONS_PER_CREDENTIAL: '1000000',
      ...options.env,
    },
    options.port,
  );
}

/** PostGraphile v5 (bench/support/postgraphile-server.ts) as its own process. */
export function startPostGraphileProcess(
  databaseUrl: string,
  options: { port: number; poolMax?: number; nodeArgs?: string[]; env?: Record<string, string> },
): Promise<ServerProcess> {
  return startServer(
    'postgraphile',
    [...(options.nodeArgs ?? []), path.join(DIST, 'bench', 'support', 'postgraphile-server.js')],
    {
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: String(options.poolMax ?? 10),
      PORT: String(options.port),
      NODE_ENV: 'production',
      ...options.env,
    },
    options.port,
  );
}

async function startServer(name: string, args: string[], env: Record<string, string>, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: process.cwd(),
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer on ${url} within 60 s:\n${output}`);
    }
    if (await answers(`${url}/graphql`)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name,
    url,
    pid: child.pid!,
    child,
    rss: () => residentBytes(child.pid!),
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** VmRSS (now) or VmHWM (the kernel's peak so far) of a process, in bytes. */
export async function residentBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the peak. */
export function sampleRss(pid: number, intervalMs = 100, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        peak = Math.max(peak, await residentBytes(pid, field));
      } catch {
        return; // the process has exited
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
