import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPT, addCatalog, acceptInput, APPLICANT_ID, step } from '../cases/case-fixtures.js';
import { issueMarriageCertificate } from '../licences/licence-fixtures.js';
import { registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ask, issue } from './sharing-support.js';

/**
 * Personal data (个人信息) on every path an outside reviewer tried: the signed licence, search
 * arguments, histories and their free text, clerk names, and the access log of an enterprise's reads.
 */
let hub: TestHub;
let own: RegisteredEnterprise;
let marriageId: string;
let marriageIdentifier: string;
let caseNo: string;
let enterpriseToken: string;
let tradeCode: string;
let businessLicence: string;
const CITIZEN = '王小红';
const SPOUSE = '李大明';
const accessLogSize = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from access_log_entry'))[0].n);

beforeAll(async () => {
  hub = await startTestHub();
  own = await registerOk(hub);
  const marriage = await issueMarriageCertificate(hub, { holderCode: APPLICANT_ID, holderName: CITIZEN, spouseName: SPOUSE });
  marriageId = marriage.id;
  marriageIdentifier = marriage.identifier;
  await addCatalog(hub);
  const accepted = await graphql<any>(hub.url, ACCEPT, {
    token: hub.tokens.clerk,
    variables: { input: acceptInput({ applicantCode: APPLICANT_ID, applicantName: CITIZEN }) },
  });
  if (accepted.body.errors) throw new Error(JSON.stringify(accepted.body.errors));
  caseNo = accepted.body.data.acceptCase.caseNo;
  // A window clerk asks for a correction (补正), naming what is wrong, as clerks do.
  const suspended = await graphql<any>(hub.url, step('suspendCase'), {
    token: hub.tokens.clerk,
    variables: { input: { caseNo, at: '2026-09-29T10:00:00+08:00', reason: `申请人${CITIZEN}身份证${APPLICANT_ID}复印件不清晰` } },
  });
  if (suspended.body.errors) throw new Error(JSON.stringify(suspended.body.errors));
  const trade = `AUDIT-${process.pid}`;
  for (const [m, input] of [
    [
      'recordTrade(input: $input) { code }',
      {
        code: trade,
        name: '昭化区村道路硬化工程',
        category: 'CONSTRUCTION',
        method: 'OPEN_TENDER',
        budget: '1000000.00',
        divisionCode: '510811',
        announcedOn: '2026-03-02',
      },
    ],
    ['awardTrade(input: $input) { code }', { code: trade, dealAmount: '900000.00', dealOn: '2026-03-30', winnerUscc: own.uscc }],
  ] as const) {
    const type = m.startsWith('record') ? 'RecordTradeInput' : 'AwardTradeInput';
    const done = await graphql(hub.url, `mutation($input: ${type}!) { ${m} }`, { token: hub.tokens.system.GGZY, variables: { input } });
    if (done.body.errors) throw new Error(JSON.stringify(done.body.errors));
  }
  tradeCode = trade;
  const lic = await graphql<any>(hub.url, `{ enterprise(uscc: "${own.uscc}") { licences { identifier } } }`, {
    token: hub.tokens.system.SCJG,
  });
  businessLicence = lic.body.data.enterprise.licences[0].identifier;
  enterpriseToken = await issue(hub, {
    departmentCode: 'ZWFW',
    roles: ['ENTERPRISE'],
    label: 'audit enterprise',
    enterpriseUscc: own.uscc,
  });
}, 120_000);
afterAll(() => hub?.stop());

const jwsPayload = (compact: string) => Buffer.from(compact.split('.')[1], 'base64url').toString('utf8');

describe('exportLicence: the signed document is a read of the whole licence', () => {
  it('gives a department without a grant (TJ system) none of the holder ID, name and spouse name', async () => {
    const body = await ask(
      hub,
      'HTTP',
      `{ exportLicence(id: "${marriageId}") { compact json } }`,
      hub.tokens.system.TJ,
      'STATISTICS_SURVEY',
    );
    const text = JSON.stringify(body) + (body.data ? jwsPayload((body.data as any).exportLicence.compact) : '');
    // The same reader sees the licence masked through `licence(id:)`:
    const direct = await ask(
      hub,
      'HTTP',
      `{ licence(id: "${marriageId}") { holderCode holderName fields } }`,
      hub.tokens.system.TJ,
      'STATISTICS_SURVEY',
    );
    expect(JSON.stringify(direct)).not.toContain(APPLICANT_ID);
    expect(text).not.toContain(APPLICANT_ID);
    expect(text).not.toContain(CITIZEN);
    expect(text).not.toContain(SPOUSE);
  });

  it('refuses ADMIN without a grant the signed citizen licence, with FORBIDDEN naming the personal fields, and logs no read', async () => {
    const before = await accessLogSize();
    const body = await ask(hub, 'HTTP', `{ exportLicence(id: "${marriageId}") { compact } }`, hub.tokens.admin, 'AUDIT');
    const payload = body.data ? jwsPayload((body.data as any).exportLicence.compact) : '';
    const logged = (await accessLogSize()) - before;
    expect({ holderId: payload.includes(APPLICANT_ID), spouse: payload.includes(SPOUSE), logged: logged > 0 }).toEqual({
      holderId: false,
      spouse: false,
      logged: false,
    });
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    expect(body.errors?.[0].message).toContain('Licence.holderCode');
  });
});

