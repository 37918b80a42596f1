import { Client } from 'pg';
import { cpuSeconds } from './process-cpu.js';

/**
 * CPU seconds the PostgreSQL backends serving `database` use while it runs, read from /proc (the
 * server runs on this machine): sampled every `intervalMs`, each backend's last reading summed. It
 * splits a loader's wall time into its own CPU, the database's CPU, and waiting.
 */
export async function sampleBackendCpu(adminUrl: string, database: string, intervalMs = 250): Promise<{ stop(): Promise<number> }> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const lastReading = new Map<number, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      for (const { pid } of rows) {
        const seconds = await cpuSeconds(pid).catch(() => null);
        if (seconds !== null) lastReading.set(pid, seconds);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return [...lastReading.values()].reduce((sum, seconds) => sum + seconds, 0);
    },
  };
}
