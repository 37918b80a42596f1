import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { importMatters, ImportMode, type ImportReport } from '../domain/catalog/import/import-matters.js';
import { DomainError } from '../domain/errors.js';
import { loadConfig } from '../server/config.js';
import { initOrm, withoutStatementLimits } from '../server/orm.js';
import { readSpreadsheetCommand } from './spreadsheet-command.js';

/**
 * `npm run catalog:import -- <file> [--department CODE] [--good-rows-only] [--format CSV|XLSX] [--json]`:
 * imports a catalog spreadsheet into the database the hub is configured for (DATABASE_URL, or the
 * embedded one — stop the hub first, PGlite admits one process), through the same domain function
 * as the `importMatters` mutation. The file is streamed, so its size is not limited.
 * Exit status: 0 when every row was good, 1 when some row or the file was bad, 2 on wrong usage.
 */
const usage = 'usage: npm run catalog:import -- <file.csv|file.xlsx> [--department CODE] [--good-rows-only] [--format CSV|XLSX] [--json]';
const command = await readSpreadsheetCommand(usage, { departmentRequired: false });

// An offline run may take longer than any request may.
const orm = await initOrm(withoutStatementLimits(loadConfig().database));
let exitCode = 0;
try {
  const report = await importMatters(orm.em.fork(), createReadStream(command.file), {
    format: command.format,
    mode: command.goodRowsOnly ? ImportMode.GOOD_ROWS_ONLY : ImportMode.ALL_OR_NOTHING,
    departmentCode: command.department ?? null,
    recordedBy: `catalog:import ${path.basename(command.file)}`.slice(0, 100),
  });
  console.log(command.json ? JSON.stringify(report) : describe(report));
  if (report.rejected > 0) exitCode = 1;
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.log(
    command.json
      ? JSON.stringify({ error: { code: error.code, field: error.field, message: error.message, ...error.details } })
      : `${command.file}: ${error.message}`,
  );
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
  else if (report.rejected > 0 && !command.goodRowsOnly)
    lines.push('Nothing was written: fix the rows above, or pass --good-rows-only to write the good ones.');
  else lines.push('Nothing was written: the catalog already matches the file.');
  return lines.join('\n');
}
