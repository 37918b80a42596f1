import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryRowCells } from '../../bench/support/registry-csv.js';
import { writeRegistryXlsx } from '../../bench/support/registry-xlsx.js';
import { importEnterprises, RegistryImportMode } from '../../domain/registration/import/import-enterprises.js';
import { REGISTRY_COLUMNS, REGISTRY_HEADER } from '../../domain/registration/import/registry-columns.js';
import { SpreadsheetFormat } from '../../domain/spreadsheet/spreadsheet-rows.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { heapLimitMib, lastJsonReport, REGISTRY_IMPORT_NODE_FLAGS, runImporter } from './importer-process.js';

const NAME = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.name);
const ADDRESS = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.address);
const SCOPE = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.businessScope);
const STATUS = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.status);
const ROWS = 3000;
/**
 * The importer's heap in the memory test: the one `npm run registry:import` gives it. Its modules take
 * some 45 MiB of it; a test at 80 MiB passed alone but ran out of heap now and then in the full suite.
 */
const HEAP_MIB = heapLimitMib(REGISTRY_IMPORT_NODE_FLAGS);
/** Rows of the memory test, each with a 经营范围 of its own of LONG_SCOPE_CHARS characters (the most the registry takes). */
const LONG_ROWS = 36_000;
const LONG_SCOPE_CHARS = 2000;

describe('importing a registry saved by a spreadsheet program (XLSX)', () => {
  let hub: TestHub;
  let directory: string;
  beforeAll(async () => {
    hub = await startTestHub();
    directory = await mkdtemp(path.join(tmpdir(), 'hub-registry-xlsx-'));
  });
  afterAll(async () => {
    await hub.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it.each([
    ['shared strings, as Excel writes them', true, 0],
    ['inline strings', false, 10_000],
  ])('imports every row of a workbook with %s, its Chinese text exactly as written', async (_label, sharedStrings, offset) => {
    const file = path.join(directory, `registry-${sharedStrings ? 'shared' : 'inline'}.xlsx`);
    // The last row's 登记状态 is not one the registry knows: refused by its row number.
    await writeRegistryXlsx(file, ROWS, {
      sharedStrings,
      offset,
      change: (cells, index) => (index === offset + ROWS - 1 ? cells.map((cell, column) => (column === STATUS ? '歇业' : cell)) : cells),
    });
    const report = await importEnterprises(hub.orm.em.fork(), createReadStream(file), {
      format: SpreadsheetFormat.XLSX,
      mode: RegistryImportMode.GOOD_ROWS_ONLY,
      departmentCode: 'SCJG',
    });
    expect(report).toMatchObject({ read: ROWS, imported: ROWS - 1, rejected: 1, committed: true });
    expect(report.errors).toEqual([{ line: ROWS + 1, field: 'status', reason: expect.stringMatching(/"歇业" is not/) }]);
    // exceljs's reader once split a character between two chunks of the file into U+FFFD: every name and address is compared.
    const rows = await hub.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ name: string; address: string }>>(`select name, address from enterprise where name in (?)`, [
        Array.from({ length: ROWS - 1 }, (_, index) => registryRowCells(offset + index)[NAME]),
      ]);
    expect(rows).toHaveLength(ROWS - 1);
    const expected = new Map(
      Array.from({ length: ROWS - 1 }, (_, index) => registryRowCells(offset + index)).map((cells) => [cells[NAME], cells[ADDRESS]]),
    );
    for (const row of rows) expect(row.address).toBe(expected.get(row.name));
    expect(rows.filter((row) => row.name.includes('\uFFFD') || row.address.includes('\uFFFD'))).toEqual([]);
  });

  it(`imports in a ${HEAP_MIB} MiB heap a workbook whose shared strings are larger than that heap`, async () => {
    if (!hub.database.url) return; // the importer is a process of its own: it needs the PostgreSQL server
    const file = path.join(directory, 'registry-long-scopes.xlsx');
    const filler = '农产品初加工、销售；餐饮服务；道路货物运输；建筑材料销售。';
    const longScope = (index: number) =>
      `${index}号：${filler.repeat(Math.ceil(LONG_SCOPE_CHARS / filler.length))}`.slice(0, LONG_SCOPE_CHARS);
    await writeRegistryXlsx(file, LONG_ROWS, {
      sharedStrings: true,
      offset: 20_000,
      change: (cells, index) => cells.map((cell, column) => (column === SCOPE ? longScope(index) : cell)),
    });
    // As strings in the JS heap (two bytes a character), the table's 经营范围 alone is over the heap.
    expect((LONG_ROWS * LONG_SCOPE_CHARS * 2) / 2 ** 20).toBeGreaterThan(HEAP_MIB);

    const run = await runImporter(hub.database.url, [file, '--department', 'SCJG', '--json']);
    // Running out of heap would end it with SIGABRT.
    const refused = run.code === 1 ? run.stdout.slice(0, 1000) : '';
    expect({ code: run.code, signal: run.signal, stderr: run.stderr, refused }).toEqual({ code: 0, signal: null, stderr: '', refused: '' });
    expect(lastJsonReport(run)).toEqual({ read: LONG_ROWS, imported: LONG_ROWS, unchanged: 0, rejected: 0, committed: true, errors: [] });
    const [sample] = await hub.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ business_scope: string }>>(`select business_scope from enterprise where name = ?`, [
        registryRowCells(20_000 + 32_345)[NAME],
      ]);
    expect(sample.business_scope).toBe(longScope(20_000 + 32_345));
  }, 600_000);
});
