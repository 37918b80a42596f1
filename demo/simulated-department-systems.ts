import { randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/sql';
import express, { Router } from 'express';
import { ConnectorKind } from '../entities/connector-kind.js';
import { createConnector, updateConnector } from '../domain/connectors/manage-connectors.js';
import type { OutboundMessage } from '../domain/connectors/outbound-payload.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../domain/connectors/signature.js';
import { Connector } from '../entities/connector.js';
import type { Logger } from '../support/logger.js';

/**
 * The demo district's department systems, simulated inside the hub so that a first `npm start`
 * shows the whole round trip through real connectors: each receiving department (质监 ZJ, 税务 SW,
 * 人社 RS, 统计 TJ) has an outbound WEBHOOK connector to its simulated system, which takes each
 * registration in and answers through the department's INBOUND_WEBHOOK connector, as a real system
 * would: an acknowledgement (the receipt becomes ACKNOWLEDGED) and, for a new enterprise, what the
 * department now knows of it (SW: taxpayer type and tax office; RS: social-insurance account; TJ:
 * statistics unit code). Both directions are signed with the connectors' own secrets.
 */
export const SIMULATED_DEPARTMENTS = ['ZJ', 'SW', 'RS', 'TJ'] as const;
const outboundName = (code: string) => `demo-${code.toLowerCase()}-system`;
const inboundName = (code: string) => `demo-${code.toLowerCase()}-inbound`;
const eventsPath = (code: string) => `/demo/systems/${code}/events`;
const ANSWER_TOLERANCE_SECONDS = 300;

/**
 * Creates the simulated systems' connectors, or points them at `hubUrl` again when the hub now
 * listens elsewhere (another port). Returns how many connectors were created.
 */
export async function connectSimulatedSystems(em: EntityManager, hubUrl: string): Promise<number> {
  let created = 0;
  for (const code of SIMULATED_DEPARTMENTS) {
    const url = `${hubUrl}${eventsPath(code)}`;
    const outbound = await em.findOne(Connector, { name: outboundName(code) });
    if (!outbound) {
      await createConnector(em, {
        name: outboundName(code),
        kind: ConnectorKind.WEBHOOK,
        departmentCode: code,
        eventTypes: ['enterprise.*', 'licence.*'],
        // The simulated systems answer as many old systems do: 200 with { "code": 0 } when taken in.
        config: { url, timeoutMs: 5000, successField: 'code', successValue: 0 },
        secrets: { hmacSecret: randomBytes(24).toString('base64url') },
      });
      created += 1;
    } else if (outbound.config.url !== url) {
      await updateConnector(em, outbound.id, { config: { ...outbound.config, url } });
    }
    if (!(await em.count(Connector, { name: inboundName(code) }))) {
      await createConnector(em, {
        name: inboundName(code),
        kind: ConnectorKind.INBOUND_WEBHOOK,
        departmentCode: code,
        eventTypes: ['registration.acknowledgement', 'enterprise'],
        config: {},
        secrets: { hmacSecret: randomBytes(24).toString('base64url') },
      });
      created += 1;
    }
  }
  return created;
}

/**
 * `POST /demo/systems/<code>/events`: the simulated system of a department. It accepts only what
 * the hub signed with that department's outbound connector secret (so nobody else can make it
 * acknowledge anything), answers at once, and sends its own records back a moment later.
 */
export function simulatedSystemRoutes(orm: MikroORM, logger?: Logger): Router {
  const router = Router();
  router.post('/demo/systems/:code/events', express.raw({ type: () => true, limit: 1_000_000 }), async (req, res, next) => {
    try {
      const code = String(req.params.code);
      if (!(SIMULATED_DEPARTMENTS as readonly string[]).includes(code)) return next();
      const em = orm.em.fork();
      const outbound = await em.findOne(Connector, { name: outboundName(code), kind: ConnectorKind.WEBHOOK });
      const inbound = await em.findOne(Connector, { name: inboundName(code), kind: ConnectorKind.INBOUND_WEBHOOK });
      if (!outbound || !inbound) return next();
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const check = verifySignature(
        outbound.secrets.hmacSecret!,
        { timestamp: req.header(TIMESTAMP_HEADER), signature: req.header(SIGNATURE_HEADER), body },
        ANSWER_TOLERANCE_SECONDS,
      );
      if (!check.ok) {
        res.status(401).json({ code: 401, message: check.reason });
        return;
      }
      const message = JSON.parse(body) as OutboundMessage;
      res.json({ code: 0, message: '已接收' });
      const records = answer(code, message);
      if (records.length === 0) return;
      // After the response: the hub records the delivery first, as with a real system on its own clock.
      const hubUrl = `http://127.0.0.1:${req.socket.localPort}`;
      setImmediate(() => {
        send(`${hubUrl}/connectors/${inbound.id}/records`, inbound.secrets.hmacSecret!, records).catch((error: unknown) =>
          logger?.warn({ err: error, department: code, eventId: message.id }, 'simulated department system could not answer'),
        );
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** What a department's system sends back for an event it took in. */
function answer(code: string, message: OutboundMessage): Array<Record<string, unknown>> {
  const data = message.data as {
    registrationId?: string;
    registrationKind?: string;
    enterprise?: { uscc?: string; kind?: string; registeredCapitalWanYuan?: string };
  };
  if (!message.type.startsWith('enterprise.') || !data.registrationId) return [];
  const records: Array<Record<string, unknown>> = [
    { id: `ack-${message.id}`, type: 'registration.acknowledgement', key: data.registrationId, fields: {} },
  ];
  const uscc = data.enterprise?.uscc;
  if (message.type === 'enterprise.registered' && uscc) {
    const facts: Record<string, Record<string, unknown>> = {
      SW: {
        taxpayerType: Number(data.enterprise?.registeredCapitalWanYuan ?? 0) >= 500 ? 'GENERAL' : 'SMALL_SCALE',
        taxAuthority: '国家税务总局广元市昭化区税务局',
        taxStatus: 'NORMAL',
      },
      RS: { socialInsuranceAccount: `510811${uscc.slice(8, 16)}`, insuredEmployees: 0 },
      TJ: { statisticsUnitCode: uscc.slice(8, 17) },
    };
    if (facts[code]) records.push({ id: `facts-${message.id}`, type: 'enterprise', key: uscc, fields: facts[code] });
  }
  return records;
}

async function send(url: string, secret: string, records: Array<Record<string, unknown>>): Promise<void> {
  const body = JSON.stringify({ records });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(secret, timestamp, body) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the hub answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
}
