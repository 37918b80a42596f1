import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { REGISTRY_COLUMNS, REGISTRY_HEADER } from '../../domain/registration/import/registry-columns.js';
import { registryRowCells } from './registry-csv.js';

export interface RegistryXlsxOptions {
  /**
   * Text cells as indexes into the workbook's shared-strings table, as Excel writes them (the
   * table follows the sheet in the zip), or inline in the sheet.
   */
  sharedStrings: boolean;
  /** The first row's index, as writeRegistryCsv's `offset`. */
  offset?: number;
  /** Changes a row's cells before it is written (e.g. a bad row, a long 经营范围). */
  change?: (cells: string[], index: number) => string[];
}

const CAPITAL = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.registeredCapitalWanYuan);
const ESTABLISHED = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.establishedOn);

/**
 * The registry export of writeRegistryCsv as an XLSX workbook of one sheet, written by exceljs's
 * streaming writer (the generator's memory holds the shared-strings table, not the sheet): the
 * registered capital a number cell and the date of establishment a date cell, as a spreadsheet
 * program saves them. Returns the file's size in bytes.
 */
export async function writeRegistryXlsx(file: string, rows: number, options: RegistryXlsxOptions): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: options.sharedStrings, useStyles: true });
  const sheet = workbook.addWorksheet('登记信息');
  sheet.addRow(REGISTRY_HEADER).commit();
  const offset = options.offset ?? 0;
  for (let index = offset; index < offset + rows; index++) {
    const cells = options.change ? options.change(registryRowCells(index), index) : registryRowCells(index);
    const values: ExcelJS.CellValue[] = [...cells];
    if (/^\d+(\.\d+)?$/.test(cells[CAPITAL]!)) values[CAPITAL] = Number(cells[CAPITAL]);
    if (/^\d{4}-\d{2}-\d{2}$/.test(cells[ESTABLISHED]!)) values[ESTABLISHED] = new Date(`${cells[ESTABLISHED]}T00:00:00Z`);
    const row = sheet.addRow(values);
    if (values[ESTABLISHED] instanceof Date) row.getCell(ESTABLISHED + 1).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  return (await stat(file)).size;
}