describe('search arguments are reads of the value searched', () => {
  it("a department without a grant finds no other issuer's licences by a citizen's resident ID (licences(filter: { holderCode }))", async () => {
    const body = await ask(
      hub,
      'HTTP',
      `{ licences(filter: { holderCode: "${APPLICANT_ID}" }) { totalCount nodes { identifier licenceTypeCode holderCode holderName issuer { code } } } }`,
      hub.tokens.system.TJ,
      'STATISTICS_SURVEY',
    );
    const found = (body.data as any)?.licences;
    // TJ cannot read holderCode (it sees it masked), yet filtering by the full ID number matches it.
    expect(found?.totalCount ?? 0, JSON.stringify(body)).toBe(0);
  });

  it('ADMIN without a grant is refused licenceUsesOfHolder by a resident ID', async () => {
    await graphql(
      hub.url,
      'mutation($i: String!) { useLicence(caseNo: "SW-1", identifier: $i, matterCode: "X", purpose: "核验婚姻状况") { id } }',
      {
        token: hub.tokens.system.MZ,
        variables: { i: marriageIdentifier },
      },
    );
    const body = await ask(
      hub,
      'HTTP',
      `{ licenceUsesOfHolder(holderCode: "${APPLICANT_ID}") { totalCount nodes { usedBy purpose caseNo licence { licenceTypeCode } } } }`,
      hub.tokens.admin,
      'AUDIT',
    );
    expect((body.data as any)?.licenceUsesOfHolder?.totalCount ?? 0, JSON.stringify(body)).toBe(0);
  });
});

describe('histories carry no personal data or clerk names to readers the policy does not allow', () => {
  it("DASHBOARD (a public screen) reads neither a citizen case's statusHistory reason (free text with name and ID) nor the clerk who keyed it", async () => {
    const body = await ask(
      hub,
      'HTTP',
      `{ case(caseNo: "${caseNo}") { applicantCode applicantName statusHistory { changedBy reason } } }`,
      hub.tokens.dashboard,
      null,
    );
    const history = JSON.stringify((body.data as any)?.case?.statusHistory);
    expect((body.data as any)?.case?.applicantCode).toContain('*'); // masked, as the policy says
    expect(history).not.toContain(APPLICANT_ID);
    expect(history).not.toContain(CITIZEN);
    expect(history, 'clerk name: internal like Registration.clerkName').not.toContain('测试员');
  });

  it('ADMIN without a grant does not read the same free-text reason in statusHistory of cases', async () => {
    const body = await ask(
      hub,
      'HTTP',
      `{ cases(filter: { departmentCode: "SCJG" }) { nodes { caseNo statusHistory { changedBy reason } } } }`,
      hub.tokens.admin,
      'AUDIT',
    );
    expect(JSON.stringify(body.data)).not.toContain(APPLICANT_ID);
  });

  it('an ENTERPRISE credential does not read the names of clerks in its licence history and uses (as Registration.clerkName)', async () => {
    await graphql(
      hub.url,
      'mutation($i: String!) { useLicence(caseNo: "SCJG-X1", identifier: $i, matterCode: "X", purpose: "核验营业执照") { id } }',
      {
        token: hub.tokens.clerk,
        variables: { i: businessLicence },
      },
    );
    const body = await ask(hub, 'HTTP', `{ licenceUsesOfHolder { nodes { usedBy } } }`, enterpriseToken, null);
    expect(JSON.stringify(body), 'clerk name reaches the enterprise').not.toContain('测试员');
  });
});

describe('a clerk name NOT_SHARED in one field is not shown in another', () => {
  it('DASHBOARD does not read the registering clerk in the business licence statusHistory.changedBy', async () => {
    const body = await ask(
      hub,
      'HTTP',
      `{ trade(code: "${tradeCode}") { winnerEnterprise { registrations { clerkName } licences { statusHistory { changedBy } } } } }`,
      hub.tokens.dashboard,
      null,
    );
    const enterprise = (body.data as any)?.trade?.winnerEnterprise;
    expect(enterprise?.registrations?.[0]?.clerkName).toBeNull(); // the policy hides it here …
    expect(JSON.stringify(enterprise?.licences), '… and it is served here').not.toContain('测试员');
  });

  it('the same for another department (TJ) and for the ENTERPRISE credential', async () => {
    const tj = await ask(
      hub,
      'HTTP',
      `{ enterprise(uscc: "${own.uscc}") { registrations { clerkName } changes { changedBy } licences { statusHistory { changedBy } } } }`,
      hub.tokens.system.TJ,
      null,
    );
    const ent = await ask(
      hub,
      'HTTP',
      `{ trade(code: "${tradeCode}") { winnerEnterprise { licences { statusHistory { changedBy } } } } }`,
      enterpriseToken,
      null,
    );
    expect(JSON.stringify(tj.data) + JSON.stringify(ent.data)).not.toContain('测试员');
  });
});

describe('access log', () => {
  it("an ENTERPRISE credential's read of its legal representative's ID number (personal data) is in the access log", async () => {
    const before = await accessLogSize();
    const body = await ask(
      hub,
      'HTTP',
      `{ trade(code: "${tradeCode}") { winnerEnterprise { uscc legalRepresentativeIdNumber } } }`,
      enterpriseToken,
      null,
    );
    expect((body.data as any)?.trade?.winnerEnterprise?.legalRepresentativeIdNumber).toBe(APPLICANT_ID);
    expect(await accessLogSize(), 'README: every read of conditional/personal data is logged, no bypass').toBeGreaterThan(before);
  });
});
