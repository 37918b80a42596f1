import fs from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readXlsxRows } from '../../domain/spreadsheet/read-xlsx.js';

/** A workbook of two sheets, written as Excel writes them: the sheets before the shared strings. */
async function twoSheetWorkbook(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet('登记簿');
  data.addRow(['统一社会信用代码', '名称']);
  for (let index = 1; index <= rows; index++) data.addRow([`代码${index}`, `第${index}号企业`]);
  workbook.addWorksheet('说明').addRow(['这一页不是数据']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The workbook's zip entries in another order: `first` in the order given, then the rest as they
 * were. A zip's entries may come in any order.
 */
async function withEntriesFirst(workbook: Buffer, first: readonly string[]): Promise<Buffer> {
  const source = await JSZip.loadAsync(workbook);
  const names = Object.keys(source.files).filter((name) => !source.files[name]!.dir);
  const reordered = new JSZip();
  for (const name of [...first, ...names.filter((name) => !first.includes(name))]) {
    reordered.file(name, await source.file(name)!.async('uint8array'));
  }
  return reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const OPEN_DELAY_MS = 100;

/**
 * Files read from now on open OPEN_DELAY_MS late, as they may on a loaded machine: exceljs reads
 * each sheet it spooled from a temporary file of its own, and deletes that file as soon as the
 * reader moves past the sheet.
 */
function openFilesLate(): void {
  const createReadStream = fs.createReadStream.bind(fs);
  vi.spyOn(fs, 'createReadStream').mockImplementation(((file: fs.PathLike, options?: object) =>
    createReadStream(file, {
      ...options,
      fs: {
        open: (...args: Parameters<typeof fs.open>) => setTimeout(() => fs.open(...args), OPEN_DELAY_MS),
        read: fs.read,
        close: fs.close,
      },
    })) as typeof fs.createReadStream);
}

describe('reading an XLSX workbook', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the first worksheet only; a later sheet, skipped, raises nothing however late its temporary file opens', async () => {
    const workbook = await twoSheetWorkbook(3);
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      openFilesLate();
      const lines: Array<[number, string[]]> = [];
      for await (const { line, cells } of readXlsxRows(Readable.from(workbook))) lines.push([line, cells]);
      await sleep(3 * OPEN_DELAY_MS);
      expect(lines).toEqual([
        [1, ['统一社会信用代码', '名称']],
        [2, ['代码1', '第1号企业']],
        [3, ['代码2', '第2号企业']],
        [4, ['代码3', '第3号企业']],
      ]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('reads a worksheet that comes before the workbook part in the zip', async () => {
    const workbook = await withEntriesFirst(await twoSheetWorkbook(2), [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/workbook.xml',
    ]);
    const lines: Array<[number, string[]]> = [];
    for await (const { line, cells } of readXlsxRows(Readable.from(workbook))) lines.push([line, cells]);
    expect(lines).toEqual([
      [1, ['统一社会信用代码', '名称']],
      [2, ['代码1', '第1号企业']],
      [3, ['代码2', '第2号企业']],
    ]);
  });
});
