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
  const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text ?? '';
  recent.push(text.replace(/\s+/g, ' ').slice(0, 160));
  if (recent.length > 200) recent.shift();
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const write = () => writeFileSync(file, JSON.stringify({ statements, recent }));
process.on('SIGUSR2', write);
// A command-line process (the importer) reports its total when it exits.
process.on('exit', write);
