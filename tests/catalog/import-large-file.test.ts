import { Readable } from 'node:stream';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMatters, ImportMode } from '../../domain/catalog/import/import-matters.js';
import { CATALOG_HEADER, writeCatalogRow } from '../../domain/catalog/import/catalog-columns.js';
import { SpreadsheetFormat } from '../../domain/spreadsheet/spreadsheet-rows.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { catalogRow, csvLine } from './catalog-files.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const ROWS = 50_000;
const CHUNK = 1_000;

/** Whether some other session holds a write lock on matter_version, i.e. an import has begun writing. */
async function importIsWriting(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'matter_version' and l.mode = 'RowExclusiveLock' and l.granted and l.pid <> pg_backend_pid()`,
    );
    return result.rows[0].n > 0;
  } finally {
    await client.end();
  }
}

describe('a catalog file of 50 000 rows', () => {
  it(
    'is streamed: rows are written while the file is still arriving, and one bad row at the end writes nothing',
    { timeout: 300_000 },
    async () => {
      let writingBeforeTheEnd: boolean | null = null;
      async function* file(): AsyncGenerator<Buffer> {
        yield Buffer.from(`${csvLine(CATALOG_HEADER)}\n`);
        for (let start = 0; start < ROWS; start += CHUNK) {
          if (start + CHUNK >= ROWS && hub.database.url) {
            // The last chunk is held back until the import is seen writing: an importer that read the
            // whole file before writing would never be seen, and this test would fail.
            for (let attempt = 0; attempt < 600 && !writingBeforeTheEnd; attempt++) {
              writingBeforeTheEnd = await importIsWriting(hub.database.url);
              if (!writingBeforeTheEnd) await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
          const lines: string[] = [];
          for (let index = start; index < Math.min(start + CHUNK, ROWS); index++) {
            const bad = index === ROWS - 1;
            const row = catalogRow(
              `BULK-${String(index).padStart(6, '0')}`,
              index % 2 ? 'SCJG' : 'ZJJ',
              bad ? { promisedTimeLimitDays: 99 } : { name: `批量事项第${index}项` },
            );
            lines.push(csvLine(writeCatalogRow(row)));
          }
          yield Buffer.from(`${lines.join('\n')}\n`);
        }
      }
      const before = await hub.orm.em.fork().count(MatterVersion, {});
      const report = await importMatters(hub.orm.em.fork(), Readable.from(file()), {
        format: SpreadsheetFormat.CSV,
        mode: ImportMode.ALL_OR_NOTHING,
        recordedBy: 'bulk test',
      });
      expect(report).toMatchObject({ rowsRead: ROWS, added: ROWS - 1, rejected: 1, written: false });
      expect(report.errors).toEqual([
        { line: ROWS + 1, column: '承诺时限', reason: expect.stringContaining('may not exceed the legal limit') },
      ]);
      expect(await hub.orm.em.fork().count(MatterVersion, {})).toBe(before);
      if (hub.database.url) expect(writingBeforeTheEnd).toBe(true);
    },
  );
});
