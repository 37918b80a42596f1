import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SpreadsheetFormat } from '../domain/spreadsheet/spreadsheet-rows.js';

export interface SpreadsheetCommand {
  file: string;
  format: SpreadsheetFormat;
  department: string | undefined;
  goodRowsOnly: boolean;
  json: boolean;
  /** Progress lines on standard error even when it is not a terminal. */
  progress: boolean;
}

/**
 * The arguments every spreadsheet import command takes:
 * `<file.csv|file.xlsx> [--department CODE] [--good-rows-only] [--format CSV|XLSX] [--json] [--progress]`.
 * Wrong usage, an unknown format or a missing file end the process with status 2 and a message.
 */
export async function readSpreadsheetCommand(usage: string, options: { departmentRequired: boolean }): Promise<SpreadsheetCommand> {
  const fail = (message: string): never => {
    console.error(message);
    process.exit(2);
  };
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        department: { type: 'string' },
        'good-rows-only': { type: 'boolean' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        progress: { type: 'boolean' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1 || (options.departmentRequired && !args.values.department)) return fail(usage);
  const format = (args.values.format ?? path.extname(file).slice(1)).toUpperCase();
  if (!(format in SpreadsheetFormat)) return fail(`cannot tell the format of ${file}: name it .csv or .xlsx, or pass --format CSV|XLSX`);
  try {
    await stat(file);
  } catch {
    return fail(`${file}: no such file`);
  }
  return {
    file,
    format: format as SpreadsheetFormat,
    department: args.values.department,
    goodRowsOnly: args.values['good-rows-only'] ?? false,
    json: args.values.json ?? false,
    progress: args.values.progress ?? false,
  };
}
