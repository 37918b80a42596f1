import type { MikroORM } from '@mikro-orm/sql';
import type { RequestHandler } from 'express';
import { authenticate } from '../domain/auth/authenticate.js';
import { readerOf } from '../domain/sharing/reader.js';
import { sendRequestError } from '../support/http-error.js';
import type { Metrics } from './metrics.js';

/**
 * `/metrics` for Prometheus, scraped with an ADMIN credential as its bearer token
 * (`authorization.credentials` in a scrape config). The figures name connectors, departments and
 * error codes of the hub's operation: administrators' business, not an anonymous caller's, who
 * reaches only verification, the JWKS and health.
 */
export function metricsRoute(orm: MikroORM, metrics: Metrics): RequestHandler {
  return async (req, res, next) => {
    try {
      const auth = await authenticate(() => orm.em.fork(), req.header('authorization'));
      if (auth.kind !== 'authenticated') {
        res.set('www-authenticate', 'Bearer');
        const reason = auth.kind === 'rejected' ? auth.reason : '/metrics needs an ADMIN credential: send "Authorization: Bearer <token>".';
        return sendRequestError(res, req.requestId, 401, 'UNAUTHENTICATED', reason);
      }
      if (readerOf(auth.principal).kind !== 'ADMIN')
        return sendRequestError(res, req.requestId, 403, 'FORBIDDEN', '/metrics is for ADMIN credentials.');
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}
