import { describe, expect, it } from 'vitest';
import { demoDepartments } from '../../demo/departments.js';
import { createDepartment, issueCredential } from '../../domain/auth/manage-credentials.js';
import { Role } from '../../entities/role.js';
import { initOrm } from '../../server/orm.js';
import { graphql, takeResults, wsClient } from '../support/graphql-client.js';
import { startHubProcess } from '../support/hub-process.js';
import { createTestDatabase } from '../support/test-database.js';

/** The built hub as a process at its default log level: what an operator finds in its output. */
describe('the request log', () => {
  it('writes one line per request, HTTP or WebSocket operation, with its id, who, what, how long and how it ended, and a last line at shutdown', async () => {
    const database = await createTestDatabase();
    if (!database.url) return; // the process needs the PostgreSQL server
    try {
      const orm = await initOrm(database.config);
      const em = orm.em.fork();
      await createDepartment(
        em,
        demoDepartments.find((department) => department.code === 'SCJG')!,
      );
      const { token } = await issueCredential(em, { departmentCode: 'SCJG', roles: [Role.SYSTEM], label: 'log test system' });
      await orm.close();

      const hub = startHubProcess({ DATABASE_URL: database.url, DEMO_DATA: 'false', LOG_LEVEL: 'info', DELIVERY_WORKERS: '0' });
      const url = await hub.url;
      const ok = await graphql(url, 'query WhoAmI { me { department { code } } }', { token });
      const refused = await graphql(url, '{ me { roles } }', { token: 'hub_0000000000000000_not-a-real-token' });
      const bad = await graphql(url, 'query Lookup { enterprise(uscc: "123") { name } }', { token });
      const change = await graphql(
        url,
        'mutation Nothing { changeEnterprise(uscc: "91350100M000100Y43", expectedVersion: 1, changes: {}, document: "x") { enterprise { uscc } } }',
        { token },
      );
      expect(ok.status).toBe(200);
      expect(refused.status).toBe(401);
      // Over the WebSocket: a query, a subscription the client ends after one result, a refused document.
      const socket = wsClient(url, token);
      await takeResults(socket, 'query SocketWho { me { department { code } } }', 1);
      await takeResults(socket, 'subscription Figures { liveCounts(scope: { departmentCode: "SCJG" }) { casesAccepted } }', 1);
      const invalid = await takeResults(socket, 'query Broken { noSuchField }', 1).catch((errors: unknown) => errors);
      expect(invalid).toEqual([
        expect.objectContaining({ message: expect.stringContaining('noSuchField'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
      await socket.dispose();
      hub.child.kill('SIGTERM');
      expect((await hub.exited).code).toBe(0);

      const lines = hub
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const lineOf = (response: { headers: Headers }) => {
        const found = lines.filter((line) => line.msg === 'graphql request' && line.requestId === response.headers.get('x-request-id'));
        expect(found).toHaveLength(1);
        return found[0];
      };
      expect(lineOf(ok)).toMatchObject({
        level: 30,
        department: 'SCJG',
        credentialId: expect.any(String),
        operationName: 'WhoAmI',
        operationType: 'query',
        status: 200,
        outcome: 'OK',
        durationMs: expect.any(Number),
      });
      expect(lineOf(refused)).toMatchObject({ credentialId: null, department: null, status: 401, outcome: 'UNAUTHENTICATED' });
      expect(lineOf(bad)).toMatchObject({ operationName: 'Lookup', operationType: 'query', outcome: 'BAD_USER_INPUT' });
      expect(lineOf(change)).toMatchObject({
        operationName: 'Nothing',
        operationType: 'mutation',
        outcome: expect.stringMatching(/^[A-Z_]+$/),
      });
      const socketLines = lines.filter((line) => line.msg === 'graphql request' && line.transport === 'websocket');
      const socketLine = (operationName: string) => socketLines.find((line) => line.operationName === operationName);
      expect(socketLine('SocketWho')).toMatchObject({
        requestId: expect.any(String),
        department: 'SCJG',
        credentialId: expect.any(String),
        operationType: 'query',
        results: 1,
        outcome: 'OK',
        durationMs: expect.any(Number),
      });
      expect(socketLine('Figures')).toMatchObject({
        requestId: expect.any(String),
        operationType: 'subscription',
        results: 1,
        outcome: 'OK',
      });
      expect(socketLine('Broken')).toMatchObject({ operationType: 'query', results: 0, outcome: 'GRAPHQL_VALIDATION_FAILED' });
      expect(lines.at(-1)).toMatchObject({ msg: 'hub stopped', signal: 'SIGTERM', shutdownMs: expect.any(Number) });
    } finally {
      await database.drop();
    }
  }, 90_000);
});
