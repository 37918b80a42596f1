import type { Readable } from 'node:stream';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../../entities/department.js';
import { Matter } from '../../../entities/matter.js';
import { MatterVersion } from '../../../entities/matter-version.js';
import { badUserInput, conflict, DomainError } from '../../errors.js';
import { AdjustmentType, MatterStatus } from '../../../entities/adjustment-type.js';
import { checkAdjustmentDocument } from '../adjustment-document.js';
import { createVersion, stateOfVersion } from '../matter-versions.js';
import { checkMatterState, MATTER_STATE_FIELDS, type MatterState } from '../matter-state.js';
import { planAdjustment } from '../plan-adjustment.js';
import { CATALOG_COLUMNS, readCatalogRow, readHeader, type CatalogField, type CatalogRow } from './catalog-columns.js';
import { readCsvRows } from '../../spreadsheet/read-csv.js';
import { readXlsxRows } from '../../spreadsheet/read-xlsx.js';
import { SpreadsheetFormat, type SpreadsheetRow } from '../../spreadsheet/spreadsheet-rows.js';

export enum ImportMode {
  /** Any bad row: nothing is written, and the report lists every bad row. */
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  /** The good rows are written, the bad ones reported and left out. */
  GOOD_ROWS_ONLY = 'GOOD_ROWS_ONLY',
}

export interface ImportRowError {
  line: number;
  /** The column at fault, when one is. */
  column: string | null;
  reason: string;
}

export interface ImportReport {
  rowsRead: number;
  added: number;
  adjusted: number;
  delegated: number;
  cancelled: number;
  /** Rows equal to the catalog in force: importing the same file again changes nothing. */
  unchanged: number;
  rejected: number;
  /** Whether anything was written: false when a bad row stopped an all-or-nothing import, or nothing changed. */
  written: boolean;
  /** The bad rows, in file order; at most MAX_REPORTED_ERRORS of them (`rejected` counts them all). */
  errors: ImportRowError[];
}

export interface ImportOptions {
  format: SpreadsheetFormat;
  mode: ImportMode;
  /** Only this department's matters may be in the file (a department importing its own catalog). */
  departmentCode?: string | null;
  recordedBy: string;
  /** Told how far the import is: once the header is accepted, then after every batch of rows. */
  onProgress?: (progress: { rowsRead: number; rejected: number }) => void;
}

export const MAX_REPORTED_ERRORS = 1000;
/** Rows checked against the database and written together; bounds memory and round trips. */
const BATCH_SIZE = 500;

class RollBack extends Error {}

/**
 * Imports a department's catalog spreadsheet, streaming: each row is a matter's complete state
 * with the document and date it takes effect. A new code is added (新增); a row that differs from
 * the state in force is an adjustment (下放 when it only hands the matter down, 取消 when its status
 * is 取消, 调整 otherwise); a row equal to it changes nothing. Rows are written in batches inside
 * one transaction, which is rolled back at the end if any row was bad and the mode is all or
 * nothing. A problem with the file itself (encoding, header, not a spreadsheet) is a DomainError
 * on `file` and writes nothing in either mode.
 */
export async function importMatters(em: EntityManager, source: Readable, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    rowsRead: 0,
    added: 0,
    adjusted: 0,
    delegated: 0,
    cancelled: 0,
    unchanged: 0,
    rejected: 0,
    written: false,
    errors: [],
  };
  const reject = (line: number, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    report.rejected += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) {
      const column = error.field && error.field !== 'file' ? error.field : null;
      report.errors.push({ line, column, reason: column ? error.message.slice(column.length + 2) : error.message.replace(/^file: /, '') });
    }
  };
  const rows = options.format === SpreadsheetFormat.XLSX ? readXlsxRows(source) : readCsvRows(source);
  try {
    await em.transactional(async (tx) => {
      const departments = new Map((await tx.find(Department, {})).map((department) => [department.code, department.id]));
      if (options.departmentCode && !departments.has(options.departmentCode))
        throw badUserInput('departmentCode', `no department ${options.departmentCode}`);
      const firstLineOfCode = new Map<string, number>();
      let columns: Map<CatalogField, number> | null = null;
      let batch: Array<{ line: number; row: CatalogRow }> = [];
      for await (const { line, cells } of rows as AsyncIterable<SpreadsheetRow>) {
        if (!columns) {
          columns = readHeader(cells, line);
          options.onProgress?.({ rowsRead: 0, rejected: 0 });
          continue;
        }
        report.rowsRead += 1;
        try {
          const row = readCatalogRow(cells, columns);
          const field = (name: keyof MatterState) => CATALOG_COLUMNS[name];
          row.state = checkMatterState(row.state, field);
          Object.assign(
            row,
            checkAdjustmentDocument(row, { documentNumber: CATALOG_COLUMNS.documentNumber, effectiveOn: CATALOG_COLUMNS.effectiveOn }),
          );
          if (!departments.has(row.state.departmentCode))
            throw badUserInput(CATALOG_COLUMNS.departmentCode, `no department ${row.state.departmentCode || '(blank)'}`);
          if (options.departmentCode && row.state.departmentCode !== options.departmentCode) {
            throw badUserInput(
              CATALOG_COLUMNS.departmentCode,
              `this import is for ${options.departmentCode}'s matters; the row is ${row.state.departmentCode}'s`,
            );
          }
          const seenOn = firstLineOfCode.get(row.code);
          if (seenOn !== undefined) throw badUserInput(CATALOG_COLUMNS.code, `duplicate code ${row.code}: it is already on line ${seenOn}`);
          firstLineOfCode.set(row.code, line);
          batch.push({ line, row });
        } catch (error) {
          reject(line, error);
        }
        if (batch.length >= BATCH_SIZE) {
          await writeBatch(tx, batch, departments, options, report, reject);
          batch = [];
          options.onProgress?.({ rowsRead: report.rowsRead, rejected: report.rejected });
        }
      }
      if (!columns) throw badUserInput('file', 'is empty: the first line is the header');
      await writeBatch(tx, batch, departments, options, report, reject);
      if (report.rejected > 0 && options.mode === ImportMode.ALL_OR_NOTHING) throw new RollBack();
      report.written = report.added + report.adjusted + report.delegated + report.cancelled > 0;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw conflict(
        'file',
        'another import or adjustment added some of these matters at the same time; nothing was written, import the file again',
      );
    }
    if (!(error instanceof RollBack)) throw error;
    report.written = false;
  } finally {
    await rows.return(undefined);
  }
  // A batch's database checks run after the next rows were read; the report lists rows in file order.
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}

