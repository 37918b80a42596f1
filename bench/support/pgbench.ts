import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { percentile } from './statistics.js';

const run = promisify(execFile);

export interface PgbenchResult {
  clients: number;
  durationS: number;
  transactions: number;
  tps: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

/** `pgbench -i -s <scale>`: the TPC-B-like tables in a database of their own. */
export async function initialisePgbench(url: string, scale: number): Promise<void> {
  await run('pgbench', ['-i', '-q', '-s', String(scale), url], { maxBuffer: 16 * 1024 * 1024 });
}

/**
 * pgbench's built-in TPC-B-like transaction (5 statements: 3 UPDATEs, a SELECT and an INSERT in
 * one transaction) for `durationS` seconds with `clients` connections: the rate of small write
 * transactions this PostgreSQL server sustains, with per-transaction latencies from its log.
 */
export async function runPgbench(
  url: string,
  clients: number,
  durationS: number,
  /** Receives every transaction's latency (ms), to merge several runs' percentiles. */
  latencies: number[] = [],
): Promise<PgbenchResult> {
  const directory = await mkdtemp(path.join(tmpdir(), 'pgbench-'));
  try {
    const threads = Math.min(clients, 2);
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-c',
        String(clients),
        '-j',
        String(threads),
        '-T',
        String(durationS),
        '--log',
        `--log-prefix=${path.join(directory, 'tx')}`,
        url,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const before = latencies.length;
    for (const file of await readdir(directory)) {
      for (const line of (await readFile(path.join(directory, file), 'utf8')).split('\n')) {
        // client_id transaction_no latency_us script_no epoch epoch_us
        const latency = Number(line.split(' ')[2]);
        if (Number.isFinite(latency) && line) latencies.push(latency / 1000);
      }
    }
    const own = latencies.slice(before);
    return { clients, durationS, transactions, tps, p50Ms: percentile(own, 50), p99Ms: percentile(own, 99), failed };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export async function pgbenchVersion(): Promise<string> {
  const { stdout } = await run('pgbench', ['--version']);
  return stdout.trim();
}
