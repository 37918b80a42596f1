import type { MikroORM } from '@mikro-orm/sql';
import type { Router } from 'express';
import express from 'express';
import { pingDatabase } from '../domain/sql-statements.js';
import { pendingMigrations } from './orm.js';

/** A load balancer's probe must get an answer even from a frozen database: within a second. */
export const READINESS_DEADLINE_MS = 900;

type Readiness = { ready: true } | { ready: false; status: string; pending?: string[] };

/**
 * `/healthz` answers while the process runs; `/readyz` only when the database answers and every
 * migration is applied, so a load balancer sends no traffic to a hub that cannot serve it. A check
 * still running when the deadline passes answers "not answering in time"; probes that arrive
 * meanwhile share that one check instead of piling queries onto a database in trouble.
 */
export function healthRoutes(orm: MikroORM, isShuttingDown: () => boolean): Router {
  const router = express.Router();
  let running: Promise<Readiness> | null = null;
  const check = () => {
    running ??= checkReadiness(orm).finally(() => {
      running = null;
    });
    return running;
  };
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isShuttingDown()) return void res.status(503).json({ status: 'shutting down' });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ ready: false, status: 'database not answering in time' }), READINESS_DEADLINE_MS);
    });
    const readiness = await Promise.race([check(), deadline]);
    clearTimeout(timer);
    if (readiness.ready) return void res.json({ status: 'ready', database: 'ok', migrations: 'applied' });
    const { ready: _ready, ...body } = readiness;
    res.status(503).json(body);
  });
  return router;
}

async function checkReadiness(orm: MikroORM): Promise<Readiness> {
  try {
    await pingDatabase(orm.em.fork());
    const pending = await pendingMigrations(orm);
    if (pending.length) return { ready: false, status: 'migrations pending', pending };
    return { ready: true };
  } catch {
    return { ready: false, status: 'database unreachable' };
  }
}
