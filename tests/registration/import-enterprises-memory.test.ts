import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRegistryCsv } from '../../bench/support/registry-csv.js';
import { MAX_REPORTED_ERRORS } from '../../domain/registration/import/import-enterprises.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { lastJsonReport, runImporter } from './importer-process.js';

/**
 * The importer's heap limit. Its modules (MikroORM, the entities, the checks) take about 45 MiB, so
 * the import itself has under 20 MiB: room for a batch of 2 000 rows, not for a few hundred bytes
 * kept per row of this file (a parsed row, a report line each). The importer that inlined each
 * batch into its SQL needed some 25 MiB more for one batch and ran out at its first.
 */
const HEAP_MIB = 64;
const GOOD_ROWS = 60_000;
const BAD_ROWS = 40_000;

describe('importing a large registry file', () => {
  let hub: TestHub;
  let directory: string;
  beforeAll(async () => {
    hub = await startTestHub();
    directory = await mkdtemp(path.join(tmpdir(), 'hub-registry-import-'));
  });
  afterAll(async () => {
    await hub.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it(`imports ${(GOOD_ROWS + BAD_ROWS).toLocaleString('en')} rows in a ${HEAP_MIB} MiB heap: memory does not grow with the file or its refused lines`, async () => {
    if (!hub.database.url) return; // the importer is a process of its own: it needs the PostgreSQL server
    const file = path.join(directory, 'registry.csv');
    await writeRegistryCsv(file, GOOD_ROWS);
    // Then rows whose 登记状态 is not one the registry knows, each refused with its line.
    const tail = path.join(directory, 'tail.csv');
    await writeRegistryCsv(tail, BAD_ROWS, GOOD_ROWS);
    const badLines = (await readFile(tail, 'utf8'))
      .split('\n')
      .slice(1, -1)
      .map((line) => line.replace(/,存续$/, ',歇业'));
    await appendFile(file, badLines.join('\n') + '\n');

    const run = await runImporter(hub.database.url, [file, '--department', 'SCJG', '--good-rows-only', '--json'], {
      nodeFlags: [`--max-old-space-size=${HEAP_MIB}`],
    });
    // Exit status 1: some rows were refused. Running out of heap would end it with SIGABRT.
    expect({ code: run.code, signal: run.signal, stderr: run.code === 1 ? '' : run.stderr }).toEqual({ code: 1, signal: null, stderr: '' });
    const report = lastJsonReport(run);
    expect(report).toMatchObject({ read: GOOD_ROWS + BAD_ROWS, imported: GOOD_ROWS, unchanged: 0, rejected: BAD_ROWS, committed: true });
    // The refused lines are reported by line, the first MAX_REPORTED_ERRORS of them.
    expect(report.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(report.errors[0]).toEqual({ line: GOOD_ROWS + 2, field: 'status', reason: expect.stringMatching(/"歇业" is not/) });
    expect(report.errors.at(-1)!.line).toBe(GOOD_ROWS + 1 + MAX_REPORTED_ERRORS);

    const read = (nameContains: string) =>
      graphql<{ enterprises: { totalCount: number } }>(
        hub.url,
        `
          query ($name: String) {
            enterprises(filter: { nameContains: $name }) {
              totalCount
            }
          }
        `,
        {
          token: hub.tokens.system.SW,
          variables: { name: nameContains },
        },
      );
    expect((await read('昭化区')).body.data!.enterprises.totalCount).toBe(GOOD_ROWS);
    expect((await read(`第${GOOD_ROWS}号`)).body.data!.enterprises.totalCount).toBe(1);
    expect((await read(`第${GOOD_ROWS + 1}号`)).body.data!.enterprises.totalCount).toBe(0);
  }, 300_000);
});
