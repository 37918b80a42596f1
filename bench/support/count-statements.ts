import { writeFileSync } from 'node:fs';
import pg from 'pg';

/**
 * Preloaded (`node --import …/count-statements.js`) into a server process of a separate, untimed
 * run: counts every statement the process sends to PostgreSQL through `pg` (BEGIN and COMMIT
 * included), and writes the running total to STATEMENT_COUNT_FILE on SIGUSR2 and at exit. Both the hub
 * (MikroORM → kysely → pg) and PostGraphile (@dataplan/pg → pg) go through `pg.Client#query`.
 */
const file = process.env.STATEMENT_COUNT_FILE;
if (!file) throw new Error('STATEMENT_COUNT_FILE must name the file the count is written to');

let statements = 0;
/** The latest statements' openings, so the report can say what they are. */
const recent: string[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements++;
  const [first] = args;
  const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
  recent.push(opening(text));
  if (recent.length > 200) recent.shift();
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

/**
 * The first 160 characters of a statement, as a string of their own. `text.slice` would be a view
 * that keeps the whole statement alive: with parameters inlined (as `em.execute` does) an import
 * batch is a 2 MiB statement, and 200 of them held 430 MiB of the importer's heap (benchmark runs
 * of 2026-11-23: 2.1 GiB peak RSS at a million rows).
 */
function opening(text: string): string {
  return Buffer.from(text.slice(0, 400).replace(/\s+/g, ' ').slice(0, 160)).toString();
}

const write = () => writeFileSync(file, JSON.stringify({ statements, recent }));
process.on('SIGUSR2', write);
// A command-line process (the importer) reports its total when it exits.
process.on('exit', write);