async function writeBatch(
  tx: EntityManager,
  batch: Array<{ line: number; row: CatalogRow }>,
  departments: Map<string, string>,
  options: ImportOptions,
  report: ImportReport,
  reject: (line: number, error: unknown) => void,
): Promise<void> {
  if (batch.length === 0) return;
  const codes = batch.map(({ row }) => row.code);
  // As in adjustMatter: the identity rows are locked first, then the versions in force are read.
  const matters = new Map(
    (await tx.find(Matter, { code: { $in: codes } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { code: 'asc' } })).map((matter) => [
      matter.code,
      matter,
    ]),
  );
  const open = new Map(
    (await tx.find(MatterVersion, { code: { $in: codes }, validUntil: null })).map((version) => [version.code, version]),
  );
  const codeOfDepartment = new Map([...departments].map(([code, id]) => [id, code]));
  const appended: Array<Parameters<typeof createVersion>[1]> = [];
  for (const { line, row } of batch) {
    try {
      const departmentId = departments.get(row.state.departmentCode)!;
      const matter = matters.get(row.code);
      if (!matter) {
        if (row.state.status === MatterStatus.CANCELLED)
          throw badUserInput(CATALOG_COLUMNS.status, `matter ${row.code} is not in the catalog, so it cannot be cancelled`);
        const added = tx.create(Matter, { code: row.code, addedOn: row.effectiveOn });
        appended.push({
          matter: added,
          sequence: 1,
          type: AdjustmentType.ADD,
          documentNumber: row.documentNumber,
          effectiveOn: row.effectiveOn,
          state: row.state,
          departmentId,
          changedFields: MATTER_STATE_FIELDS,
          recordedBy: options.recordedBy,
        });
        report.added += 1;
        continue;
      }
      const current = open.get(row.code)!;
      const currentDepartment = codeOfDepartment.get(current.department.id)!;
      if (options.departmentCode && currentDepartment !== options.departmentCode) {
        throw badUserInput(
          CATALOG_COLUMNS.code,
          `matter ${row.code} is ${currentDepartment}'s; this import is for ${options.departmentCode}'s matters`,
        );
      }
      const plan = planAdjustment(
        { code: row.code, addedOn: matter.addedOn, latestFrom: current.validFrom, state: stateOfVersion(current, currentDepartment) },
        { state: row.state, effectiveOn: row.effectiveOn },
        {
          code: CATALOG_COLUMNS.code,
          type: CATALOG_COLUMNS.status,
          effectiveOn: CATALOG_COLUMNS.effectiveOn,
          levels: CATALOG_COLUMNS.levels,
          status: CATALOG_COLUMNS.status,
        },
      );
      if (plan.type === null) {
        report.unchanged += 1;
        continue;
      }
      current.validUntil = row.effectiveOn;
      appended.push({
        matter,
        sequence: current.sequence + 1,
        type: plan.type,
        documentNumber: row.documentNumber,
        effectiveOn: row.effectiveOn,
        state: row.state,
        departmentId,
        changedFields: plan.changed,
        recordedBy: options.recordedBy,
      });
      if (plan.type === AdjustmentType.CANCEL) report.cancelled += 1;
      else if (plan.type === AdjustmentType.DELEGATE) report.delegated += 1;
      else report.adjusted += 1;
    } catch (error) {
      reject(line, error);
    }
  }
  // Closed versions go first, so the one-open-version-per-matter index never sees two at once.
  await tx.flush();
  for (const version of appended) createVersion(tx, version);
  await tx.flush();
  tx.clear();
}
