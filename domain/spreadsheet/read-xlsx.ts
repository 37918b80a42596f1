import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { badUserInput, DomainError } from '../errors.js';
import { SharedStringsOnDisk } from './shared-strings-on-disk.js';
import type { SpreadsheetRow } from './spreadsheet-rows.js';

type SharedStringText = string | null | { richText: Array<{ text: string | null }> };

/** What exceljs's streaming reader yields from `parse()`: a worksheet, or (with `sharedStrings: 'emit'`) one shared string. */
type ReaderEvent = { eventType: 'worksheet'; value: AsyncIterable<ExcelJS.Row> } | { index: number; text: SharedStringText };

/**
 * The rows of the first worksheet of an XLSX workbook, read with exceljs's streaming reader: the
 * workbook is never held whole, and neither is its shared-strings table (every text cell Excel
 * writes is an index into it), which goes to a temporary file on disk as it is read (see
 * SharedStringsOnDisk). Memory stays flat however many rows or distinct strings the file has.
 * Each row carries its row number; dates become YYYY-MM-DD and rich text, formulas and links their
 * text.
 */
export async function* readXlsxRows(source: Readable): AsyncGenerator<SpreadsheetRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // The sheet reader looks a shared string up as `workbook.sharedStrings[index]`: given this view of
  // the file, it yields the text itself. Set at the table's first string, so that a sheet placed
  // after the table in the zip streams as it is read; one placed before it (as Excel writes them)
  // is spooled to a temporary file by exceljs and read once the table is complete.
  decodeUtf8AcrossChunks(workbook);
  // exceljs 4.4.0 names a worksheet from the workbook part (`xl/workbook.xml`), and fails on a
  // worksheet it reads before that part: a zip may hold its parts in any order (a workbook its own
  // writer made under load did). An empty list of sheets lets such a worksheet through unnamed;
  // its name is not used here.
  (workbook as unknown as { model?: { sheets: unknown[] } }).model ??= { sheets: [] };
  let strings: SharedStringsOnDisk | null = null;
  const lookup = new Proxy([], { get: (_target, key) => (typeof key === 'string' ? strings!.get(Number(key)) : undefined) });
  const events = (workbook as unknown as { parse(): AsyncGenerator<ReaderEvent> }).parse();
  let sheetsSeen = 0;
  try {
    for await (const event of events) {
      if ('index' in event) {
        if (!strings) {
          strings = new SharedStringsOnDisk();
          (workbook as unknown as { sharedStrings: unknown }).sharedStrings = lookup;
        }
        strings.add(event.index, sharedStringText(event.text));
        continue;
      }
      if (event.eventType !== 'worksheet') continue;
      sheetsSeen += 1;
      // Only the first worksheet is the data; the rest (notes, lists of values) are not read.
      if (sheetsSeen > 1) {
        skipSheet(event.value);
        continue;
      }
      const sheet = event.value as unknown as { iterator: AsyncIterable<Buffer | string> } & AsyncIterable<ExcelJS.Row>;
      sheet.iterator = utf8Text(sheet.iterator);
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
        if (cells.length > 0) yield { line: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw badUserInput('file', `not a readable XLSX workbook (${(error as Error).message})`);
  } finally {
    await events.return(undefined).catch(() => undefined);
    strings?.close();
    if (!source.destroyed) source.destroy();
  }
}

/**
 * Leaves a sheet unread. A sheet placed before the shared strings (as Excel writes them) is read
 * from a temporary file that exceljs deletes as soon as the reader moves past the sheet, which
 * may be before the file has opened (on a loaded machine, it was): the stream's ENOENT is of no
 * interest, and unheard it would end the process.
 */
function skipSheet(sheet: unknown): void {
  const source = (sheet as { iterator?: unknown }).iterator;
  if (!(source instanceof Readable)) return;
  source.on('error', () => undefined);
  source.destroy();
}

/**
 * exceljs 4.4.0's XML parsing decodes each chunk of a zip entry as UTF-8 on its own, so a character
 * split between two chunks becomes two U+FFFD: one name in a few hundred of a Chinese registry came
 * out garbled (exceljs issues #2063, #2084, #2316; the fixes proposed are not released). The chunks
 * of the shared strings and of the sheet are decoded here as one text instead; the parser passes
 * text through as it is. Both hooks are the reader's own methods of the exact version pinned.
 */
function decodeUtf8AcrossChunks(workbook: ExcelJS.stream.xlsx.WorkbookReader): void {
  const reader = workbook as unknown as { _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> };
  const parseSharedStrings = reader._parseSharedStrings;
  reader._parseSharedStrings = function (entry: Readable) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
}

async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function sharedStringText(text: SharedStringText): string {
  if (text === null) return '';
  if (typeof text === 'string') return text;
  return text.richText.map((part) => part.text ?? '').join('');
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
