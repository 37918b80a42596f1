import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphql } from '../support/graphql-client.js';
import { startHubProcess } from '../support/hub-process.js';
import { createTestDatabase } from '../support/test-database.js';

/**
 * The built hub (`dist/server/main.js`, as `npm start` runs it) started as a real process with
 * nothing but environment variables, then stopped with SIGTERM.
 */
function startProcess(env: Record<string, string>) {
  const hub = startHubProcess(env);
  return { ...hub, exited: hub.exited.then(({ code }) => code) };
}

describe('the hub as a process', () => {
  it('starts on embedded PGlite with no configuration, loads the demo district, and prints its credentials', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-pglite-'));
    try {
      const env = { PGLITE_DATA_DIR: path.join(dir, 'nested', 'pglite'), DEMO_CREDENTIALS_FILE: path.join(dir, 'demo.json') };
      const hub = startProcess(env);
      const url = await hub.url;
      const credentials = JSON.parse(await readFile(env.DEMO_CREDENTIALS_FILE, 'utf8')) as Array<{ department: string; token: string }>;
      const admin = credentials.find((credential) => credential.department === 'ZWFW')!;
      expect(hub.output()).toContain(admin.token);
      const departments = await graphql<{ departments: Array<{ code: string }> }>(url, '{ departments { code name } }', {
        token: admin.token,
      });
      expect(departments.body.data!.departments.map((department) => department.code)).toEqual(
        expect.arrayContaining(['SCJG', 'ZJ', 'SW', 'RS', 'TJ', 'ZJJ', 'MZ', 'GGZY']),
      );
      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(0);

      // A second start reuses the data directory: same departments, same credentials still valid.
      const again = startProcess(env);
      const againUrl = await again.url;
      const me = await graphql(againUrl, '{ me { department { code } } }', { token: admin.token });
      expect(me.body.data).toEqual({ me: { department: { code: 'ZWFW' } } });
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start on bad configuration, naming the variable', async () => {
    const hub = startProcess({ PORT: 'abc', DATABASE_URL: 'mysql://nope' });
    await expect(hub.url).rejects.toThrow(/PORT="abc": must be a port number[\s\S]*DATABASE_URL="mysql:\/\/nope"/);
    expect(await hub.exited).toBe(1);
  });

  it('shuts down on SIGTERM: closes WebSockets as going away, then exits 0', async () => {
    const database = await createTestDatabase();
    if (!database.url) return; // needs the PostgreSQL server
    try {
      const dir = await mkdtemp(path.join(tmpdir(), 'hub-pg-'));
      const hub = startProcess({ DATABASE_URL: database.url, DEMO_CREDENTIALS_FILE: path.join(dir, 'demo.json') });
      const url = await hub.url;
      const credentials = JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')) as Array<{ token: string }>;
      const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      const acknowledged = new Promise<void>((resolve) =>
        socket.on('message', (data) => String(data).includes('connection_ack') && resolve()),
      );
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${credentials[0].token}` } })),
      );
      await acknowledged;
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { serverClock { at } }' } }));

      const started = Date.now();
      hub.child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(await hub.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      await rm(dir, { recursive: true, force: true });
    } finally {
      await database.drop();
    }
  }, 60_000);
});
