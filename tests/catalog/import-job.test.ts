import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS } from '../../domain/import-jobs/import-jobs.js';
import { ImportJob } from '../../entities/import-job.js';
import { ImportJobKind } from '../../entities/import-job-status.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { base64, catalogCsv, catalogRow } from './catalog-files.js';

const START = `mutation I($input: ImportMattersInput!) { importMatters(input: $input) { id kind status rowsRead } }`;
const JOB = `query J($id: ID!) { importJob(id: $id) {
  id kind status rowsRead rejected rowsPerSecond startedAt updatedAt finishedAt
  failure { code field message line } matterReport { rowsRead added rejected written errors { line column reason } } } }`;

/** As many rows as fit in a request (MAX_REQUEST_BYTES, 1 MB by default). */
const ROWS = 2000;

describe.each([
  ['the PostgreSQL server', {}],
  ['the embedded database (PGlite)', { database: { driver: 'pglite' as const, dataDir: 'memory://' } }],
])('a catalog import through the API runs as a polled job, on %s', (_database, overrides) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(overrides);
  }, 120_000);
  afterAll(() => hub?.stop());

  it('returns the job at once, then answers its progress and final report to the system that started it and to the administrator', async () => {
    const rows = Array.from({ length: ROWS }, (_, index) => catalogRow(`ZJJ-JOB-${String(index + 1).padStart(5, '0')}`, 'ZJJ'));
    const started = await graphql<{ importMatters: Record<string, any> }>(hub.url, START, {
      token: hub.tokens.system.ZJJ,
      variables: { input: { file: base64(catalogCsv(rows)), format: 'CSV', mode: 'ALL_OR_NOTHING' } },
    });
    expect(started.body.errors).toBeUndefined();
    // Answered before the rows were written: the request does not wait for the file.
    expect(started.body.data!.importMatters).toMatchObject({ kind: 'MATTER_CATALOG', status: 'RUNNING', rowsRead: 0 });
    const id = started.body.data!.importMatters.id as string;

    const poll = (token: string) => graphql<{ importJob: Record<string, any> }>(hub.url, JOB, { token, variables: { id } });
    const seen: Array<{ status: string; rowsRead: number }> = [];
    let job: Record<string, any>;
    for (;;) {
      const polled = await poll(hub.tokens.system.ZJJ);
      expect(polled.body.errors).toBeUndefined();
      job = polled.body.data!.importJob;
      seen.push({ status: job.status, rowsRead: job.rowsRead });
      if (job.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // On the embedded database a poll waits for the import's transaction (PGlite has one connection); on the server it does not.
    if (!('database' in overrides)) expect(seen.length).toBeGreaterThan(1);
    // The figures only grow while it runs.
    for (let index = 1; index < seen.length; index++) expect(seen[index].rowsRead).toBeGreaterThanOrEqual(seen[index - 1].rowsRead);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      rowsRead: ROWS,
      rejected: 0,
      failure: null,
      matterReport: { rowsRead: ROWS, added: ROWS, rejected: 0, written: true, errors: [] },
    });
    expect(job.rowsPerSecond).toBeGreaterThan(0);
    expect(new Date(job.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(job.startedAt).getTime());

    // The administrator sees it; another department's system is told there is no such job of its own.
    expect((await poll(hub.tokens.admin)).body.data!.importJob).toMatchObject({ id, status: 'SUCCEEDED' });
    const other = await poll(hub.tokens.system.SW);
    expect(other.body.data).toBeNull();
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  }, 120_000);

  it('reports bad rows found after the header in the job, and a file refused at its header as the request error', async () => {
    const bad = catalogCsv([catalogRow('ZJJ-JOB-BAD-1', 'ZJJ'), catalogRow('ZJJ-JOB-BAD-2', 'ZJJ', { promisedTimeLimitDays: 30 })]);
    const started = await graphql<{ importMatters: Record<string, any> }>(hub.url, START, {
      token: hub.tokens.system.ZJJ,
      variables: { input: { file: base64(bad), format: 'CSV' } },
    });
    const id = started.body.data!.importMatters.id;
    let job: Record<string, any>;
    do {
      job = (await graphql<{ importJob: Record<string, any> }>(hub.url, JOB, { token: hub.tokens.system.ZJJ, variables: { id } })).body
        .data!.importJob;
    } while (job.status === 'RUNNING');
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsRead: 2, rejected: 1, matterReport: { written: false, rejected: 1 } });
    expect(job.matterReport.errors).toEqual([{ line: 3, column: '承诺时限', reason: expect.any(String) }]);

    const noHeader = await graphql(hub.url, START, {
      token: hub.tokens.system.ZJJ,
      variables: { input: { file: base64('not,a,catalog\n1,2,3\n'), format: 'CSV' } },
    });
    expect(noHeader.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file' });
  });

  it('refuses an id that is not an import job id with BAD_USER_INPUT naming the field, and an unknown one with NOT_FOUND', async () => {
    const notAnId = await graphql(hub.url, JOB, { token: hub.tokens.admin, variables: { id: 'job-1' } });
    expect(notAnId.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const unknown = await graphql(hub.url, JOB, { token: hub.tokens.admin, variables: { id: '0193a0b0-0000-7000-8000-000000000000' } });
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const anonymous = await graphql(hub.url, JOB, { variables: { id: '0193a0b0-0000-7000-8000-000000000000' } });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports a job its hub left running (killed or restarted mid-import) as FAILED once it has had no heartbeat for a minute', async () => {
    const em = hub.orm.em.fork();
    const heardOf = (msAgo: number) => new Date(Date.now() - msAgo);
    const left = em.create(ImportJob, {
      kind: ImportJobKind.MATTER_CATALOG,
      startedByCredentialId: randomUUID(),
      startedBy: 'ZJJ/ZJJ test system',
      startedAt: heardOf(10 * 60_000),
      updatedAt: heardOf(ABANDONED_AFTER_MS + 5_000),
      rowsRead: 1200,
    });
    const alive = em.create(ImportJob, {
      kind: ImportJobKind.MATTER_CATALOG,
      startedByCredentialId: randomUUID(),
      startedBy: 'ZJJ/ZJJ test system',
      updatedAt: heardOf(ABANDONED_AFTER_MS - 20_000),
    });
    await em.flush();
    const poll = async (id: string) =>
      (await graphql<{ importJob: Record<string, any> }>(hub.url, JOB, { token: hub.tokens.admin, variables: { id } })).body.data!
        .importJob;

    const failed = await poll(left.id);
    expect(failed).toMatchObject({ status: 'FAILED', rowsRead: 1200, failure: { code: 'INTERNAL_SERVER_ERROR', field: null, line: null } });
    expect(failed.failure.message).toContain('stopped before it finished');
    expect(failed.finishedAt).not.toBeNull();
    expect(await poll(left.id)).toMatchObject({ status: 'FAILED', finishedAt: failed.finishedAt });
    expect(await poll(alive.id)).toMatchObject({ status: 'RUNNING', failure: null, finishedAt: null });
  });
});
