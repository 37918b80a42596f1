import { Client } from 'pg';
import { cpuSeconds } from './process-cpu.js';

/**
 * CPU seconds the PostgreSQL backends serving `database` use while it runs, read from /proc (the
 * server runs on this machine): sampled every `intervalMs`, each backend's last reading less its
 * reading when the sampling started (backends that connect later count from zero). It splits a
 * loader's wall time into its own CPU, the database's CPU, and waiting; a pool's long-lived
 * backends count only what they did while sampled.
 */
export async function sampleBackendCpu(adminUrl: string, database: string, intervalMs = 250): Promise<{ stop(): Promise<number> }> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const readBackends = async (reading: Map<number, number>) => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    for (const { pid } of rows) {
      const seconds = await cpuSeconds(pid).catch(() => null);
      if (seconds !== null) reading.set(pid, seconds);
    }
  };
  const firstReading = new Map<number, number>();
  await readBackends(firstReading);
  const lastReading = new Map(firstReading);
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      await readBackends(lastReading);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await readBackends(lastReading);
      await client.end();
      let total = 0;
      for (const [pid, seconds] of lastReading) total += seconds - (firstReading.get(pid) ?? 0);
      return total;
    },
  };
}
