import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT_ID } from '../cases/case-fixtures.js';
import { createInboundWebhook, HMAC_SECRET } from '../connectors/connector-fixtures.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ask } from './sharing-support.js';

/**
 * Security audit: inboundRecords { payload } cuts only the `fields` object by the policy; fields the
 * record type does not define and everything outside `fields` reach ADMIN whole.
 */
let hub: TestHub;
let connectorId: string;

const sign = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

async function post(body: unknown) {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${hub.url}/connectors/${connectorId}/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-timestamp': timestamp, 'x-hub-signature': sign(HMAC_SECRET, timestamp, text) },
    body: text,
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  hub = await startTestHub({ delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } } as any);
  connectorId = (await createInboundWebhook(hub, 'SCJG', ['case'])).id;
}, 120_000);
afterAll(() => hub?.stop());

describe('inbound records read by ADMIN without a grant', () => {
  it('withholds applicantCode, values under field names the record type does not define, and anything beside `fields`', async () => {
    const sent = await post({
      id: `AUDIT-IN-${process.pid}`,
      type: 'case',
      key: `SCJG-AUDIT-${process.pid}`,
      fields: { status: 'ACCEPTED', applicantCode: APPLICANT_ID, applicantName: '王小红', applicantIdCard: APPLICANT_ID },
      applicant: { idNumber: APPLICANT_ID, name: '王小红' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(500);
    const body = await ask(hub, 'HTTP', '{ inboundRecords { nodes { recordType status reason payload } } }', hub.tokens.admin, 'AUDIT');
    const nodes = (body.data as any)?.inboundRecords?.nodes ?? [];
    expect(nodes.length, JSON.stringify(body)).toBeGreaterThan(0);
    expect(nodes[0].payload.withheldFields ?? [], 'applicantCode is withheld as the README says').toContain('applicantCode');
    expect(JSON.stringify(nodes), 'yet the ID number reaches ADMIN').not.toContain(APPLICANT_ID);
  });

  it('withholds applicantCode even when the sent record claims applicantCodeType: USCC (the sender does not decide what is personal)', async () => {
    const key = `SCJG-AUDIT2-${process.pid}`;
    await post({
      id: `AUDIT-IN2-${process.pid}`,
      type: 'case',
      key,
      fields: { status: 'ACCEPTED', applicantCode: APPLICANT_ID, applicantName: '王小红', applicantCodeType: 'USCC' },
    });
    const body = await ask(hub, 'HTTP', '{ inboundRecords { nodes { naturalKey payload } } }', hub.tokens.admin, 'AUDIT');
    const node = ((body.data as any)?.inboundRecords?.nodes ?? []).find((n: any) => n.naturalKey === key);
    expect(node, JSON.stringify(body)).toBeTruthy();
    expect(node.payload.fields.applicantCode, JSON.stringify(node)).toBeUndefined();
  });
});
