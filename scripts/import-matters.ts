import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importMatters, ImportMode, type ImportReport } from '../domain/catalog/import/import-matters.js';
import { SpreadsheetFormat } from '../domain/spreadsheet/spreadsheet-rows.js';
import { DomainError } from '../domain/errors.js';
import { loadConfig } from '../server/config.js';
import { initOrm } from '../server/orm.js';

/**
 * `npm run catalog:import -- <file> [--department CODE] [--good-rows-only] [--format CSV|XLSX] [--json]`:
 * imports a catalog spreadsheet into the database the hub is configured for (DATABASE_URL, or the
 * embedded one — stop the hub first, PGlite admits one process), through the same domain function
 * as the `importMatters` mutation. The file is streamed, so its size is not limited.
 * Exit status: 0 when every row was good, 1 when some row or the file was bad, 2 on wrong usage.
 */
const usage = 'usage: npm run catalog:import -- <file.csv|file.xlsx> [--department CODE] [--good-rows-only] [--format CSV|XLSX] [--json]';
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { department: { type: 'string' }, 'good-rows-only': { type: 'boolean' }, format: { type: 'string' }, json: { type: 'boolean' } },
  });
}
try {
  args = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const file = args.positionals[0];
if (!file || args.positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}
const formatName = (args.values.format ?? path.extname(file).slice(1)).toUpperCase();
if (!(formatName in SpreadsheetFormat)) {
  console.error(`cannot tell the format of ${file}: name it .csv or .xlsx, or pass --format CSV|XLSX`);
  process.exit(2);
}
try {
  await stat(file);
} catch {
  console.error(`${file}: no such file`);
  process.exit(2);
}

const orm = await initOrm(loadConfig().database);
let exitCode = 0;
try {
  const report = await importMatters(orm.em.fork(), createReadStream(file), {
    format: formatName as SpreadsheetFormat,
    mode: args.values['good-rows-only'] ? ImportMode.GOOD_ROWS_ONLY : ImportMode.ALL_OR_NOTHING,
    departmentCode: args.values.department ?? null,
    recordedBy: `catalog:import ${path.basename(file)}`.slice(0, 100),
  });
  console.log(args.values.json ? JSON.stringify(report) : describe(report));
  if (report.rejected > 0) exitCode = 1;
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.log(args.values.json ? JSON.stringify({ error: { code: error.code, field: error.field, message: error.message, ...error.details } }) : `${file}: ${error.message}`);
  exitCode = 1;
} finally {
  await orm.close(true);
}
process.exit(exitCode);

function describe(report: ImportReport): string {
  const lines = report.errors.map((error) => `line ${error.line}${error.column ? ` [${error.column}]` : ''}: ${error.reason}`);
  if (report.rejected > report.errors.length) lines.push(`… and ${report.rejected - report.errors.length} more bad rows`);
  lines.push(
    `${report.rowsRead} rows: ${report.added} added, ${report.adjusted} adjusted, ${report.delegated} delegated, ${report.cancelled} cancelled, ${report.unchanged} unchanged, ${report.rejected} rejected.`,
  );
  if (report.written) lines.push('The catalog was updated.');
  else if (report.rejected > 0 && !args.values['good-rows-only']) lines.push('Nothing was written: fix the rows above, or pass --good-rows-only to write the good ones.');
  else lines.push('Nothing was written: the catalog already matches the file.');
  return lines.join('\n');
}
