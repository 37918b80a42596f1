import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';

export interface Table {
  title: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

/** What one scenario hands to the report: its tables, its raw figures, and what they mean. */
export interface ScenarioResult {
  name: string;
  /** The command that runs the scenario alone. */
  command: string;
  tables: Table[];
  /** Every figure measured, as measured (JSON in the report). */
  raw: unknown;
  /** Findings: where the hub is behind, by how much and why. */
  notes: string[];
}

export interface Machine {
  cpus: string;
  memory: string;
  node: string;
  postgres: string;
  os: string;
  /** 1-minute load average when the run started: a busy machine makes every figure noisy. */
  loadAtStart: number;
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/** A Markdown table, columns padded so it also reads well in a terminal. */
export function formatTable(table: Table): string {
  const cells = [table.headers, ...table.rows.map((row) => row.map(formatCell))];
  const widths = table.headers.map((_, column) => Math.max(3, ...cells.map((row) => displayWidth(row[column] ?? ''))));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell + ' '.repeat(widths[column]! - displayWidth(cell))).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

/** Columns a terminal gives the text: two for each CJK (wide) character. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function formatCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '–';
  return value;
}

export interface Run {
  date: Date;
  machine: Machine;
  quick: boolean;
  command: string;
  results: ScenarioResult[];
}

/** The run as a section of BENCHMARKS.md: date, machine, commands, tables, findings, raw figures. */
export function formatRun(run: Run): string {
  const { machine } = run;
  const parts = [
    `## Run of ${run.date.toISOString().replace(/\.\d+Z$/, 'Z')}${run.quick ? ' (BENCH_QUICK=1: smoke run, not authoritative)' : ''}`,
    '',
    `- Machine: ${machine.cpus}, ${machine.memory}, ${machine.os}; load average at start ${machine.loadAtStart}`,
    `- Node ${machine.node}, PostgreSQL ${machine.postgres} (127.0.0.1:5432, shared by hub, peers and load generator)`,
    `- Command: \`${run.command}\``,
    '',
  ];
  for (const result of run.results) {
    parts.push(`### ${result.name}`, '', `Command: \`${result.command}\``, '');
    for (const table of result.tables) parts.push(`${table.title}`, '', formatTable(table), '');
    if (result.notes.length) parts.push(...result.notes.map((note) => `- ${note}`), '');
    parts.push('<details><summary>Raw figures</summary>', '', '```json', JSON.stringify(result.raw, null, 2), '```', '', '</details>', '');
  }
  return parts.join('\n');
}

/** Prints the tables and appends the run to BENCHMARKS.md (created with its heading if missing). */
export async function report(run: Run, file = 'BENCHMARKS.md'): Promise<void> {
  for (const result of run.results) {
    console.log(`\n${result.name}`);
    for (const table of result.tables) console.log(`\n${table.title}\n${formatTable(table)}`);
    for (const note of result.notes) console.log(`- ${note}`);
  }
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing === null) await writeFile(file, '# Benchmarks\n\n');
  await appendFile(file, `\n${formatRun(run)}`);
  console.log(`\nAppended to ${file}.`);
}
