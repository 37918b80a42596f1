import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT_ID } from '../cases/case-fixtures.js';
import { composeLicenceIdentifier } from '../../domain/licence-identifier.js';
import { issueMarriageCertificate, issueOk } from '../licences/licence-fixtures.js';
import { registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ask, issue } from './sharing-support.js';

/** Personal data on the licence paths: public verification, licence-type schemas, nested personal fields, minted credentials. */
let hub: TestHub;
let own: RegisteredEnterprise;
let marriageIdentifier: string;
let nestedId: string;
let nestedIdentifier: string;
let tradeCode: string;
const CITIZEN = '王小红';
const SPOUSE = '李大明';
const SPOUSE_ID = '510811198001011236';
const accessLogSize = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from access_log_entry'))[0].n);

beforeAll(async () => {
  hub = await startTestHub();
  own = await registerOk(hub);
  const marriage = await issueMarriageCertificate(hub, { holderCode: APPLICANT_ID, holderName: CITIZEN, spouseName: SPOUSE });
  marriageIdentifier = marriage.identifier;
  // An administrator defines a citizen licence type the way JSON Schema invites: the spouse as an
  // object whose properties are marked personal, and one personal field listed as public.
  const created = await graphql<any>(hub.url, 'mutation($input: CreateLicenceTypeInput!) { createLicenceType(input: $input) { code } }', {
    token: hub.tokens.admin,
    variables: {
      input: {
        code: 'AUDIT_FAMILY_CERT',
        name: '审计家庭证明',
        typeCode: '111000000000000355777',
        issuerCode: 'MZ',
        holderCodeTypes: ['RESIDENT_ID'],
        fieldsSchema: {
          type: 'object',
          additionalProperties: false,
          required: ['spouse', 'guardianName'],
          properties: {
            spouse: {
              type: 'object',
              additionalProperties: false,
              properties: { name: { type: 'string', personal: true }, idNumber: { type: 'string', personal: true } },
            },
            guardianName: { type: 'string', personal: true },
          },
        },
        publicFields: [],
      },
    },
  });
  if (created.body.errors) throw new Error(JSON.stringify(created.body.errors));
  const nested = await issueOk(
    hub,
    {
      licenceTypeCode: 'AUDIT_FAMILY_CERT',
      holderCode: APPLICANT_ID,
      holderName: CITIZEN,
      validFrom: '2026-11-01',
      fields: { spouse: { name: SPOUSE, idNumber: SPOUSE_ID }, guardianName: '赵监护' },
    },
    hub.tokens.system.MZ,
  );
  nestedId = nested.id;
  nestedIdentifier = nested.identifier;
  tradeCode = `AUDIT2-${process.pid}`;
  for (const [m, type, input] of [
    [
      'recordTrade(input: $input) { code }',
      'RecordTradeInput',
      {
        code: tradeCode,
        name: '昭化区村道路硬化工程',
        category: 'CONSTRUCTION',
        method: 'OPEN_TENDER',
        budget: '1000000.00',
        divisionCode: '510811',
        announcedOn: '2026-03-02',
      },
    ],
    [
      'awardTrade(input: $input) { code }',
      'AwardTradeInput',
      { code: tradeCode, dealAmount: '900000.00', dealOn: '2026-03-30', winnerUscc: own.uscc },
    ],
  ] as const) {
    const done = await graphql(hub.url, `mutation($input: ${type}!) { ${m} }`, { token: hub.tokens.system.GGZY, variables: { input } });
    if (done.body.errors) throw new Error(JSON.stringify(done.body.errors));
  }
}, 120_000);
afterAll(() => hub?.stop());

describe('public verification', () => {
  it("verifyLicence shows anyone a citizen holder's name masked", async () => {
    const response = await graphql<any>(
      hub.url,
      `{ verifyLicence(identifier: "${marriageIdentifier}") { valid licence { holderCode holderName } } }`,
      {},
    );
    const licence = response.body.data?.verifyLicence?.licence;
    expect(licence?.holderCode).toContain('*');
    expect(licence?.holderName, JSON.stringify(response.body)).not.toBe(CITIZEN);
  });

  it('a field marked "personal": true cannot be made public, so verifyLicence never serves it', async () => {
    const refused = await graphql<any>(hub.url, 'mutation($input: CreateLicenceTypeInput!) { createLicenceType(input: $input) { code } }', {
      token: hub.tokens.admin,
      variables: {
        input: {
          code: 'PUBLIC_PERSONAL',
          name: '公开个人字段',
          typeCode: '111000000000000355778',
          issuerCode: 'MZ',
          holderCodeTypes: ['RESIDENT_ID'],
          fieldsSchema: { type: 'object', properties: { guardianName: { type: 'string', personal: true } } },
          publicFields: ['guardianName'],
        },
      },
    });
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.publicFields' });
    expect(refused.body.errors?.[0].message).toMatch(/guardianName holds personal data/);
    const response = await graphql<any>(hub.url, `{ verifyLicence(identifier: "${nestedIdentifier}") { licence { publicFields } } }`, {});
    expect(JSON.stringify(response.body)).not.toContain('赵监护');
  });
});

