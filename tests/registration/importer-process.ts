import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RegistryImportReport } from '../../domain/registration/import/import-enterprises.js';

/** The built command that `npm run registry:import` runs. */
const IMPORTER = path.resolve('dist/scripts/import-enterprises.js');

/** The Node flags `npm run registry:import` gives the importer (its heap limits), read from package.json so the tests follow them. */
export const REGISTRY_IMPORT_NODE_FLAGS: string[] = (() => {
  const scripts = (JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const flags = /\bnode ((?:--\S+ )*)dist\/scripts\/import-enterprises\.js/.exec(scripts['registry:import']);
  if (!flags) throw new Error('package.json: registry:import no longer runs node … dist/scripts/import-enterprises.js');
  return flags[1].trim().split(' ').filter(Boolean);
})();

/** The heap limit among `flags`, in MiB. */
export function heapLimitMib(flags: readonly string[]): number {
  const limit = flags.map((flag) => /^--max-old-space-size=(\d+)$/.exec(flag)).find(Boolean);
  if (!limit) throw new Error(`no --max-old-space-size among ${flags.join(' ')}`);
  return Number(limit[1]);
}

export interface ImporterRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last 8 000 characters it wrote there. */
  stderr: string;
}

export interface ImporterOptions {
  /** Node's flags; those of `npm run registry:import` unless given. */
  nodeFlags?: readonly string[];
  /** Sees each progress line (`--progress`) by the rows it has read, and may kill the importer. */
  onProgress?: (rowsRead: number, kill: () => void) => void;
}

/** Runs the importer as a process of its own against `databaseUrl`; resolves with how it ended and what it printed. */
export function runImporter(databaseUrl: string, args: string[], options: ImporterOptions = {}): Promise<ImporterRun> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? REGISTRY_IMPORT_NODE_FLAGS), IMPORTER, ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8000);
    if (!options.onProgress) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const read = /^([\d,]+) rows · /.exec(line);
      if (read) options.onProgress(Number(read[1].replaceAll(',', '')), () => child.kill('SIGKILL'));
    }
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** The report an importer run with `--json` printed last. */
export const lastJsonReport = (run: ImporterRun) => JSON.parse(run.stdout.trim().split('\n').at(-1)!) as RegistryImportReport;
