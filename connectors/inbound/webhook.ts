import { isUtf8 } from 'node:buffer';
import type { MikroORM } from '@mikro-orm/sql';
import express, { type Router } from 'express';
import { ConnectorKind } from '../../entities/connector-kind.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../domain/connectors/signature.js';
import { isUuid } from '../../domain/connectors/uuid.js';
import { Connector } from '../../entities/connector.js';
import { sendRequestError } from '../../support/http-error.js';
import { recordInboundSuccess } from './inbound-connector-store.js';
import { receiveRecord, type InboundContext, type InboundOutcome } from './receive-record.js';

const DEFAULT_TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 5_000_000;
const MAX_RECORDS = 1_000;

/**
 * `POST /connectors/<connector id>/records`: a department system pushes one record, or
 * `{ "records": [...] }`, signed like the hub's own webhooks (HMAC-SHA256 over
 * `<X-Hub-Timestamp>.<body>` in `X-Hub-Signature`). A bad signature is refused with 401 and
 * nothing is kept; each record is then applied, recognised as a duplicate, or refused with its
 * reason (422 when any was refused).
 */
export function inboundWebhookRoutes(orm: MikroORM, context: InboundContext): Router {
  const router = express.Router();
  router.post('/:connectorId/records', express.raw({ type: () => true, limit: MAX_BODY_BYTES }), async (req, res, next) => {
    try {
      const connectorId = String(req.params.connectorId);
      const em = orm.em.fork();
      const connector = isUuid(connectorId) ? await em.findOne(Connector, { id: connectorId }, { populate: ['department'] }) : null;
      if (!connector || connector.kind !== ConnectorKind.INBOUND_WEBHOOK) {
        sendRequestError(res, req.requestId, 404, 'NOT_FOUND', 'no inbound webhook connector with this id');
        return;
      }
      if (!connector.enabled) {
        sendRequestError(res, req.requestId, 503, 'SERVICE_UNAVAILABLE', 'this connector is disabled; send again later');
        return;
      }
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      // Bytes that are not UTF-8 would be replaced silently by U+FFFD; refuse them instead.
      if (!isUtf8(bytes)) {
        sendRequestError(res, req.requestId, 400, 'BAD_REQUEST', 'the body is not valid UTF-8');
        return;
      }
      const body = bytes.toString('utf8');
      const tolerance = (connector.config.toleranceSeconds as number | undefined) ?? DEFAULT_TOLERANCE_SECONDS;
      const signature = verifySignature(
        connector.secrets.hmacSecret,
        { timestamp: req.header(TIMESTAMP_HEADER), signature: req.header(SIGNATURE_HEADER), body },
        tolerance,
      );
      if (!signature.ok) {
        context.logger?.warn({ connector: connector.name, reason: signature.reason }, 'inbound webhook signature refused');
        sendRequestError(res, req.requestId, 401, 'UNAUTHENTICATED', `signature refused: ${signature.reason}`);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        sendRequestError(res, req.requestId, 400, 'BAD_REQUEST', 'the body is not JSON');
        return;
      }
      const records =
        parsed && typeof parsed === 'object' && Array.isArray((parsed as { records?: unknown }).records)
          ? (parsed as { records: unknown[] }).records
          : [parsed];
      if (records.length > MAX_RECORDS) {
        sendRequestError(res, req.requestId, 413, 'REQUEST_TOO_LARGE', `at most ${MAX_RECORDS} records per request`);
        return;
      }
      const results: InboundOutcome[] = [];
      // In order: a department's later change to a record must land after its earlier one.
      for (const record of records) results.push(await receiveRecord(em, connector, record, context));
      await recordInboundSuccess(em, connector.id);
      res.status(results.some((result) => result.status === 'REJECTED') ? 422 : 200).json({ results });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