describe('enumeration', () => {
  it('lets an anonymous caller who guesses identifiers learn only masked holders: no full name, no full ID number', async () => {
    // Public facts: the type code of 结婚证 and the civil-affairs bureau's USCC (printed on every certificate).
    const [, , , , , typeCode, issuerUscc, serial] = marriageIdentifier.split('.');
    const day = serial.slice(0, 8);
    const harvested: string[] = [];
    for (let n = 1; n <= 30; n += 1) {
      const identifier = composeLicenceIdentifier({ typeCode, issuerUscc, serial: day + String(n).padStart(8, '0'), version: '001' });
      const response = await graphql<any>(
        hub.url,
        `{ verifyLicence(identifier: "${identifier}") { licence { name holderCode holderName } } }`,
        {},
      );
      const licence = response.body.data?.verifyLicence?.licence;
      if (licence) harvested.push(`${licence.name} ${licence.holderCode} ${licence.holderName}`);
    }
    // Verification is public by design (the identifier is printed on the certificate); what it shows of a citizen is masked.
    for (const found of harvested) {
      expect(found).not.toContain(APPLICANT_ID);
      expect(found).not.toMatch(/王小红/);
    }
  });
});

describe('licence number carrying the holder ID (as 残疾人证/驾驶证 numbers do)', () => {
  it('a citizen licence number that embeds the ID number reaches neither TJ nor anonymous verification whole', async () => {
    const licence = await issueOk(
      hub,
      {
        licenceTypeCode: 'MARRIAGE_CERTIFICATE',
        holderCode: APPLICANT_ID,
        holderName: CITIZEN,
        number: `${APPLICANT_ID}51`,
        validFrom: '2026-11-01',
        fields: { spouseName: SPOUSE, registeredOn: '2026-11-01', registrationOffice: '昭化区民政局婚姻登记处' },
      },
      hub.tokens.system.MZ,
    );
    const tj = await ask(hub, 'HTTP', `{ licence(id: "${licence.id}") { holderCode number } }`, hub.tokens.system.TJ, null);
    const anonymous = await graphql<any>(
      hub.url,
      `{ verifyLicence(identifier: "${licence.identifier}") { licence { holderCode number } } }`,
      {},
    );
    expect((tj.data as any).licence.holderCode).toContain('*');
    expect(JSON.stringify(tj.data) + JSON.stringify(anonymous.body.data)).not.toContain(APPLICANT_ID);
  });
});

describe('licence fields marked personal below the top level', () => {
  it('a department without a grant (TJ) reads a nested personal property (spouse name and ID) masked', async () => {
    const body = await ask(hub, 'HTTP', `{ licence(id: "${nestedId}") { holderCode fields } }`, hub.tokens.system.TJ, 'STATISTICS_SURVEY');
    expect((body.data as any)?.licence?.holderCode).toContain('*');
    expect(JSON.stringify(body)).not.toContain(SPOUSE_ID);
    expect(JSON.stringify(body)).not.toContain(SPOUSE);
  });

  it('so does ADMIN without a grant', async () => {
    const body = await ask(
      hub,
      'HTTP',
      `{ licences(filter: { licenceTypeCode: "AUDIT_FAMILY_CERT" }) { nodes { fields } } }`,
      hub.tokens.admin,
      'AUDIT',
    );
    expect(JSON.stringify(body)).not.toContain(SPOUSE_ID);
  });
});

describe('an administrator minting an ENTERPRISE credential', () => {
  it("is refused the legal representative's ID number as itself; through the enterprise credential it issued, the read is logged", async () => {
    // Without a grant, ADMIN is refused:
    const direct = await ask(hub, 'HTTP', `{ enterprise(uscc: "${own.uscc}") { legalRepresentativeIdNumber } }`, hub.tokens.admin, 'AUDIT');
    expect(JSON.stringify(direct)).not.toContain(APPLICANT_ID);
    const token = await issue(hub, {
      departmentCode: 'ZWFW',
      roles: ['ENTERPRISE'],
      label: 'not really the enterprise',
      enterpriseUscc: own.uscc,
    });
    const before = await accessLogSize();
    const body = await ask(
      hub,
      'HTTP',
      `{ trade(code: "${tradeCode}") { winnerEnterprise { uscc legalRepresentativeIdNumber } } }`,
      token,
      null,
    );
    const logged = (await accessLogSize()) - before;
    // The enterprise's own data is readable with its credential; whoever holds it, the read is in the log.
    expect({ read: JSON.stringify(body).includes(APPLICANT_ID), logged: logged > 0 }).toEqual({ read: true, logged: true });
  });
});
