import { dashboardClient } from './dashboard-client.js';

/**
 * A load-generator process of the idle-subscriber measurement (bench/fan-out.ts): opens
 * IDLE_CLIENTS graphql-ws subscriptions to liveCounts on IDLE_URL, in batches, and holds them until
 * its stdin closes. A process may hold only as many sockets as its open-files limit allows, so the
 * runner starts several. Prints one JSON line per batch: `{ subscribed, failed, error? }` so far.
 */
const url = process.env.IDLE_URL!;
const token = process.env.IDLE_TOKEN!;
const clients = Number(process.env.IDLE_CLIENTS);
const BATCH = 250;
const FIRST_FIGURE_TIMEOUT_MS = 30_000;

let subscribed = 0;
let failed = 0;
let firstError: string | undefined;
const held: Array<{ dispose(): void }> = [];

function subscribe(): Promise<boolean> {
  return new Promise((resolve) => {
    const client = dashboardClient(url, token, { onNonLazyError: () => undefined });
    held.push(client);
    const timer = setTimeout(() => settle(false, 'no figure within 30 s'), FIRST_FIGURE_TIMEOUT_MS);
    let settled = false;
    function settle(ok: boolean, error?: string) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!ok) firstError ??= error;
      resolve(ok);
    }
    client.subscribe(
      { query: 'subscription { liveCounts { registrations } }' },
      {
        next: () => settle(true),
        error: (error) => settle(false, describe(error)),
        complete: () => settle(false, 'completed'),
      },
    );
  });
}

/** graphql-ws reports a refused or dropped socket as its CloseEvent or ErrorEvent, not as an Error. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const event = error as { code?: number; reason?: string; message?: string; error?: { code?: string; message?: string } };
  if (event.error) return event.error.code ?? event.error.message ?? 'socket error';
  if (event.code !== undefined) return `closed ${event.code}${event.reason ? ` ${event.reason}` : ''}`;
  return event.message ?? String(error);
}

for (let start = 0; start < clients; start += BATCH) {
  const results = await Promise.all(Array.from({ length: Math.min(BATCH, clients - start) }, subscribe));
  for (const ok of results)
    if (ok) subscribed++;
    else failed++;
  console.log(JSON.stringify({ subscribed, failed, error: firstError }));
  // A batch that failed whole means the hub takes no more: stop asking.
  if (results.every((ok) => !ok)) break;
}
console.log(JSON.stringify({ subscribed, failed, error: firstError, done: true }));
process.stdin.resume();
process.stdin.on('end', () => {
  for (const client of held) client.dispose();
  process.exit(0);
});
