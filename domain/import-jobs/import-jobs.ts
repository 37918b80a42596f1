import type { EntityManager } from '@mikro-orm/sql';
import { ImportJob } from '../../entities/import-job.js';
import { ImportJobStatus, type ImportJobFailure, type ImportJobKind } from '../../entities/import-job-status.js';
import { Role } from '../../entities/role.js';
import { actorName, type Principal } from '../auth/principal.js';
import { badUserInput, DomainError, ErrorCode, notFound } from '../errors.js';

/** How far a running import is. */
export interface ImportFigures {
  rowsRead: number;
  rejected: number;
}

/** An import as a job runs it: told of its progress (the first call once the file's header is accepted), resolving with its report. */
export type ImportRun<Report> = (progress: (figures: ImportFigures) => void) => Promise<Report>;

/** Progress is written at most this often: a job's row is read by pollers, not a log of every batch. */
const PROGRESS_WRITE_MS = 1000;

/** A running job's row is touched this often, progress or not, so that its hub is known to be alive. */
const HEARTBEAT_MS = 5000;

/** A RUNNING job untouched this long was left by a hub that stopped (killed, crashed, restarted) while it ran. */
export const ABANDONED_AFTER_MS = 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts an import as a job run by this hub in the background, and returns the job once the import
 * has accepted the file's header (or ended), so that a request never waits for a file's rows. A
 * file refused before its first row (not a spreadsheet, a wrong header, an encoding) is the
 * request's error, as it was when imports answered in the request; a problem found later fails the
 * job, with the same code, field and reason. The job's figures are written to its row about once a
 * second, by statements of their own outside the import's transaction, so any hub instance answers
 * `importJob` while the import runs.
 */
export async function startImportJob<Report extends ImportFigures>(
  em: EntityManager,
  principal: Principal,
  kind: ImportJobKind,
  run: ImportRun<Report>,
  options: { field?: (error: DomainError) => DomainError } = {},
): Promise<ImportJob> {
  const jobs = em.fork();
  const job = jobs.create(ImportJob, {
    kind,
    startedByCredentialId: principal.credentialId,
    startedBy: actorName(principal).slice(0, 100),
  });
  await jobs.persist(job).flush();

  let writing: Promise<unknown> = Promise.resolve();
  let lastWrite = 0;
  let accepted: () => void = () => undefined;
  const headerAccepted = new Promise<void>((resolve) => (accepted = resolve));
  const progress = (figures: ImportFigures) => {
    accepted();
    const now = Date.now();
    if (now - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = now;
    // Never awaited by the import: on the embedded database it may wait for the import's transaction.
    writing = writing.then(() =>
      em
        .fork()
        .nativeUpdate(
          ImportJob,
          { id: job.id, status: ImportJobStatus.RUNNING },
          { rowsRead: figures.rowsRead, rejected: figures.rejected, updatedAt: new Date() },
        )
        .catch(() => undefined),
    );
  };

  const heartbeat = setInterval(() => {
    writing = writing.then(() =>
      em
        .fork()
        .nativeUpdate(ImportJob, { id: job.id, status: ImportJobStatus.RUNNING }, { updatedAt: new Date() })
        .catch(() => undefined),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const finished = (async (): Promise<DomainError | null> => {
    let outcome: Partial<ImportJob>;
    let refusal: DomainError | null = null;
    try {
      const report = await run(progress);
      outcome = {
        status: ImportJobStatus.SUCCEEDED,
        rowsRead: report.rowsRead,
        rejected: report.rejected,
        report: { ...report } as Record<string, unknown>,
      };
    } catch (error) {
      refusal = error instanceof DomainError ? (options.field?.(error) ?? error) : null;
      const failure: ImportJobFailure = refusal
        ? { code: refusal.code, field: refusal.field ?? null, message: refusal.message, line: lineOf(refusal) }
        : {
            code: ErrorCode.INTERNAL_SERVER_ERROR,
            field: null,
            message: 'the import failed inside the hub; nothing was written',
            line: null,
          };
      outcome = { status: ImportJobStatus.FAILED, failure };
    }
    clearInterval(heartbeat);
    await writing;
    const now = new Date();
    await em
      .fork()
      .nativeUpdate(ImportJob, { id: job.id }, { ...outcome, updatedAt: now, finishedAt: now })
      .catch(() => undefined);
    return refusal;
  })();

  const refusedAtOnce = await Promise.race([headerAccepted.then(() => null), finished]);
  if (refusedAtOnce) throw refusedAtOnce;
  return (await em.fork().findOne(ImportJob, { id: job.id })) ?? job;
}

/**
 * The job `id`, for the principal who started it or the administrator; to anyone else it does not
 * exist (a job's report names rows of another department's file).
 */
export async function findImportJob(em: EntityManager, principal: Principal, id: string, field = 'id'): Promise<ImportJob> {
  if (!UUID.test(id)) throw badUserInput(field, 'is not an import job id');
  const job = await em.fork().findOne(ImportJob, { id });
  if (!job || !(principal.roles.includes(Role.ADMIN) || job.startedByCredentialId === principal.credentialId))
    throw notFound(field, `no import job ${id} of yours`);
  return job.status === ImportJobStatus.RUNNING && Date.now() - job.updatedAt.getTime() > ABANDONED_AFTER_MS ? failAbandoned(em, job) : job;
}

/**
 * Fails a job whose hub stopped while it ran: its import's transaction died with the hub, so
 * nothing was written. Guarded by the heartbeat it was seen with, so a job that is alive after all
 * (its heartbeat just written) is left running.
 */
async function failAbandoned(em: EntityManager, job: ImportJob): Promise<ImportJob> {
  const now = new Date();
  const failure: ImportJobFailure = {
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    field: null,
    message: `the hub running this import stopped before it finished (last heard of at ${job.updatedAt.toISOString()}); nothing was written: start the import again`,
    line: null,
  };
  await em
    .fork()
    .nativeUpdate(
      ImportJob,
      { id: job.id, status: ImportJobStatus.RUNNING, updatedAt: job.updatedAt },
      { status: ImportJobStatus.FAILED, failure, finishedAt: now, updatedAt: now },
    );
  return (await em.fork().findOne(ImportJob, { id: job.id })) ?? job;
}

/** Rows read per second over the job's run so far (or its whole run once it ended). */
export function rowsPerSecond(job: ImportJob): number {
  const seconds = ((job.finishedAt ?? job.updatedAt).getTime() - job.startedAt.getTime()) / 1000;
  return seconds > 0 ? Math.round(job.rowsRead / seconds) : 0;
}

function lineOf(error: DomainError): number | null {
  return typeof error.details.line === 'number' ? error.details.line : null;
}
