import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUscc } from '../../domain/uscc.js';
import { Enterprise } from '../../entities/enterprise.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, register, registerOk } from './registration-fixtures.js';

describe('registerEnterprise (多证合一, 一照一码)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('issues a valid USCC, the business licence, and hands the registration to every integrating department', async () => {
    const response = await register(hub);
    expect(response.body.errors).toBeUndefined();
    const { enterprise, registration, replayed } = response.body.data!.registerEnterprise;
    expect(replayed).toBe(false);

    const check = checkUscc(enterprise.uscc);
    expect(check.valid).toBe(true);
    expect(check.parts).toMatchObject({ authority: { code: '9' }, organisationType: { code: '1' }, divisionCode: '510811' });
    expect(enterprise).toMatchObject({
      status: 'ACTIVE',
      version: 1,
      registeredCapitalWanYuan: '50.500000',
      registeringAuthority: { code: 'SCJG' },
    });
    expect(enterprise.licences).toEqual([
      expect.objectContaining({
        licenceTypeCode: 'BUSINESS_LICENCE',
        number: enterprise.uscc,
        holderCode: enterprise.uscc,
        status: 'VALID',
        validFrom: '2026-11-20',
        validTo: null,
        issuer: { code: 'SCJG' },
      }),
    ]);

    expect(registration.kind).toBe('ESTABLISHMENT');
    expect(registration.registeredBy).toEqual({ code: 'SCJG' });
    expect(registration.clerkName).toBe('测试员');
    expect(registration.certificates.map((certificate: { code: string }) => certificate.code).sort()).toEqual(
      ['BUSINESS_LICENCE', 'ORGANISATION_CODE', 'SOCIAL_INSURANCE', 'STATISTICS', 'TAX_REGISTRATION'].sort(),
    );
    const receipts = Object.fromEntries(registration.receipts.map((receipt: any) => [receipt.department.code, receipt]));
    expect(Object.keys(receipts).sort()).toEqual(['RS', 'SW', 'TJ', 'ZJ']);
    expect(receipts.SW).toMatchObject({ certificateCodes: ['TAX_REGISTRATION'], status: 'PENDING' });

    const events = await hub.orm.em.fork().find(OutboxEvent, { aggregateKey: enterprise.uscc }, { populate: ['department'] });
    expect(events.map((event) => event.department.code).sort()).toEqual(['RS', 'SW', 'TJ', 'ZJ']);
    for (const event of events) {
      expect(event.eventType).toBe('enterprise.registered');
      expect(event.payload).toMatchObject({
        registrationId: registration.id,
        enterprise: { uscc: enterprise.uscc, name: enterprise.name },
      });
      // The legal representative's ID number is conditional data: it never travels in the plain event.
      expect(JSON.stringify(event.payload)).not.toContain('11010519491231002X');
    }
  });

  it('hands an individual business only to the tax department (两证整合) and codes it as type 2', async () => {
    const response = await register(
      hub,
      companyInput({ kind: 'INDIVIDUAL_BUSINESS', name: `昭化区王记面馆${randomUUID().slice(0, 6)}`, registeredCapitalWanYuan: '3' }),
    );
    expect(response.body.errors).toBeUndefined();
    const { enterprise, registration } = response.body.data!.registerEnterprise;
    expect(checkUscc(enterprise.uscc).parts?.organisationType.code).toBe('2');
    expect(registration.receipts.map((receipt: any) => receipt.department.code)).toEqual(['SW']);
  });

  it("stores a legal representative's 15-digit or full-width ID number in its one 18-character form", async () => {
    for (const given of ['110105491231002', '１１０１０５１９４９１２３１００２ｘ']) {
      const enterprise = await registerOk(hub, companyInput({ legalRepresentativeIdNumber: given }));
      const row = await hub.orm.em.fork().findOneOrFail(Enterprise, { uscc: enterprise.uscc });
      expect(row.legalRepresentativeIdNumber).toBe('11010519491231002X');
    }
  });

  it('gives two clerks registering at the same instant different codes', async () => {
    const results = await Promise.all(Array.from({ length: 24 }, () => registerOk(hub)));
    const codes = new Set(results.map((enterprise) => enterprise.uscc));
    expect(codes.size).toBe(24);
    for (const code of codes) expect(checkUscc(code).valid).toBe(true);
  });

  it('returns the first result for a repeated idempotency key, even when the repeats race', async () => {
    const input = companyInput();
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 6 }, () => register(hub, input, key)));
    for (const response of responses) expect(response.body.errors).toBeUndefined();
    const codes = new Set(responses.map((response) => response.body.data!.registerEnterprise.enterprise.uscc));
    expect(codes.size).toBe(1);
    expect(responses.filter((response) => !response.body.data!.registerEnterprise.replayed)).toHaveLength(1);
    expect(await hub.orm.em.fork().count(Enterprise, { name: input.name as string })).toBe(1);

    const again = await register(hub, input, key);
    expect(again.body.data!.registerEnterprise).toMatchObject({ replayed: true, enterprise: { uscc: [...codes][0] } });
  });

  it('refuses an idempotency key reused for a different request, writing nothing', async () => {
    const key = randomUUID();
    await registerOk(hub, companyInput());
    const first = await register(hub, companyInput(), key);
    expect(first.body.errors).toBeUndefined();
    const other = companyInput();
    const reused = await register(hub, other, key);
    expect(reused.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    expect(await hub.orm.em.fork().count(Enterprise, { name: other.name as string })).toBe(0);
  });

  it('lets only a registering department register (a tax system gets FORBIDDEN)', async () => {
    const input = companyInput();
    const response = await graphql(
      hub.url,
      `mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input, idempotencyKey: "${randomUUID()}") { replayed } }`,
      {
        token: hub.tokens.system.SW,
        variables: { input },
      },
    );
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await hub.orm.em.fork().count(Enterprise, { name: input.name as string })).toBe(0);
  });

  it('registers a branch under the USCC of its company, from any province', async () => {
    const parentUscc = '91110000600037341L';
    const enterprise = await registerOk(
      hub,
      companyInput({ kind: 'BRANCH', parentUscc, name: `某某科技有限公司昭化分公司${randomUUID().slice(0, 4)}` }),
    );
    expect(enterprise.parentUscc).toBe(parentUscc);
  });
});
