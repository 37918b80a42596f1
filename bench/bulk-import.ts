import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { ScenarioResult } from './report.js';
import { ADMIN_URL, createBenchDatabase } from './support/bench-database.js';
import { sampleBackendCpu } from './support/backend-cpu.js';
import { QUICK, sized } from './support/options.js';
import { sampleRss } from './support/processes.js';
import { summariseProfile } from './support/cpu-profile.js';
import { writeRegistryCsv } from './support/registry-csv.js';
import { isMain, runScenarios } from './support/run-scenarios.js';
import { seedDistrict } from './support/seed-district.js';
import { MiB, round } from './support/statistics.js';
import { profileNotes } from './support/cpu-profile.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? sized(1_000_000, 20_000));
const PROFILE_ROWS = sized(100_000, 5_000);
const IMPORTER = path.resolve(import.meta.dirname, '..', 'scripts', 'import-enterprises.js');
const COUNTER = path.resolve(import.meta.dirname, 'support', 'count-statements.js');
/** Node's flags as `npm run registry:import` passes them (its heap limits), so the run measured is the one users get. */
const IMPORTER_FLAGS = await importerFlags();
const execFileAsync = promisify(execFile);

interface Measured {
  seconds: number;
  cpuSeconds: number;
  backendCpuSeconds: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  rowsInTable: number;
}

