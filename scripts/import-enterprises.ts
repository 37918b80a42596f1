import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DomainError } from '../domain/errors.js';
import { importEnterprises, RegistryImportMode, type RegistryImportReport } from '../domain/registration/import/import-enterprises.js';
import { loadConfig } from '../server/config.js';
import { initOrm, withoutStatementLimits } from '../server/orm.js';
import { progressReporter } from './import-progress.js';
import { readSpreadsheetCommand } from './spreadsheet-command.js';

/**
 * `npm run registry:import -- <file> --department CODE [--good-rows-only] [--format CSV|XLSX] [--json] [--progress]`:
 * imports an existing registry export (with its USCCs) into the database the hub is configured for
 * (DATABASE_URL, or the embedded one — stop the hub first, PGlite admits one process). The file is
 * streamed; progress goes to standard error on a terminal (or with --progress), the report to
 * standard output. Exit status: 0 when every row was good, 1 when some row or the file was bad, 2
 * on wrong usage. Interrupted, it leaves nothing written: run it again.
 */
const usage =
  'usage: npm run registry:import -- <file.csv|file.xlsx> --department CODE [--good-rows-only] [--format CSV|XLSX] [--json] [--progress]';
const command = await readSpreadsheetCommand(usage, { departmentRequired: true });

// An offline run may take longer than any request may.
const orm = await initOrm(withoutStatementLimits(loadConfig().database));
let exitCode = 0;
try {
  const file = createReadStream(command.file);
  const showProgress = command.progress || process.stderr.isTTY === true;
  const report = await importEnterprises(orm.em.fork(), file, {
    format: command.format,
    mode: command.goodRowsOnly ? RegistryImportMode.GOOD_ROWS_ONLY : RegistryImportMode.ALL_OR_NOTHING,
    departmentCode: command.department!,
    onProgress: showProgress
      ? progressReporter({ fileBytes: (await stat(command.file)).size, bytesRead: () => file.bytesRead, stream: process.stderr })
      : undefined,
  });
  console.log(command.json ? JSON.stringify(report) : describe(report));
  if (report.rejected > 0) exitCode = 1;
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await orm.close(true);
}
process.exit(exitCode);

function describe(report: RegistryImportReport): string {
  const lines = [
    `read ${report.read} rows: ${report.imported} imported, ${report.unchanged} already present, ${report.rejected} rejected` +
      (report.committed ? '' : ' — nothing written (a bad row stops an all-or-nothing import; --good-rows-only writes the good ones)'),
    ...report.errors.map((error) => `  line ${error.line}, ${error.field}: ${error.reason}`),
  ];
  if (report.rejected > report.errors.length) lines.push(`  … and ${report.rejected - report.errors.length} more`);
  return lines.join('\n');
}
