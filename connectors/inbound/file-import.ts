import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FileImportConfig } from '../../domain/connectors/connector-config.js';
import { ConnectorKind, ImportFormat } from '../../domain/connectors/connector-kind.js';
import { isUuid } from '../../domain/connectors/uuid.js';
import { badUserInput, forbidden, notFound } from '../../domain/errors.js';
import type { Principal } from '../../domain/auth/principal.js';
import { Role } from '../../domain/auth/role.js';
import { Connector } from '../../entities/connector.js';
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
  input: { connectorId: string; format: ImportFormat; contentBase64: string },
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
  const rows = input.format === ImportFormat.CSV ? readCsv(content) : await readXlsx(content);
  if (rows.length > MAX_IMPORT_ROWS) throw badUserInput('contentBase64', `at most ${MAX_IMPORT_ROWS} rows per file`);
  const config = connector.config as FileImportConfig;
  const header = new Set(rows.length ? Object.keys(rows[0]) : []);
  for (const column of [config.keyColumn, ...(config.idColumn ? [config.idColumn] : []), ...Object.values(config.columns)]) {
    if (!header.has(column)) throw badUserInput('contentBase64', `the file has no column "${column}"`);
  }

  const summary: ImportSummary = { applied: 0, duplicates: 0, rejected: 0 };
  for (const row of rows) {
    const fields = Object.fromEntries(
      Object.entries(config.columns)
        .filter(([, column]) => row[column] !== undefined && row[column] !== '')
        .map(([field, column]) => [field, row[column]]),
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

function readCsv(content: Buffer): Array<Record<string, string>> {
  try {
    return parse(content, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw badUserInput('contentBase64', `not a readable CSV file: ${(error as Error).message}`);
  }
}

async function readXlsx(content: Buffer): Promise<Array<Record<string, string>>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw badUserInput('contentBase64', `not a readable XLSX file: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, column) => (header[column] = cellText(cell.value)));
  const rows: Array<Record<string, string>> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const record: Record<string, string> = {};
    for (let column = 1; column < header.length; column += 1) if (header[column]) record[header[column]] = cellText(row.getCell(column).value);
    rows.push(record);
  });
  return rows;
}

/** Spreadsheet cells come as numbers, dates, rich text or formulas; records carry text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}
