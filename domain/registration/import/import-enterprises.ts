import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/sql';
import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { Department } from '../../../entities/department.js';
import { readCsvRows } from '../../spreadsheet/read-csv.js';
import { readXlsxRows } from '../../spreadsheet/read-xlsx.js';
import { SpreadsheetFormat, type SpreadsheetRow } from '../../spreadsheet/spreadsheet-rows.js';
import { badUserInput, forbidden } from '../../errors.js';
import { normalise, searchGrams } from '../../search-grams.js';
import { readExactHeader } from '../../spreadsheet/exact-header.js';
import { readRegistryRow, REGISTRY_COLUMNS, RegistryRowError, type RegistryField, type RegistryRow } from './registry-columns.js';

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
  /** Rows per INSERT statement. */
  batchSize?: number;
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
const DEFAULT_BATCH_SIZE = 2000;

class RollBack extends Error {}

/**
 * Imports an existing registry (e.g. the market-regulation system's export) with the USCCs it
 * already has: every row checked by the rules of a registration at the window, streamed and
 * written in set-based batches in one transaction, so a million rows take a few statements per
 * thousand and memory stays flat. Imported entities are not new registrations: no licence is
 * issued and nothing is handed over (the departments have them already).
 */
export async function importEnterprises(em: EntityManager, source: Readable, options: RegistryImportOptions): Promise<RegistryImportReport> {
  const department = await em.findOne(Department, { code: options.departmentCode });
  if (!department) throw badUserInput('department', `no department has code ${options.departmentCode}`);
  if (!department.registersMarketEntities) throw forbidden(`${department.name} does not register market entities`, 'department');
  const report: RegistryImportReport = { read: 0, imported: 0, unchanged: 0, rejected: 0, committed: false, errors: [] };
  const reject = (line: number, field: string, reason: string) => {
    report.rejected += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, field, reason });
  };
  const rows = options.format === SpreadsheetFormat.XLSX ? readXlsxRows(source) : readCsvRows(source);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;

  try {
    await em.transactional(async (tx) => {
      let columns: Map<RegistryField, number> | null = null;
      let batch: Array<{ line: number; row: RegistryRow }> = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await insertBatch(tx, department.id, batch, report, reject);
        batch = [];
      };
      for await (const { line, cells } of rows as AsyncIterable<SpreadsheetRow>) {
        if (!columns) {
          columns = readExactHeader(cells, line, REGISTRY_COLUMNS);
          continue;
        }
        report.read += 1;
        try {
          batch.push({ line, row: readRegistryRow(cells, columns) });
        } catch (error) {
          if (!(error instanceof RegistryRowError)) throw error;
          reject(line, error.field, error.message);
        }
        if (batch.length >= batchSize) await flush();
      }
      if (!columns) throw badUserInput('file', 'is empty: it has no header row');
      await flush();
      if (report.rejected > 0 && options.mode === RegistryImportMode.ALL_OR_NOTHING) throw new RollBack();
    });
    report.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    report.imported = 0;
  }
  return report;
}

async function insertBatch(
  em: EntityManager,
  authorityId: string,
  batch: Array<{ line: number; row: RegistryRow }>,
  report: RegistryImportReport,
  reject: (line: number, field: string, reason: string) => void,
): Promise<void> {
  // One JSON parameter for the whole batch: set-based, and free of per-row placeholders.
  const ids = batch.map(() => uuidv7());
  const records = batch.map(({ row }, index) => ({
    id: ids[index],
    uscc: row.uscc,
    name: row.name,
    grams: searchGrams(row.name),
    search_name: normalise(row.name),
    kind: row.kind,
    legal_representative: row.legalRepresentative,
    capital: row.registeredCapitalWanYuan,
    address: row.address,
    division_code: row.divisionCode,
    industry_code: row.industryCode,
    business_scope: row.businessScope,
    established_on: row.establishedOn,
    status: row.status,
  }));
  // ON CONFLICT DO NOTHING covers every unique index: the USCC and the active name per authority.
  const inserted = await bound<{ id: string }>(
    em,
    sql`insert into enterprise (id, uscc, name, name_grams, search_name, kind, legal_representative, legal_representative_id_number,
       registered_capital_wan_yuan, address, division_code, industry_code, business_scope, established_on, registering_authority_id,
       status, deregistered_at, version, created_at, updated_at)
     select t.id, t.uscc, t.name, array(select jsonb_array_elements_text(t.grams)), t.search_name, t.kind, t.legal_representative, null,
       t.capital, t.address, t.division_code, t.industry_code, t.business_scope, t.established_on, ${authorityId},
       t.status, case when t.status = 'DEREGISTERED' then now() end, 1, now(), now()
       from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as t(id uuid, uscc text, name text, grams jsonb, search_name text, kind text,
         legal_representative text, capital numeric, address text, division_code text, industry_code text, business_scope text,
         established_on date, status text)
     on conflict do nothing
     returning id`,
  );
  report.imported += inserted.length;
  if (inserted.length === batch.length) return;
  // By id, not USCC: a file may repeat a USCC, and only its first row goes in.
  const insertedIds = new Set(inserted.map((row) => row.id));
  const refused = batch.filter((_, index) => !insertedIds.has(ids[index]));
  const existing = await bound<Record<string, string>>(
    em,
    sql`select uscc, name, kind, legal_representative, registered_capital_wan_yuan::text as capital, address, division_code, industry_code,
            business_scope, established_on::text as established_on, status
       from enterprise where uscc in (select jsonb_array_elements_text(${JSON.stringify(refused.map(({ row }) => row.uscc))}::jsonb))`,
  );
  const byUscc = new Map(existing.map((row) => [row.uscc, row]));
  for (const { line, row } of refused) {
    const current = byUscc.get(row.uscc);
    if (!current) reject(line, 'name', `${row.name} is already the name of an active market entity of this authority`);
    else if (sameFacts(current, row)) report.unchanged += 1;
    else reject(line, 'uscc', `${row.uscc} is already registered with different facts; a change goes through changeEnterprise`);
  }
}

/**
 * Runs a statement in the import's transaction with its values sent as bind parameters. `em.execute`
 * would inline them: MikroORM escapes a string literal character by character, so a 2 000-row batch
 * became a 2 MiB statement built from half a million intermediate strings, some 40 MiB of heap per
 * batch; bound, the batch is one JSON string.
 */
async function bound<Row>(em: EntityManager, statement: RawBuilder<Row>): Promise<Row[]> {
  return (await statement.execute(em.getKysely())).rows;
}

function sameFacts(current: Record<string, string>, row: RegistryRow): boolean {
  return (
    current.name === row.name &&
    current.kind === row.kind &&
    current.legal_representative === row.legalRepresentative &&
    current.capital === row.registeredCapitalWanYuan &&
    current.address === row.address &&
    current.division_code === row.divisionCode &&
    current.industry_code === row.industryCode &&
    current.business_scope === row.businessScope &&
    current.established_on === row.establishedOn &&
    current.status === row.status
  );
}
