import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ServerProcess } from './processes.js';

export interface StatementCount {
  perRequest: number;
  /** The statements of the last request, as sent (first 160 characters each). */
  oneRequest: string[];
}

type Start = (options: { nodeArgs: string[]; env: Record<string, string> }) => Promise<ServerProcess>;

/**
 * SQL statements per request, in a separate untimed run: the server is started with the counting
 * preload (count-statements.ts), warmed by one request, then `requests` requests are made one at a
 * time and the statements sent to PostgreSQL in between are divided by their number.
 */
export async function countStatements(
  start: Start,
  request: (url: string, index: number) => Promise<unknown>,
  requests = 20,
): Promise<StatementCount> {
  const countFile = path.resolve(`bench/.statements-${process.pid}-${Date.now()}`);
  const preload = ['--import', path.resolve(import.meta.dirname, 'count-statements.js')];
  const server = await start({ nodeArgs: preload, env: { STATEMENT_COUNT_FILE: countFile } });
  try {
    await request(server.url, -1);
    const read = async () => {
      await rm(countFile, { force: true });
      server.child.kill('SIGUSR2');
      for (let attempt = 0; attempt < 50; attempt++) {
        const text = await readFile(countFile, 'utf8').catch(() => null);
        if (text) return JSON.parse(text) as { statements: number; recent: string[] };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${server.name} did not write its statement count`);
    };
    const before = await read();
    for (let index = 0; index < requests; index++) await request(server.url, index);
    const after = await read();
    const perRequest = (after.statements - before.statements) / requests;
    return { perRequest, oneRequest: after.recent.slice(-Math.ceil(perRequest)) };
  } finally {
    await server.stop();
    await rm(countFile, { force: true });
  }
}
