import { uuidv7 } from '../../../support/uuid-v7.js';
import { normalise, searchGrams } from '../../search-grams.js';
import type { RegistryRow } from './registry-columns.js';

/**
 * The registry import's SQL. Checked rows are first staged in a temporary table of the import's
 * transaction (by COPY on the PostgreSQL server, in JSON batches on the embedded database), then
 * written into `enterprise` by one INSERT … SELECT, so the table's unique checks and indexes do
 * their work in one set-based pass, and the rows PostgreSQL refused are found with one more.
 */

/** Runs one statement on the import's transaction. */
export type RunStatement = (text: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>>; rowCount: number }>;

/** The staging table's columns, in COPY's order. */
export const STAGING_COLUMNS = [
  'line',
  'id',
  'uscc',
  'name',
  'name_grams',
  'search_name',
  'kind',
  'legal_representative',
  'capital',
  'address',
  'division_code',
  'industry_code',
  'business_scope',
  'established_on',
  'status',
] as const;

export const CREATE_STAGING = `create temporary table registry_staging (
  line int not null, id uuid not null, uscc text not null, name text not null, name_grams text[] not null, search_name text not null,
  kind text not null, legal_representative text not null, capital numeric not null, address text not null, division_code text not null,
  industry_code text not null, business_scope text not null, established_on date not null, status text not null
) on commit drop`;

/** A checked row with what the registry stores beside it: its id and the name's search forms. */
export interface StagedRow {
  line: number;
  id: string;
  row: RegistryRow;
  grams: string[];
  searchName: string;
}

export function stagedRow(line: number, row: RegistryRow): StagedRow {
  return { line, id: uuidv7(), row, grams: searchGrams(row.name), searchName: normalise(row.name) };
}

/** The values of a staged row in STAGING_COLUMNS' order. */
export function stagingValues({ line, id, row, grams, searchName }: StagedRow): [number, string, ...unknown[]] {
  return [
    line,
    id,
    row.uscc,
    row.name,
    grams,
    searchName,
    row.kind,
    row.legalRepresentative,
    row.registeredCapitalWanYuan,
    row.address,
    row.divisionCode,
    row.industryCode,
    row.businessScope,
    row.establishedOn,
    row.status,
  ];
}

export interface RegistryWriteOutcome {
  imported: number;
  /** Rows already in the registry with the same facts (a file imported again changes nothing). */
  unchanged: number;
  /** Rows PostgreSQL refused: their USCC or active name is taken by other facts. */
  refused: number;
  /** The first `limit` refused rows, by line. */
  refusals: Array<{ line: number; field: string; reason: string }>;
}

/**
 * Writes the staged rows into the registry. ON CONFLICT DO NOTHING covers every unique index (the
 * USCC, the active name per authority); a file that repeats a USCC gets its first row in, by line.
 */
export async function writeStagedRows(
  run: RunStatement,
  authorityId: string,
  staged: number,
  limit: number,
): Promise<RegistryWriteOutcome> {
  const { rowCount: imported } = await run(
    `insert into enterprise (id, uscc, name, name_grams, search_name, kind, legal_representative, legal_representative_id_number,
       registered_capital_wan_yuan, address, division_code, industry_code, business_scope, established_on, registering_authority_id,
       status, deregistered_at, version, created_at, updated_at)
     select id, uscc, name, name_grams, search_name, kind, legal_representative, null, capital, address, division_code, industry_code,
       business_scope, established_on, $1, status, case when status = 'DEREGISTERED' then now() end, 1, now(), now()
       from registry_staging order by line
     on conflict do nothing`,
    [authorityId],
  );
  if (imported === staged) return { imported, unchanged: 0, refused: 0, refusals: [] };
  // The staged rows whose id did not go in, beside the registry's row of their USCC, if any.
  const notImported = `select s.line, s.uscc, s.name, e.id is not null as uscc_taken,
      coalesce(e.name = s.name and e.kind = s.kind and e.legal_representative = s.legal_representative
        and e.registered_capital_wan_yuan = s.capital and e.address = s.address and e.division_code = s.division_code
        and e.industry_code = s.industry_code and e.business_scope = s.business_scope and e.established_on = s.established_on
        and e.status = s.status, false) as same_facts
    from registry_staging s left join enterprise e on e.uscc = s.uscc
    where not exists (select 1 from enterprise inserted where inserted.id = s.id)`;
  const [totals] = (
    await run(
      `select count(*) filter (where same_facts)::int as unchanged, count(*) filter (where not same_facts)::int as refused from (${notImported}) t`,
    )
  ).rows as Array<{ unchanged: number; refused: number }>;
  const first = (await run(`select * from (${notImported}) t where not same_facts order by line limit $1`, [limit])).rows as Array<{
    line: number;
    uscc: string;
    name: string;
    uscc_taken: boolean;
  }>;
  return {
    imported,
    unchanged: totals.unchanged,
    refused: totals.refused,
    refusals: first.map((row) =>
      row.uscc_taken
        ? {
            line: row.line,
            field: 'uscc',
            reason: `${row.uscc} is already registered with different facts; a change goes through changeEnterprise`,
          }
        : { line: row.line, field: 'name', reason: `${row.name} is already the name of an active market entity of this authority` },
    ),
  };
}
