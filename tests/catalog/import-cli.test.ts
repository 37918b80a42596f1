import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatterVersion } from '../../entities/matter-version.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { catalogCsv, catalogRow, catalogXlsx } from './catalog-files.js';

/** The built CLI (`npm run catalog:import` runs it after building), run as a real process. */
const CLI = path.resolve('dist/scripts/import-matters.js');

let hub: TestHub;
let directory: string;
beforeAll(async () => {
  hub = await startTestHub();
  directory = await mkdtemp(path.join(tmpdir(), 'catalog-import-'));
});
afterAll(async () => {
  await hub?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** How the CLI ended: its exit status, or the signal that ended it (then `code` is null), and what it printed. */
function run(...args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, DATABASE_URL: hub.database.url!, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          signal: error?.signal ?? null,
          stdout,
          stderr,
        }),
    );
  });
}

describe('npm run catalog:import', () => {
  it('imports a CSV file for a department through the same rules, and a second run changes nothing', async (context) => {
    // The CLI is a second process; an in-memory PGlite test database cannot be shared with it.
    if (!hub.database.url) context.skip();
    const file = path.join(directory, 'mz.csv');
    await writeFile(file, catalogCsv([catalogRow('MZ-CLI-001', 'MZ'), catalogRow('MZ-CLI-002', 'MZ')]));
    const first = await run(file, '--department', 'MZ');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('2 rows: 2 added, 0 adjusted, 0 delegated, 0 cancelled, 0 unchanged, 0 rejected.');
    expect(first.stdout).toContain('The catalog was updated.');
    const again = await run(file, '--department', 'MZ');
    expect(again.stdout).toContain('2 unchanged');
    expect(again.stdout).toContain('already matches');
    const versions = await hub.orm.em.fork().find(MatterVersion, { code: { $like: 'MZ-CLI-%' } });
    expect(versions.map((version) => version.recordedBy)).toEqual(['catalog:import mz.csv', 'catalog:import mz.csv']);
  });

  it('reports bad rows by line and writes nothing, or the good rows with --good-rows-only', async (context) => {
    if (!hub.database.url) context.skip();
    const file = path.join(directory, 'mixed.csv');
    await writeFile(
      file,
      catalogCsv([
        catalogRow('MZ-CLI-101', 'MZ'),
        catalogRow('MZ-CLI-102', 'MZ', { promisedTimeLimitDays: 21 }),
        catalogRow('MZ-CLI-103', 'SW'),
      ]),
    );
    const strict = await run(file, '--department', 'MZ');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('line 3 [承诺时限]: the promised limit (21 working days) may not exceed the legal limit (20)');
    expect(strict.stdout).toContain("line 4 [实施部门]: this import is for MZ's matters; the row is SW's");
    expect(strict.stdout).toContain('Nothing was written');
    expect(await hub.orm.em.fork().count(MatterVersion, { code: { $like: 'MZ-CLI-1%' } })).toBe(0);

    const lenient = await run(file, '--department', 'MZ', '--good-rows-only', '--json');
    expect(lenient.code).toBe(1);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ added: 1, rejected: 2, written: true, errors: [{ line: 3 }, { line: 4 }] });
    expect(await hub.orm.em.fork().count(MatterVersion, { code: { $like: 'MZ-CLI-1%' } })).toBe(1);
  });

  it('reads XLSX, and refuses a broken file or wrong usage with a clear message', async (context) => {
    if (!hub.database.url) context.skip();
    const workbook = path.join(directory, 'zjj.xlsx');
    await writeFile(workbook, await catalogXlsx([catalogRow('ZJJ-CLI-001', 'ZJJ')]));
    const imported = await run(workbook);
    // The whole outcome, so a failure shows what the CLI said.
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('1 rows: 1 added') });

    const gbk = path.join(directory, 'gbk.csv');
    await writeFile(gbk, Buffer.concat([Buffer.from(catalogCsv([]).trimEnd() + '\n'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a])]));
    const refused = await run(gbk);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('line 2 is not valid UTF-8');

    expect((await run(path.join(directory, 'missing.csv'))).code).toBe(2);
    expect((await run(path.join(directory, 'catalog.txt'))).stderr).toContain('cannot tell the format');
    expect((await run()).stderr).toContain('usage: npm run catalog:import');
  });
});