export async function bulkImport(): Promise<ScenarioResult> {
  const directory = await mkdtemp(path.join(tmpdir(), 'hub-bench-import-'));
  const database = await createBenchDatabase('hub_bench_bulk_import');
  try {
    await seedDistrict(database.orm.em.fork());
    const file = path.join(directory, 'registry.csv');
    const generated = { rows: ROWS, bytes: await writeRegistryCsv(file, ROWS) };

    // The hub's importer, as a process of its own, with statements counted at the driver.
    const countFile = path.join(directory, 'statements.json');
    const hub = await measureProcess(
      database.name,
      [...IMPORTER_FLAGS, `--import=${COUNTER}`, IMPORTER, file, '--department', 'SCJG', '--json'],
      { DATABASE_URL: database.url, STATEMENT_COUNT_FILE: countFile, LOG_LEVEL: 'warn' },
    );
    const report = JSON.parse(hub.stdout.trim().split('\n').at(-1)!) as {
      read: number;
      imported: number;
      rejected: number;
      committed: boolean;
      errors: unknown[];
    };
    const statements = JSON.parse(await readFile(countFile, 'utf8')) as { statements: number; recent: string[] };
    const hubRows = await count(
      database.url,
      'select count(*)::int as n from enterprise where registering_authority_id = (select id from department where code = $1)',
      ['SCJG'],
    );

    // The physical limit: psql's \copy of the same file into a plain table of the same columns.
    await query(
      database.url,
      `create table registry_copy (uscc varchar(18), name varchar(100), kind text, legal_representative varchar(50),
      registered_capital_wan_yuan numeric(20,6), address varchar(200), division_code varchar(6), industry_code varchar(5),
      business_scope text, established_on date, status text)`,
    );
    const copy = await measureProcess(database.name, [], {}, 'psql', [
      database.url,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy registry_copy from '${file}' with (format csv, header true)`,
    ]);
    const copyRows = await count(database.url, 'select count(*)::int as n from registry_copy');

    // The limit for the same table: \copy of the very rows the importer wrote (every column, search
    // grams included) into a copy of `enterprise` with all its indexes and constraints.
    const written = path.join(directory, 'enterprise-rows.csv');
    await psql(
      database.url,
      `\\copy (select * from enterprise where registering_authority_id = (select id from department where code = 'SCJG')) to '${written}' with (format csv)`,
    );
    await query(database.url, 'create table enterprise_copy (like enterprise including all)');
    const indexedCopy = await measureProcess(database.name, [], {}, 'psql', [
      database.url,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy enterprise_copy from '${written}' with (format csv)`,
    ]);
    const indexedCopyRows = await count(database.url, 'select count(*)::int as n from enterprise_copy');
    const indexes = await count(database.url, "select count(*)::int as n from pg_indexes where tablename = 'enterprise_copy'");

    // Where the importer's time goes: a CPU profile of a smaller import into a fresh database.
    const profile = await profileImporter(directory, PROFILE_ROWS);

    const hubMeasured: Measured = {
      backendCpuSeconds: hub.backendCpuSeconds,
      cpuSeconds: hub.cpuSeconds,
      seconds: hub.seconds,
      rowsPerSecond: hubRows / hub.seconds,
      peakRssMiB: hub.peakRssMiB,
      rowsInTable: hubRows,
    };
    const copyMeasured: Measured = {
      backendCpuSeconds: copy.backendCpuSeconds,
      cpuSeconds: copy.cpuSeconds,
      seconds: copy.seconds,
      rowsPerSecond: copyRows / copy.seconds,
      peakRssMiB: copy.peakRssMiB,
      rowsInTable: copyRows,
    };
    const indexedCopyMeasured: Measured = {
      backendCpuSeconds: indexedCopy.backendCpuSeconds,
      cpuSeconds: indexedCopy.cpuSeconds,
      seconds: indexedCopy.seconds,
      rowsPerSecond: indexedCopyRows / indexedCopy.seconds,
      peakRssMiB: indexedCopy.peakRssMiB,
      rowsInTable: indexedCopyRows,
    };
    const share = (peer: Measured) => `${round((hubMeasured.rowsPerSecond / peer.rowsPerSecond) * 100)}%`;
    const psqlVersion = (await execFileAsync('psql', ['--version'])).stdout.trim();
    return {
      name: `Bulk import: ${ROWS.toLocaleString('en')} registry rows from CSV vs COPY`,
      command: 'npm run bench:bulk-import',
      tables: [
        {
          title: `One file of ${ROWS.toLocaleString('en')} rows, ${round(generated.bytes / MiB)} MiB`,
          headers: [
            'loader',
            'rows',
            'seconds',
            'rows/s',
            'hub/loader',
            'peak RSS MiB',
            'loader CPU s',
            'PostgreSQL CPU s',
            'SQL statements',
          ],
          rows: [
            [
              'hub importer (npm run registry:import)',
              hubRows,
              round(hub.seconds),
              Math.round(hubMeasured.rowsPerSecond),
              '100%',
              round(hub.peakRssMiB),
              round(hub.cpuSeconds),
              round(hub.backendCpuSeconds),
              statements.statements,
            ],
            [
              `psql \\copy into a copy of enterprise (${indexes} indexes)`,
              indexedCopyRows,
              round(indexedCopy.seconds),
              Math.round(indexedCopyMeasured.rowsPerSecond),
              share(indexedCopyMeasured),
              round(indexedCopy.peakRssMiB),
              round(indexedCopy.cpuSeconds),
              round(indexedCopy.backendCpuSeconds),
              1,
            ],
            [
              'psql \\copy into a plain table',
              copyRows,
              round(copy.seconds),
              Math.round(copyMeasured.rowsPerSecond),
              share(copyMeasured),
              round(copy.peakRssMiB),
              round(copy.cpuSeconds),
              round(copy.backendCpuSeconds),
              1,
            ],
          ],
        },
      ],
      raw: {
        rows: ROWS,
        file: generated,
        hub: hubMeasured,
        importerReport: { ...report, errors: report.errors.slice(0, 5) },
        statements: { total: statements.statements, last: statements.recent.slice(-5).map((text) => text.slice(0, 120)) },
        copy: copyMeasured,
        indexedCopy: indexedCopyMeasured,
        psqlVersion,
        profile,
        quick: QUICK,
      },
      notes: [
        `The importer checked every row as a window registration is checked (USCC check characters, division, dates, name), wrote ${report.imported} of ${report.read} rows in one transaction (${report.rejected} rejected) and reached ${share(indexedCopyMeasured)} of COPY's rate into the same indexed table and ${share(copyMeasured)} of COPY's into a plain one.`,
        `The indexed peer copies the rows the importer wrote, every column as stored (ids, search grams), into \`create table … (like enterprise including all)\`: the primary key, the unique USCC, the partial unique active name per authority, the GIN index on the name's character pairs and the B-tree indexes. The plain peer copies the file's own columns into a table without indexes.`,
        `Of the importer's ${round(hub.seconds)} s, its own process was busy ${round(hub.cpuSeconds)} CPU s (start-up, CSV parsing, the window's checks, search grams, JSON batches) and the PostgreSQL backend ${round(hub.backendCpuSeconds)} CPU s (unique checks and the GIN index on the name's character pairs for every row); the rest is waiting, for each other or for a core on this 2-core machine. COPY's backend used ${round(copy.backendCpuSeconds)} CPU s.`,
        `Peak RSS and CPU time of the loader process from /usr/bin/time (VmHWM sampled every 100 ms where it is missing); the PostgreSQL backend's memory and CPU are not counted for either.`,
        ...profileNotes(`Importer CPU profile (${PROFILE_ROWS.toLocaleString('en')} rows)`, profile),
      ],
    };
  } finally {
    await database.drop();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Runs a process to its end under /usr/bin/time (peak RSS and CPU time from the kernel), sampling
 * VmHWM as well where /usr/bin/time is missing; fails if the process exits with an error.
 */
async function measureProcess(
  database: string,
  args: string[],
  env: Record<string, string>,
  command = process.execPath,
  commandArgs = args,
) {
  const timed = await exists(TIME);
  const backend = await sampleBackendCpu(ADMIN_URL, database);
  const started = performance.now();
  const child = spawn(timed ? TIME : command, timed ? ['-f', `${TIME_MARK} %M %U %S`, command, ...commandArgs] : commandArgs, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-10_000)));
  const sampler = sampleRss(child.pid!, 100, 'VmHWM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  const sampled = await sampler.stop();
  const backendCpuSeconds = await backend.stop();
  if (code !== 0)
    throw new Error(
      `${path.basename(command)} ${commandArgs.slice(0, 3).join(' ')} exited with ${code}:\n${stderr}\n${stdout.slice(-2000)}`,
    );
  const mark = new RegExp(`${TIME_MARK} (\\d+) ([\\d.]+) ([\\d.]+)`).exec(stderr);
  return {
    seconds,
    peakRssMiB: mark ? (Number(mark[1]) * 1024) / MiB : sampled / MiB,
    cpuSeconds: mark ? Number(mark[2]) + Number(mark[3]) : Number.NaN,
    backendCpuSeconds,
    stdout,
  };
}

const TIME = '/usr/bin/time';
const TIME_MARK = 'bench-time:';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function profileImporter(directory: string, rows: number) {
  const database = await createBenchDatabase('hub_bench_bulk_import_profile');
  try {
    await seedDistrict(database.orm.em.fork());
    const file = path.join(directory, 'profile.csv');
    await writeRegistryCsv(file, rows);
    const profiles = path.resolve('bench/profiles/bulk-import');
    await rm(profiles, { recursive: true, force: true });
    await measureProcess(
      database.name,
      [...IMPORTER_FLAGS, `--cpu-prof`, `--cpu-prof-dir=${profiles}`, IMPORTER, file, '--department', 'SCJG', '--json'],
      { DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    );
    return summariseProfile(profiles);
  } finally {
    await database.drop();
  }
}

async function importerFlags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = /\bnode ((?:--\S+ )*)dist\/scripts\/import-enterprises\.js/.exec(manifest.scripts['registry:import']);
  if (!command) throw new Error('package.json: registry:import no longer runs node … dist/scripts/import-enterprises.js');
  return command[1].trim().split(/\s+/).filter(Boolean);
}

async function psql(url: string, command: string): Promise<void> {
  await execFileAsync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', command]);
}

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

async function count(url: string, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await query(url, sql, params))[0]!.n);
}

if (isMain(import.meta.url)) await runScenarios([bulkImport], 'npm run bench:bulk-import');
