import type { MikroORM } from '@mikro-orm/sql';
import type { Router } from 'express';
import express from 'express';
import { pendingMigrations } from './orm.js';

/**
 * `/healthz` answers while the process runs; `/readyz` only when the database answers and every
 * migration is applied, so a load balancer sends no traffic to a hub that cannot serve it.
 */
export function healthRoutes(orm: MikroORM, isShuttingDown: () => boolean): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isShuttingDown()) return void res.status(503).json({ status: 'shutting down' });
    try {
      await orm.em.fork().getConnection().execute('select 1');
      const pending = await pendingMigrations(orm);
      if (pending.length) return void res.status(503).json({ status: 'migrations pending', pending });
      res.json({ status: 'ready', database: 'ok', migrations: 'applied' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  return router;
}
