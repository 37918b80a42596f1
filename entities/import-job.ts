import { OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../support/uuid-v7.js';
import { ImportJobKind, ImportJobStatus, type ImportJobFailure } from './import-job-status.js';

/**
 * A spreadsheet import started through the API and run by the hub in the background: its request
 * returns the job at once, and the job is polled (`importJob`) for its progress and final report.
 * It lives in the database so that any hub instance can answer for it.
 */
@Entity({ tableName: 'import_job' })
export class ImportJob {
  [OptionalProps]?: 'id' | 'status' | 'rowsRead' | 'rejected' | 'startedAt' | 'updatedAt' | 'finishedAt' | 'report' | 'failure';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Enum({ items: () => ImportJobKind })
  kind!: ImportJobKind;

  @Enum({ items: () => ImportJobStatus })
  status: ImportJobStatus = ImportJobStatus.RUNNING;

  /** The credential that started the job: with the administrator, the only one that may see it. */
  @Property({ type: 'uuid' })
  @Index()
  startedByCredentialId!: string;

  /** How the job's records name who started it (department and clerk or system). */
  @Property({ length: 100 })
  startedBy!: string;

  @Property({ type: 'int' })
  rowsRead: number = 0;

  /** Bad rows found so far. */
  @Property({ type: 'int' })
  rejected: number = 0;

  @Property({ type: 'timestamptz' })
  startedAt: Date = new Date();

  /** When the figures were last written: rows per second are rowsRead over updatedAt − startedAt. */
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  /** The import's report once SUCCEEDED, as the kind's import returns it. */
  @Property({ type: 'json', nullable: true })
  report: Record<string, unknown> | null = null;

  @Property({ type: 'json', nullable: true })
  failure: ImportJobFailure | null = null;
}
