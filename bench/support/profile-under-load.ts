import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { summariseProfile } from './cpu-profile.js';
import type { ServerProcess } from './processes.js';

/**
 * A CPU profile (`--cpu-prof`) of a server under `load`, in a separate untimed run, summarised
 * over the load window only (start-up excluded). The profile stays in bench/profiles/<name>/ for
 * Chrome DevTools or speedscope.
 */
export async function profileUnderLoad(
  name: string,
  start: (options: { nodeArgs: string[] }) => Promise<ServerProcess>,
  load: (url: string) => Promise<unknown>,
) {
  const directory = path.resolve('bench/profiles', name);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const server = await start({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${directory}`] });
  const began = performance.now();
  try {
    await load(server.url);
  } finally {
    await server.stop();
  }
  const loadSeconds = (performance.now() - began) / 1000;
  return summariseProfile(directory, { lastSeconds: Math.max(1, loadSeconds - 1) });
}
