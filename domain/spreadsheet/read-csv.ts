import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { badUserInput, DomainError } from '../errors.js';
import type { SpreadsheetRow } from './spreadsheet-rows.js';
import { decodeSpreadsheetText } from './text-encoding.js';

/**
 * The rows of a CSV file, read as a stream: memory stays flat however many rows the file has.
 * A byte-order mark is dropped, blank lines are skipped, and each row carries the line it starts
 * on (a quoted cell may span lines).
 */
export async function* readCsvRows(source: Readable): AsyncGenerator<SpreadsheetRow> {
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000 });
  const piping = pipeline(source, decodeSpreadsheetText(), parser);
  // Errors surface through the parser's iterator; the pipeline's own promise would otherwise reject unobserved.
  piping.catch(() => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const spanned = record.reduce((count, cell) => count + (cell.match(/\n/g)?.length ?? 0), 0);
      yield { line: info.lines - spanned, cells: record };
    }
    await piping;
  } catch (error) {
    throw asFileError(error);
  } finally {
    if (!source.destroyed) source.destroy();
  }
}

function asFileError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return badUserInput('file', `${line ? `line ${line}: ` : ''}not a readable CSV file (${error.message})`, line ? { line } : {});
  }
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof DomainError) return cause;
  return error;
}
