import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../../entities/department.js';
import { readCsvRows } from '../../spreadsheet/read-csv.js';
import { readXlsxRows } from '../../spreadsheet/read-xlsx.js';
import { SpreadsheetFormat, type SpreadsheetRow } from '../../spreadsheet/spreadsheet-rows.js';
import { badUserInput, forbidden } from '../../errors.js';
import { readExactHeader } from '../../spreadsheet/exact-header.js';
import { readRegistryRow, REGISTRY_COLUMNS, RegistryRowError, type RegistryField } from './registry-columns.js';
import { stagedRow, type StagedRow } from './registry-staging.js';
import { inRegistryTransaction } from './registry-transaction.js';

export enum RegistryImportMode {
  /** Any bad row and nothing is written. */
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  /** The good rows are written; the bad ones are reported. */
  GOOD_ROWS_ONLY = 'GOOD_ROWS_ONLY',
}

export interface RegistryImportOptions {
  format: SpreadsheetFormat;
  mode: RegistryImportMode;
  /** The registering authority the entities are imported under; it must register market entities. */
  departmentCode: string;
  /** Rows per batch handed to the database: per COPY and INSERT on the server, per INSERT on the embedded database. */
  batchSize?: number;
  /** Told how far the import is, every PROGRESS_EVERY_ROWS rows read and once when it ends. */
  onProgress?: (progress: RegistryImportProgress) => void;
}

export interface RegistryImportProgress {
  read: number;
  rejected: number;
  /** Since the import started. */
  elapsedMs: number;
  /** `reading` while rows are checked and staged, `writing` while the registry takes them, then `done`. */
  phase: 'reading' | 'writing' | 'done';
}

export interface RegistryImportReport {
  read: number;
  imported: number;
  /** Rows already in the registry with the same facts: a re-imported file changes nothing. */
  unchanged: number;
  rejected: number;
  committed: boolean;
  /** The first MAX_REPORTED_ERRORS bad rows, by line. */
  errors: Array<{ line: number; field: string; reason: string }>;
}

export const MAX_REPORTED_ERRORS = 1000;
export const PROGRESS_EVERY_ROWS = 10_000;
const DEFAULT_BATCH_SIZE = 20_000;
/** Checked rows handed to the transaction at a time. */
const STAGE_ROWS = 500;

/**
 * Imports an existing registry (e.g. the market-regulation system's export) with the USCCs it
 * already has: every row checked by the rules of a registration at the window, streamed into a
 * staging table and written into the registry set-based, in one transaction, so memory stays flat
 * and a bad file or a killed import leaves nothing half-written (running it again finishes the
 * job). Imported entities are not new registrations: no licence is issued and nothing is handed
 * over (the departments have them already).
 */
export async function importEnterprises(
  em: EntityManager,
  source: Readable,
  options: RegistryImportOptions,
): Promise<RegistryImportReport> {
  const department = await em.findOne(Department, { code: options.departmentCode });
  if (!department) throw badUserInput('department', `no department has code ${options.departmentCode}`);
  if (!department.registersMarketEntities) throw forbidden(`${department.name} does not register market entities`, 'department');
  const report: RegistryImportReport = { read: 0, imported: 0, unchanged: 0, rejected: 0, committed: false, errors: [] };
  const reject = (line: number, field: string, reason: string) => {
    report.rejected += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, field, reason });
  };
  const started = performance.now();
  const progress = (phase: RegistryImportProgress['phase']) =>
    options.onProgress?.({ read: report.read, rejected: report.rejected, elapsedMs: performance.now() - started, phase });
  const rows = options.format === SpreadsheetFormat.XLSX ? readXlsxRows(source) : readCsvRows(source);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const allOrNothing = options.mode === RegistryImportMode.ALL_OR_NOTHING;

  const target = { authorityId: department.id, batchSize, refusalLimit: MAX_REPORTED_ERRORS };
  report.committed = await inRegistryTransaction(em, target, async (tx) => {
    let columns: Map<RegistryField, number> | null = null;
    let batch: StagedRow[] = [];
    for await (const { line, cells } of rows as AsyncIterable<SpreadsheetRow>) {
      if (!columns) {
        columns = readExactHeader(cells, line, REGISTRY_COLUMNS);
        continue;
      }
      report.read += 1;
      try {
        batch.push(stagedRow(line, readRegistryRow(cells, columns)));
      } catch (error) {
        if (!(error instanceof RegistryRowError)) throw error;
        reject(line, error.field, error.message);
      }
      if (batch.length >= Math.min(STAGE_ROWS, batchSize)) {
        await tx.stage(batch);
        batch = [];
      }
      if (report.read % PROGRESS_EVERY_ROWS === 0) progress('reading');
    }
    if (!columns) throw badUserInput('file', 'is empty: it has no header row');
    // Written even when a row was bad, to find the rows the registry refuses as well, and rolled back.
    await tx.stage(batch);
    progress('writing');
    const written = await tx.finish();
    report.imported = written.imported;
    report.unchanged = written.unchanged;
    report.rejected += written.refused;
    report.errors = [...report.errors, ...written.refusals].sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_ERRORS);
    return !(allOrNothing && report.rejected > 0);
  });
  if (!report.committed) report.imported = 0;
  if (report.imported > 0) await refreshRegistryStatistics(em);
  progress('done');
  return report;
}

/**
 * Fresh planner statistics for the registry once an import grew it. A read the hub prepared while
 * the table was small keeps its plan (a sequential scan, say) until the table's statistics change;
 * autovacuum refreshes them in its own time, and where it is off nothing would. The rows are
 * committed by now, so a failure here leaves only older statistics: the import still succeeded.
 */
async function refreshRegistryStatistics(em: EntityManager): Promise<void> {
  await em
    .getConnection()
    .execute('analyze enterprise')
    .catch(() => undefined);
}
