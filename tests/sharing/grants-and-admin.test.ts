import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT_ID } from '../cases/case-fixtures.js';
import { issueOk } from '../licences/licence-fixtures.js';
import { registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { graphql, takeResults, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ask, issue } from './sharing-support.js';

/** Security audit: grant expiry on HTTP and an open WebSocket; ADMIN minting department credentials. */
let hub: TestHub;
let own: RegisteredEnterprise;
let marriageId: string;

beforeAll(async () => {
  hub = await startTestHub();
  own = await registerOk(hub);
  const marriage = await issueOk(
    hub,
    {
      licenceTypeCode: 'MARRIAGE_CERTIFICATE',
      holderCode: APPLICANT_ID,
      holderName: '王小红',
      validFrom: '2026-11-01',
      fields: { spouseName: '李大明', registeredOn: '2026-11-01', registrationOffice: '昭化区民政局婚姻登记处' },
    },
    hub.tokens.system.MZ,
  );
  marriageId = marriage.id;
}, 120_000);
afterAll(() => hub?.stop());

describe('a grant that expires', () => {
  it('stops applying on HTTP and on an open WebSocket once expired', async () => {
    const expiresAt = new Date(Date.now() + 4_000).toISOString();
    const granted = await graphql(hub.url, 'mutation($input: GrantSharingInput!) { grantSharing(input: $input) { id } }', {
      token: hub.tokens.admin,
      variables: {
        input: {
          departmentCode: 'TJ',
          typeName: 'Enterprise',
          fieldNames: ['legalRepresentativeIdNumber'],
          purposes: ['AUDIT_EXPIRY'],
          expiresAt,
        },
      },
    });
    expect(granted.body.errors).toBeUndefined();
    const query = `{ enterprise(uscc: "${own.uscc}") { legalRepresentativeIdNumber } }`;
    const client = wsClient(hub.url, hub.tokens.system.TJ, { purpose: 'AUDIT_EXPIRY' });
    try {
      const [before] = await takeResults<any>(client, query, 1);
      expect(before.data.enterprise.legalRepresentativeIdNumber).toBe(APPLICANT_ID);
      const beforeHttp = await ask(hub, 'HTTP', query, hub.tokens.system.TJ, 'AUDIT_EXPIRY');
      expect((beforeHttp.data as any).enterprise.legalRepresentativeIdNumber).toBe(APPLICANT_ID);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const [after] = await takeResults<any>(client, query, 1);
      const afterHttp = await ask(hub, 'HTTP', query, hub.tokens.system.TJ, 'AUDIT_EXPIRY');
      expect(JSON.stringify(after)).not.toContain(APPLICANT_ID);
      expect(JSON.stringify(afterHttp)).not.toContain(APPLICANT_ID);
    } finally {
      await client.dispose();
    }
  }, 30_000);
});

describe('an administrator acting through a credential it issues', () => {
  it('is refused the citizen licence as itself; a SYSTEM credential it issues in the issuing department reads it, and both the issue and the read are in the access log', async () => {
    const direct = await ask(hub, 'HTTP', `{ licence(id: "${marriageId}") { holderCode holderName fields } }`, hub.tokens.admin, 'AUDIT');
    expect(JSON.stringify(direct)).not.toContain(APPLICANT_ID);
    const token = await issue(hub, { departmentCode: 'MZ', roles: ['SYSTEM'], label: 'admin tooling' });
    const body = await ask(hub, 'HTTP', `{ licence(id: "${marriageId}") { holderCode holderName fields } }`, token, null);
    // Issuing credentials is what administering the hub means, so it cannot be prevented, only seen:
    // the issue is a WRITE by the administrator and the read a logged READ by the credential it issued.
    expect(JSON.stringify(body)).toContain(APPLICANT_ID);
    const entries = await hub.orm.em
      .fork()
      .execute<Array<{ action: string; fields: string[]; credential_label: string | null }>>(
        "select action, fields, credential_label from access_log_entry where (action = 'WRITE' and 'issueCredential' = any(fields)) or credential_label = 'admin tooling' order by seq",
      );
    expect(entries.some((entry) => entry.action === 'WRITE')).toBe(true);
    expect(
      entries.some((entry) => entry.action === 'READ' && entry.credential_label === 'admin tooling' && entry.fields.includes('holderCode')),
    ).toBe(true);
  });
});

describe('a credential with no role', () => {
  it('issueCredential accepts roles: [] and the credential reaches enterprise records through @auth(roles: []) fields', async () => {
    const code = `AUDIT3-${process.pid}`;
    for (const [m, type, input] of [
      [
        'recordTrade(input: $input) { code }',
        'RecordTradeInput',
        {
          code,
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
        { code, dealAmount: '900000.00', dealOn: '2026-03-30', winnerUscc: own.uscc },
      ],
    ] as const) {
      const done = await graphql(hub.url, `mutation($input: ${type}!) { ${m} }`, { token: hub.tokens.system.GGZY, variables: { input } });
      expect(done.body.errors).toBeUndefined();
    }
    const issued = await graphql<any>(hub.url, 'mutation($input: IssueCredentialInput!) { issueCredential(input: $input) { token } }', {
      token: hub.tokens.admin,
      variables: { input: { departmentCode: 'ZWFW', roles: [], label: 'no role' } },
    });
    const token = issued.body.data?.issueCredential?.token;
    const body = token
      ? await ask(
          hub,
          'HTTP',
          `{ trade(code: "${code}") { winnerEnterprise { uscc legalRepresentativeIdNumber registrations { kind } licences { number holderName } } } }`,
          token,
          null,
        )
      : null;
    expect({ issued: Boolean(token), reached: Boolean((body?.data as any)?.trade?.winnerEnterprise) }, JSON.stringify(body)).toEqual({
      issued: false,
      reached: false,
    });
  });
});
