import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from 'pino';
import { AccessLogWriter } from './access-log-writer.js';
import { loadAccessLogKey, type AccessLogKey, type AccessLogKeySource } from './access-log-key.js';
import { CheckpointPublisher } from './checkpoint-publisher.js';
import { verifyAccessLog, type AccessLogVerification } from './verify-access-log.js';

export interface AccessLogSettings {
  key: AccessLogKeySource;
  checkpointFile: string;
  checkpointEvery: number;
  checkpointSeconds: number;
  /** The log's name in its checkpoints: which database it lives in. */
  name: string;
}

/** The access log of one database: its key, its writer (group commit) and its checkpoints. */
export class AccessLog {
  readonly writer: AccessLogWriter;

  private constructor(
    em: EntityManager,
    readonly key: AccessLogKey,
    readonly name: string,
    readonly checkpointFile: string,
    readonly checkpoints: CheckpointPublisher,
    logger: Logger,
  ) {
    let reported: string | null = null;
    this.writer = new AccessLogWriter(em, key, ({ seq, hash, badTail }) => {
      if (badTail !== null && badTail !== reported) {
        reported = badTail;
        logger.error(
          { accessLogSeq: badTail },
          `access log entry ${badTail}, the last before this hub's append, does not carry the key's hash: it was changed or appended without the key; run verifyAccessLog`,
        );
      }
      checkpoints.committed(seq, hash);
    });
  }

  static async start(em: EntityManager, settings: AccessLogSettings, logger: Logger): Promise<AccessLog> {
    const key = await loadAccessLogKey(settings.key);
    const checkpoints = new CheckpointPublisher(
      key,
      { file: settings.checkpointFile, every: settings.checkpointEvery, seconds: settings.checkpointSeconds, log: settings.name },
      logger,
    );
    logger.info(
      {
        keyId: key.id,
        keySource: settings.key.source === 'file' ? settings.key.path : 'ACCESS_LOG_KEY',
        checkpointFile: settings.checkpointFile,
      },
      'access log keyed',
    );
    return new AccessLog(em.fork(), key, settings.name, settings.checkpointFile, checkpoints, logger);
  }

  verify(em: EntityManager, range: Parameters<typeof verifyAccessLog>[2] = {}): Promise<AccessLogVerification> {
    return verifyAccessLog(em, { key: this.key, log: this.name, checkpointFile: this.checkpointFile }, range);
  }

  /** Publishes a last checkpoint of what this hub appended. */
  close(): Promise<void> {
    return this.checkpoints.close();
  }
}

const logs = new WeakMap<object, AccessLog>();

/**
 * Starts the access log of the database `em` belongs to (one per ORM, i.e. per driver, shared by
 * every request's fork); the hub does this at start, before it serves a request.
 */
export async function startAccessLog(em: EntityManager, settings: AccessLogSettings, logger: Logger): Promise<AccessLog> {
  const log = await AccessLog.start(em, settings, logger);
  logs.set(em.getDriver(), log);
  return log;
}

/** The access log of the database `em` belongs to. */
export function accessLogFor(em: EntityManager): AccessLog {
  const log = logs.get(em.getDriver());
  if (!log) throw new Error('The access log of this database is not started (startAccessLog): nothing may be read or written unlogged.');
  return log;
}

/** The name checkpoints give a database: where it is, without credentials. */
export function accessLogName(database: { driver: 'postgresql'; url: string } | { driver: 'pglite'; dataDir: string }): string {
  if (database.driver === 'pglite') return `pglite:${database.dataDir}`;
  const url = new URL(database.url);
  return `postgresql://${url.hostname}:${url.port || '5432'}${url.pathname}`;
}
