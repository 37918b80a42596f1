import { pathToFileURL } from 'node:url';
import { describeMachine, report, type ScenarioResult } from '../report.js';
import { postgresVersion } from './bench-database.js';
import { QUICK } from './options.js';

export type Scenario = () => Promise<ScenarioResult>;

/** Runs the scenarios one after the other, prints their tables and appends the run to BENCHMARKS.md. */
export async function runScenarios(scenarios: Scenario[], command: string): Promise<void> {
  const date = new Date();
  const machine = describeMachine(await postgresVersion());
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const started = Date.now();
    console.log(`\n▶ ${scenario.name} …`);
    results.push(await scenario());
    console.log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  await report({ date, machine, quick: QUICK, command: QUICK ? `BENCH_QUICK=1 ${command}` : command, results });
}

/** True when `moduleUrl` is the script node was started with (not imported by run-all). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Ports of the processes a scenario starts; BENCH_PORT_BASE moves them all. */
export const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4710);
