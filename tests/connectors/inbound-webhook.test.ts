import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../domain/connectors/signature.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { register, registerOk } from '../registration/registration-fixtures.js';
import { createInboundWebhook, HMAC_SECRET } from './connector-fixtures.js';

/** Valid, but never registered here: the standard's own worked example. */
const UNREGISTERED_USCC = '91350100M000100Y43';

describe('inbound webhook: department systems push records, one source per field', () => {
  let hub: TestHub;
  let tax: { id: string; name: string };
  let USCC: string;
  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } });
    USCC = (await registerOk(hub)).uscc;
    tax = await createInboundWebhook(hub, 'SW', ['enterprise', 'registration.acknowledgement']);
  });
  afterAll(() => hub.stop());

  async function post(body: unknown, options: { secret?: string; timestamp?: number; connectorId?: string } = {}) {
    const text = JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const response = await fetch(`${hub.url}/connectors/${options.connectorId ?? tax.id}/records`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-timestamp': timestamp,
        'x-hub-signature': sign(options.secret ?? HMAC_SECRET, timestamp, text),
      },
      body: text,
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        results?: Array<{ sourceEventId: string; status: string; reason?: string }>;
        errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
      },
    };
  }
  const sourced = async (key: string) =>
    (
      await graphql<{
        sourcedRecord: { fields: Record<string, unknown>; sources: Record<string, { department: string; sourceEventId: string }> } | null;
      }>(hub.url, 'query($key: String!) { sourcedRecord(recordType: "enterprise", key: $key) { fields sources } }', {
        token: hub.tokens.admin,
        variables: { key },
      })
    ).body.data!.sourcedRecord;
  const inboundCount = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from connector_inbound_record'))[0].n);

  it('applies the fields the department owns, with their source, and ignores a resend of the same record id', async () => {
    const applied = await post({
      id: 'SW-2026-0001',
      type: 'enterprise',
      key: USCC,
      fields: { taxpayerType: 'SMALL_SCALE', taxAuthority: '国家税务总局广元市昭化区税务局' },
    });
    expect(applied).toEqual({ status: 200, body: { results: [{ sourceEventId: 'SW-2026-0001', status: 'APPLIED' }] } });
    const record = await sourced(USCC);
    expect(record!.fields).toEqual({ taxpayerType: 'SMALL_SCALE', taxAuthority: '国家税务总局广元市昭化区税务局' });
    expect(record!.sources.taxpayerType).toMatchObject({ department: 'SW', sourceEventId: 'SW-2026-0001' });

    const again = await post({ id: 'SW-2026-0001', type: 'enterprise', key: USCC, fields: { taxpayerType: 'GENERAL' } });
    expect(again.body.results).toEqual([{ sourceEventId: 'SW-2026-0001', status: 'DUPLICATE' }]);
    expect((await sourced(USCC))!.fields.taxpayerType).toBe('SMALL_SCALE');

    const batch = await post({
      records: [
        { id: 'SW-2026-0002', type: 'enterprise', key: USCC, fields: { taxpayerType: 'GENERAL' } },
        { id: 'SW-2026-0003', type: 'enterprise', key: USCC, fields: { taxStatus: 'NORMAL' } },
      ],
    });
    expect(batch.body.results!.map((result) => result.status)).toEqual(['APPLIED', 'APPLIED']);
    expect((await sourced(USCC))!.fields).toMatchObject({ taxpayerType: 'GENERAL', taxStatus: 'NORMAL' });

    // Every department reads them on the enterprise itself, from the one source.
    const read = await graphql<{ enterprise: Record<string, unknown> }>(
      hub.url,
      'query($uscc: String!) { enterprise(uscc: $uscc) { taxpayerType taxAuthority taxStatus insuredEmployees } }',
      { token: hub.tokens.system.TJ, variables: { uscc: USCC } },
    );
    expect(read.body.data!.enterprise).toEqual({
      taxpayerType: 'GENERAL',
      taxAuthority: '国家税务总局广元市昭化区税务局',
      taxStatus: 'NORMAL',
      insuredEmployees: null,
    });
  });

  it('refuses a record of an enterprise that is not in the registry, writing nothing', async () => {
    const refused = await post({ id: 'SW-2026-0050', type: 'enterprise', key: UNREGISTERED_USCC, fields: { taxStatus: 'NORMAL' } });
    expect(refused.status).toBe(422);
    expect(refused.body.results![0]).toMatchObject({
      status: 'REJECTED',
      reason: `key: no enterprise ${UNREGISTERED_USCC} is in the registry; a department's records follow the registration it was handed`,
    });
    expect(await sourced(UNREGISTERED_USCC)).toBeNull();
  });

  it('refuses a write to a field another department owns, keeps the record with the reason, and writes nothing', async () => {
    const before = await sourced(USCC);
    const refused = await post({
      id: 'SW-2026-0100',
      type: 'enterprise',
      key: USCC,
      fields: { taxStatus: 'NON_FILING', name: '改名有限公司', insuredEmployees: 3 },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.results![0]).toMatchObject({
      status: 'REJECTED',
      reason: expect.stringContaining('SW is not the source of name (owned by SCJG), insuredEmployees (owned by RS)'),
    });
    expect(await sourced(USCC)).toEqual(before);

    const listed = await graphql<{ inboundRecords: { totalCount: number; nodes: Array<Record<string, unknown>> } }>(
      hub.url,
      'query($filter: InboundRecordFilterInput) { inboundRecords(filter: $filter) { totalCount nodes { sourceEventId recordType naturalKey status reason payload connector { name } } } }',
      { token: hub.tokens.system.SW, variables: { filter: { status: 'REJECTED' } } },
    );
    expect(listed.body.data!.inboundRecords.nodes).toContainEqual(
      expect.objectContaining({
        sourceEventId: 'SW-2026-0100',
        recordType: 'enterprise',
        naturalKey: USCC,
        status: 'REJECTED',
        reason: expect.stringContaining('一数一源'),
        connector: { name: tax.name },
      }),
    );
    // Another department's system does not see SW's records.
    const asRs = await graphql<{ inboundRecords: { totalCount: number } }>(hub.url, '{ inboundRecords { totalCount } }', {
      token: hub.tokens.system.RS,
    });
    expect(asRs.body.data!.inboundRecords.totalCount).toBe(0);

    // Corrected and sent again under the same id, it applies.
    const corrected = await post({ id: 'SW-2026-0100', type: 'enterprise', key: USCC, fields: { taxStatus: 'NON_FILING' } });
    expect(corrected.body.results).toEqual([{ sourceEventId: 'SW-2026-0100', status: 'APPLIED' }]);
    expect((await sourced(USCC))!.fields.taxStatus).toBe('NON_FILING');
  });

  it.each([
    [
      'a USCC that fails its check character',
      { id: 'BAD-1', type: 'enterprise', key: '91350100M000100Y44', fields: { taxStatus: 'NORMAL' } },
      /^key: the uscc .*check/,
    ],
    [
      "a value outside the field's vocabulary",
      { id: 'BAD-2', type: 'enterprise', key: '$USCC', fields: { taxpayerType: '一般' } },
      /^fields\.taxpayerType: must be one of GENERAL, SMALL_SCALE/,
    ],
    ['an unknown field', { id: 'BAD-3', type: 'enterprise', key: '$USCC', fields: { colour: 'red' } }, /^fields: colour is not/],
    [
      'a record type the connector does not accept',
      { id: 'BAD-4', type: 'trade', key: 'GGZY-2026-001', fields: { name: 'x' } },
      /^type: trade is not a record type this connector accepts/,
    ],
    ['a record without an id', { type: 'enterprise', key: '$USCC', fields: { taxStatus: 'NORMAL' } }, /^id: /],
  ])('refuses %s (dead-lettered with the reason, nothing applied)', async (_case, template, reason) => {
    const record = { ...template, key: template.key === '$USCC' ? USCC : template.key };
    const before = await sourced(USCC);
    const response = await post(record);
    expect(response.status).toBe(422);
    expect(response.body.results![0].status).toBe('REJECTED');
    expect(response.body.results![0].reason).toMatch(reason);
    expect(await sourced(USCC)).toEqual(before);
  });

  it('refuses a bad signature, a stale timestamp and a wrong connector with nothing kept', async () => {
    const before = await inboundCount();
    const record = { id: 'SIG-1', type: 'enterprise', key: USCC, fields: { taxStatus: 'NORMAL' } };
    const forged = await post(record, { secret: 'a-different-secret-0123456789' });
    expect(forged.status).toBe(401);
    expect(forged.body.errors![0]).toMatchObject({
      message: 'signature refused: signature does not match the body',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const stale = await post(record, { timestamp: Math.floor(Date.now() / 1000) - 3_600 });
    expect(stale.status).toBe(401);
    expect(stale.body.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(stale.body.errors![0].message).toMatch(/more than 300 s/);
    const unknown = await post(record, { connectorId: '01a207f2-71f7-7603-b1a2-fb84dcd96d89' });
    expect(unknown.status).toBe(404);
    expect(await inboundCount()).toBe(before);
  });

  it("records a department's acknowledgement of a registration on its receipt", async () => {
    const registered = await register(hub);
    expect(registered.body.errors).toBeUndefined();
    const registrationId = registered.body.data!.registerEnterprise.registration.id as string;
    const acknowledged = await post({ id: `ACK-${registrationId}`, type: 'registration.acknowledgement', key: registrationId });
    expect(acknowledged.body.results).toEqual([{ sourceEventId: `ACK-${registrationId}`, status: 'APPLIED' }]);
    const receipts = await hub.orm.em.fork().find(RegistrationReceipt, { registration: registrationId }, { populate: ['department'] });
    const byDepartment = Object.fromEntries(receipts.map((receipt) => [receipt.department.code, receipt.status]));
    expect(byDepartment).toMatchObject({ SW: 'ACKNOWLEDGED', RS: 'PENDING', TJ: 'PENDING' });

    const unknown = await post({ id: 'ACK-unknown', type: 'registration.acknowledgement', key: '01a207f2-71f7-7603-b1a2-fb84dcd96d89' });
    expect(unknown.body.results![0]).toMatchObject({ status: 'REJECTED', reason: expect.stringContaining('no registration') });
  });

  it('takes field owners from the sharing policy where it lists the field', async () => {
    const setOwner = (owner: string) =>
      graphql(hub.url, 'mutation($input: SetFieldSharingInput!) { setFieldSharing(input: $input) { fieldName } }', {
        token: hub.tokens.admin,
        variables: { input: { typeName: 'Enterprise', fieldName: 'insuredEmployees', level: 'UNCONDITIONAL', ownerDepartmentCode: owner } },
      });
    const refused = await post({ id: 'SW-INSURED-1', type: 'enterprise', key: USCC, fields: { insuredEmployees: 12 } });
    expect(refused.body.results![0].reason).toContain('insuredEmployees (owned by RS)');

    expect((await setOwner('SW')).body.errors).toBeUndefined();
    try {
      const applied = await post({ id: 'SW-INSURED-2', type: 'enterprise', key: USCC, fields: { insuredEmployees: 12 } });
      expect(applied.body.results).toEqual([{ sourceEventId: 'SW-INSURED-2', status: 'APPLIED' }]);
      expect((await sourced(USCC))!.fields.insuredEmployees).toBe(12);
    } finally {
      await setOwner('RS');
    }
  });

  it('refuses a registry field even from its owner: registered facts change by a change registration', async () => {
    const scjg = await createInboundWebhook(hub, 'SCJG', ['enterprise']);
    const refused = await post(
      { id: 'SCJG-NAME-1', type: 'enterprise', key: USCC, fields: { name: '改名有限公司' } },
      { connectorId: scjg.id },
    );
    expect(refused.body.results![0]).toMatchObject({
      status: 'REJECTED',
      reason: expect.stringMatching(/^fields: name is not a field of enterprise records/),
    });
  });
});
