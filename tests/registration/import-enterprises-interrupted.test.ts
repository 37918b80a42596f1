import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryRowCells, writeRegistryCsv } from '../../bench/support/registry-csv.js';
import { REGISTRY_COLUMNS, REGISTRY_HEADER } from '../../domain/registration/import/registry-columns.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { lastJsonReport, runImporter } from './importer-process.js';

/**
 * Rows of the file whose second-to-last row is bad. A million by default, as CI runs it: the file
 * and two imports of it took 576 s on 2026-12-05 on a 2-core machine at a load average of 10–13
 * (about a minute an import unloaded); REGISTRY_IMPORT_TEST_ROWS makes it smaller for a quick run.
 */
const ROWS = Number(process.env.REGISTRY_IMPORT_TEST_ROWS ?? 1_000_000);
/** Rows of the file whose import is killed half way. */
const KILLED_ROWS = Math.min(ROWS, 200_000);

describe('registry imports that go wrong, through the command a user runs', () => {
  let hub: TestHub;
  let directory: string;
  let db: Client;
  const enterprises = async () => Number((await db.query('select count(*) from enterprise')).rows[0].count);

  beforeAll(async () => {
    hub = await startTestHub();
    directory = await mkdtemp(path.join(tmpdir(), 'hub-registry-interrupted-'));
    if (hub.database.url) {
      db = new Client({ connectionString: hub.database.url });
      await db.connect();
    }
  });
  afterAll(async () => {
    await db?.end();
    await hub.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it(`reports the bad row ${(ROWS - 1).toLocaleString('en')} of ${ROWS.toLocaleString('en')} by its line: nothing written by default, every other row with --good-rows-only`, async () => {
    if (!hub.database.url) return; // the importer is a process of its own: it needs the PostgreSQL server
    const file = path.join(directory, 'registry-one-bad-row.csv');
    // Rows 1 … ROWS-2 good, row ROWS-1 (on line ROWS, after the header) with a 登记状态 the registry does not know, the last row good.
    await writeRegistryCsv(file, ROWS - 2);
    const status = REGISTRY_HEADER.indexOf(REGISTRY_COLUMNS.status);
    const bad = registryRowCells(ROWS - 2);
    bad[status] = '歇业';
    const out = createWriteStream(file, { flags: 'a' });
    out.end(`${bad.join(',')}\n${registryRowCells(ROWS - 1).join(',')}\n`);
    await once(out, 'finish');
    const badRow = { line: ROWS, field: 'status', reason: expect.stringMatching(/"歇业" is not/) };
    const before = await enterprises();

    // As a person runs it: what was read, that nothing was written, and the bad row's line and field.
    const strict = await runImporter(hub.database.url, [file, '--department', 'SCJG']);
    expect({ code: strict.code, signal: strict.signal }).toEqual({ code: 1, signal: null });
    const [summary, ...reported] = strict.stdout.trim().split('\n');
    expect(summary).toMatch(new RegExp(`^read ${ROWS} rows: 0 imported, 0 already present, 1 rejected — nothing written`));
    expect(reported).toEqual([expect.stringMatching(new RegExp(`^  line ${ROWS}, status: "歇业" is not`))]);
    expect(await enterprises()).toBe(before);

    const lenient = await runImporter(hub.database.url, [file, '--department', 'SCJG', '--good-rows-only', '--json']);
    expect({ code: lenient.code, signal: lenient.signal }).toEqual({ code: 1, signal: null });
    expect(lastJsonReport(lenient)).toEqual({
      read: ROWS,
      imported: ROWS - 1,
      unchanged: 0,
      rejected: 1,
      committed: true,
      errors: [badRow],
    });
    expect(await enterprises()).toBe(before + ROWS - 1);
  }, 900_000);

  it('leaves nothing half-written when killed half way, and running it again finishes the job', async () => {
    if (!hub.database.url) return;
    const file = path.join(directory, 'registry-killed.csv');
    // Rows far from the other test's, so neither sees the other's.
    await writeRegistryCsv(file, KILLED_ROWS, 5_000_000);
    const before = await enterprises();

    let readWhenKilled = 0;
    const killed = await runImporter(hub.database.url, [file, '--department', 'SCJG', '--progress', '--json'], {
      onProgress: (rowsRead, kill) => {
        // Half way, several chunks of 20 000 rows have gone into the registry's table, in the import's transaction.
        if (rowsRead >= KILLED_ROWS / 2 && readWhenKilled === 0) {
          readWhenKilled = rowsRead;
          kill();
        }
      },
    });
    expect({ signal: killed.signal, stdout: killed.stdout }).toEqual({ signal: 'SIGKILL', stdout: '' });
    expect(readWhenKilled).toBeGreaterThanOrEqual(KILLED_ROWS / 2);
    expect(readWhenKilled).toBeLessThan(KILLED_ROWS);
    expect(await enterprises()).toBe(before);

    const again = await runImporter(hub.database.url, [file, '--department', 'SCJG', '--json']);
    expect({ code: again.code, signal: again.signal, stderr: again.code === 0 ? '' : again.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect(lastJsonReport(again)).toEqual({
      read: KILLED_ROWS,
      imported: KILLED_ROWS,
      unchanged: 0,
      rejected: 0,
      committed: true,
      errors: [],
    });
    expect(await enterprises()).toBe(before + KILLED_ROWS);
  }, 600_000);
});
