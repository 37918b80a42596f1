import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { Readable } from 'node:stream';
import type { FileImportConfig } from '../../domain/connectors/connector-config.js';
import { ConnectorKind } from '../../entities/connector-kind.js';
import { SpreadsheetFormat } from '../../domain/spreadsheet/spreadsheet-rows.js';
import { isUuid } from '../../domain/connectors/uuid.js';
import { badUserInput, DomainError, forbidden, notFound } from '../../domain/errors.js';
import { readCsvRows } from '../../domain/spreadsheet/read-csv.js';
import { readXlsxRows } from '../../domain/spreadsheet/read-xlsx.js';
import type { Principal } from '../../domain/auth/principal.js';
import { Role } from '../../entities/role.js';
import { Connector } from '../../entities/connector.js';
import { withZone } from './local-date-time.js';
import { receiveRecord, type InboundContext } from './receive-record.js';

export const MAX_IMPORT_ROWS = 10_000;

export interface ImportSummary {
  applied: number;
  duplicates: number;
  rejected: number;
}

/**
 * Imports a CSV or XLSX file through a FILE_IMPORT connector: the header row names the columns,
 * the connector maps them to a record type's fields. Each row becomes a record with the source
 * id of its id column (or, without one, the hash of its content), so importing the same file
 * twice changes nothing; a refused row is kept with its reason like any inbound record.
 */
export async function importFile(
  em: EntityManager,
  principal: Principal,
  input: { connectorId: string; format: SpreadsheetFormat; contentBase64: string },
  context: InboundContext,
): Promise<ImportSummary> {
  const connector = isUuid(input.connectorId) ? await em.findOne(Connector, { id: input.connectorId }, { populate: ['department'] }) : null;
  if (!connector || connector.kind !== ConnectorKind.FILE_IMPORT) throw notFound('connectorId', 'no file-import connector with this id');
  if (!principal.roles.includes(Role.ADMIN) && principal.department.id !== connector.department.id) {
    throw forbidden(`only ${connector.department.code} (or an admin) imports through this connector`, 'connectorId');
  }
  if (!connector.enabled) throw badUserInput('connectorId', 'the connector is disabled');
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw badUserInput('contentBase64', 'the file is empty or not base64');
  const { header: columns, rows } = await readRows(input.format, content);
  const config = connector.config as FileImportConfig;
  const header = new Set(columns);
  for (const column of [config.keyColumn, ...(config.idColumn ? [config.idColumn] : []), ...Object.values(config.columns)]) {
    if (!header.has(column)) throw badUserInput('contentBase64', `the file has no column "${column}"`);
  }

  const summary: ImportSummary = { applied: 0, duplicates: 0, rejected: 0 };
  for (const row of rows) {
    const fields = Object.fromEntries(
      Object.entries(config.columns)
        .filter(([, column]) => row[column] !== undefined && row[column] !== '')
        .map(([field, column]) => [field, withZone(row[column], config.timeZone)]),
    );
    const record = {
      id: config.idColumn ? row[config.idColumn] : `row:${createHash('sha256').update(JSON.stringify(row)).digest('hex')}`,
      type: config.recordType,
      key: row[config.keyColumn],
      fields,
    };
    const outcome = await receiveRecord(em, connector, record, context);
    if (outcome.status === 'APPLIED') summary.applied += 1;
    else if (outcome.status === 'DUPLICATE') summary.duplicates += 1;
    else summary.rejected += 1;
  }
  return summary;
}

/** Header and rows through the hub's shared streaming readers; errors name this mutation's argument. */
async function readRows(format: SpreadsheetFormat, content: Buffer): Promise<{ header: string[]; rows: Array<Record<string, string>> }> {
  const source = Readable.from([content]);
  const rows = format === SpreadsheetFormat.CSV ? readCsvRows(source) : readXlsxRows(source);
  const records: Array<Record<string, string>> = [];
  let header: string[] | null = null;
  try {
    for await (const row of rows) {
      if (!header) {
        header = row.cells.map((cell) => cell.trim());
        continue;
      }
      if (records.length >= MAX_IMPORT_ROWS) throw badUserInput('contentBase64', `at most ${MAX_IMPORT_ROWS} rows per file`);
      records.push(Object.fromEntries(header.map((name, index) => [name, (row.cells[index] ?? '').trim()])));
    }
  } catch (error) {
    if (error instanceof DomainError && error.field === 'file') throw badUserInput('contentBase64', error.message.replace(/^file: /, ''));
    throw error;
  }
  return { header: header ?? [], rows: records };
}
