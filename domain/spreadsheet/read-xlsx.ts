import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { badUserInput, DomainError } from '../errors.js';
import type { SpreadsheetRow } from './spreadsheet-rows.js';

/**
 * The rows of the first worksheet of an XLSX workbook, read with exceljs's streaming reader (the
 * workbook is never held whole). Each row carries its row number; dates become YYYY-MM-DD and
 * rich text, formulas and links their text.
 */
export async function* readXlsxRows(source: Readable): AsyncGenerator<SpreadsheetRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
        if (cells.length > 0) yield { line: row.number, cells };
      }
      // Only the first worksheet is the catalog; the rest (notes, lists of values) are not read.
      break;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw badUserInput('file', `not a readable XLSX workbook (${(error as Error).message})`);
  } finally {
    if (!source.destroyed) source.destroy();
  }
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}
