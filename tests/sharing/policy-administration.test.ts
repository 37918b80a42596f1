import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharingGrant } from '../../entities/sharing-grant.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { ask } from './sharing-support.js';

let hub: TestHub;
let enterprise: RegisteredEnterprise;
let parent: RegisteredEnterprise;

beforeAll(async () => {
  hub = await startTestHub();
  parent = await registerOk(hub);
  enterprise = await registerOk(hub, companyInput({ kind: 'BRANCH', parentUscc: parent.uscc, name: `广元测试分公司${process.pid}` }));
});
afterAll(() => hub?.stop());

const admin = (query: string, variables?: Record<string, unknown>) => graphql<any>(hub.url, query, { token: hub.tokens.admin, variables });

const SET = `mutation($input: SetFieldSharingInput!) { setFieldSharing(input: $input) { typeName fieldName level owner { code } } }`;
const GRANT = `mutation($input: GrantSharingInput!) { grantSharing(input: $input) { id department { code } fieldNames purposes expiresAt } }`;
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

describe('changing the sharing policy (admin mutations, no restart)', () => {
  it('hides a field from other departments as soon as it is made NOT_SHARED, and shows it again', async () => {
    const read = () =>
      ask(hub, 'HTTP', `query($u: String!) { enterprise(uscc: $u) { parentUscc } }`, hub.tokens.system.TJ, null, { u: enterprise.uscc });
    expect((await read()).data!.enterprise).toEqual({ parentUscc: parent.uscc });

    const set = await admin(SET, {
      input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' },
    });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.setFieldSharing).toEqual({
      typeName: 'Enterprise',
      fieldName: 'parentUscc',
      level: 'NOT_SHARED',
      owner: { code: 'SCJG' },
    });
    const hidden = await read();
    expect(hidden.data!.enterprise).toEqual({ parentUscc: null });
    expect(hidden.errors).toBeUndefined();
    const owner = await ask(hub, 'HTTP', `query($u: String!) { enterprise(uscc: $u) { parentUscc } }`, hub.tokens.system.SCJG, null, {
      u: enterprise.uscc,
    });
    expect(owner.data!.enterprise).toEqual({ parentUscc: parent.uscc });

    await admin(SET, { input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'UNCONDITIONAL', ownerDepartmentCode: 'SCJG' } });
    expect((await read()).data!.enterprise).toEqual({ parentUscc: parent.uscc });
  });

  it('reaches a read already under way when the change commits: its answer follows the new policy', async () => {
    const query = `query($u: String!) { enterprise(uscc: $u) { uscc parentUscc } }`;
    const read = () => ask(hub, 'HTTP', query, hub.tokens.system.TJ, null, { u: enterprise.uscc });
    // Planned and compiled for TJ under the policy as it is.
    expect((await read()).data!.enterprise).toEqual({ uscc: enterprise.uscc, parentUscc: parent.uscc });

    // The read waits at its first statement, after it was planned, while the field is made NOT_SHARED.
    const holder = new Client({ connectionString: hub.database.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table enterprise in access exclusive mode');
      const underWay = read();
      await waitForLockWaiter(holder);
      const set = await admin(SET, {
        input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' },
      });
      expect(set.body.errors).toBeUndefined();
      await holder.query('commit');
      const answered = await underWay;
      expect(answered.errors).toBeUndefined();
      expect(answered.data!.enterprise).toEqual({ uscc: enterprise.uscc, parentUscc: null });
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
      await admin(SET, { input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'UNCONDITIONAL', ownerDepartmentCode: 'SCJG' } });
    }
    expect((await read()).data!.enterprise).toEqual({ uscc: enterprise.uscc, parentUscc: parent.uscc });
  });

  it.each([
    [
      'a field that does not exist',
      { typeName: 'Enterprise', fieldName: 'secretSauce', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' },
      'input.fieldName',
      /not a field/,
    ],
    [
      'a root type',
      { typeName: 'Query', fieldName: 'enterprise', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' },
      'input.fieldName',
      /not a field/,
    ],
    [
      'an unknown owner',
      { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'NOT_SHARED', ownerDepartmentCode: 'NOPE' },
      'input.ownerDepartmentCode',
      /no department/,
    ],
  ])('refuses %s', async (_case, input, field, message) => {
    const response = await admin(SET, { input });
    expect(response.body.errors?.[0].extensions).toMatchObject({ field });
    expect(response.body.errors?.[0].message).toMatch(message);
  });

  it('restricts a non-null field too: conditional data is an error that nulls the record, personal data resolves masked', async () => {
    const read = () =>
      ask(hub, 'HTTP', `query($u: String!) { enterprise(uscc: $u) { uscc businessScope } }`, hub.tokens.system.TJ, null, {
        u: enterprise.uscc,
      });
    const set = await admin(SET, {
      input: { typeName: 'Enterprise', fieldName: 'businessScope', level: 'CONDITIONAL', ownerDepartmentCode: 'SCJG' },
    });
    expect(set.body.errors).toBeUndefined();
    const refused = await read();
    expect(refused.data!.enterprise).toBeNull();
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Enterprise.businessScope' });

    await admin(SET, {
      input: { typeName: 'Enterprise', fieldName: 'legalRepresentative', level: 'PERSONAL', ownerDepartmentCode: 'SCJG' },
    });
    const masked = await ask(
      hub,
      'HTTP',
      `query($u: String!) { enterprise(uscc: $u) { legalRepresentative } }`,
      hub.tokens.system.TJ,
      null,
      { u: enterprise.uscc },
    );
    expect(masked.errors).toBeUndefined();
    expect((masked.data as any).enterprise.legalRepresentative).toMatch(/^.\*+$/u);
    const owner = await ask(
      hub,
      'HTTP',
      `query($u: String!) { enterprise(uscc: $u) { legalRepresentative } }`,
      hub.tokens.system.SCJG,
      null,
      { u: enterprise.uscc },
    );
    expect((owner.data as any).enterprise.legalRepresentative).not.toContain('*');

    await admin(SET, {
      input: { typeName: 'Enterprise', fieldName: 'businessScope', level: 'UNCONDITIONAL', ownerDepartmentCode: 'SCJG' },
    });
    await admin(SET, {
      input: { typeName: 'Enterprise', fieldName: 'legalRepresentative', level: 'UNCONDITIONAL', ownerDepartmentCode: 'SCJG' },
    });
    expect((await read()).errors).toBeUndefined();
  });

  it('grants, then revokes, conditional reading for a purpose', async () => {
    const read = () =>
      ask(
        hub,
        'HTTP',
        `query($u: String!) { enterprise(uscc: $u) { legalRepresentativeIdNumber } }`,
        hub.tokens.system.ZJJ,
        'CONSTRUCTION_PERMIT',
        { u: enterprise.uscc },
      );
    expect((await read()).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const granted = await admin(GRANT, {
      input: {
        departmentCode: 'ZJJ',
        typeName: 'Enterprise',
        fieldNames: ['legalRepresentativeIdNumber'],
        purposes: ['CONSTRUCTION_PERMIT'],
        expiresAt: inAYear(),
      },
    });
    expect(granted.body.errors).toBeUndefined();
    const allowed = await read();
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.enterprise).toEqual({ legalRepresentativeIdNumber: '11010519491231002X' });

    const revoked = await admin(`mutation($id: ID!) { revokeSharingGrant(id: $id) { revokedAt } }`, {
      id: granted.body.data.grantSharing.id,
    });
    expect(revoked.body.data.revokeSharingGrant.revokedAt).toBeTruthy();
    expect((await read()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('takes a purpose in Chinese, percent-encoded in the header', async () => {
    await admin(GRANT, {
      input: {
        departmentCode: 'SY',
        typeName: 'Enterprise',
        fieldNames: ['legalRepresentativeIdNumber'],
        purposes: ['外商投资备案核验'],
        expiresAt: inAYear(),
      },
    });
    const read = (purpose: string) =>
      ask(hub, 'HTTP', `query($u: String!) { enterprise(uscc: $u) { legalRepresentativeIdNumber } }`, hub.tokens.system.SY, purpose, {
        u: enterprise.uscc,
      });
    const allowed = await read(encodeURIComponent('外商投资备案核验'));
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.enterprise).toEqual({ legalRepresentativeIdNumber: '11010519491231002X' });
    const overWebSocket = await ask(
      hub,
      'WebSocket',
      `query($u: String!) { enterprise(uscc: $u) { legalRepresentativeIdNumber } }`,
      hub.tokens.system.SY,
      '外商投资备案核验',
      { u: enterprise.uscc },
    );
    expect(overWebSocket.errors).toBeUndefined();
    expect((await read(encodeURIComponent('其他'))).errors?.[0].extensions?.missingGrant).toMatchObject({ purpose: '其他' });
  });

  it('refuses a read under an expired grant, saying that it expired', async () => {
    const granted = await admin(GRANT, {
      input: {
        departmentCode: 'MZ',
        typeName: 'Enterprise',
        fieldNames: ['legalRepresentativeIdNumber'],
        purposes: ['SOCIAL_ASSISTANCE_CHECK'],
        expiresAt: inAYear(),
      },
    });
    const read = () =>
      ask(
        hub,
        'HTTP',
        `query($u: String!) { enterprise(uscc: $u) { legalRepresentativeIdNumber } }`,
        hub.tokens.system.MZ,
        'SOCIAL_ASSISTANCE_CHECK',
        { u: enterprise.uscc },
      );
    expect((await read()).errors).toBeUndefined();

    // Time passes: the grant's end is now behind us.
    const em = hub.orm.em.fork();
    await em.nativeUpdate(SharingGrant, { id: granted.body.data.grantSharing.id }, { expiresAt: new Date(Date.now() - 1000) });
    await hub.sharing.reload();
    const expired = await read();
    expect(expired.data!.enterprise).toEqual({ legalRepresentativeIdNumber: null });
    expect(expired.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      missingGrant: { department: 'MZ', purpose: 'SOCIAL_ASSISTANCE_CHECK' },
    });
    expect(expired.errors?.[0].message).toMatch(/expired at/);
  });

  it.each([
    ['an expiry in the past', { expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'input.expiresAt'],
    ['no purpose', { purposes: [] }, 'input.purposes'],
    ['no field', { fieldNames: [] }, 'input.fieldNames'],
    ['an unknown field', { fieldNames: ['nope'] }, 'input.fieldNames'],
    ['an unknown department', { departmentCode: 'NOPE' }, 'input.departmentCode'],
  ])('refuses a grant with %s, writing nothing', async (_case, change, field) => {
    const before = await hub.orm.em.fork().count(SharingGrant, {});
    const input = {
      departmentCode: 'TJ',
      typeName: 'Enterprise',
      fieldNames: ['legalRepresentativeIdNumber'],
      purposes: ['X'],
      expiresAt: inAYear(),
      ...change,
    };
    const response = await admin(GRANT, { input });
    expect(response.body.errors?.[0].extensions).toMatchObject({ field });
    expect(await hub.orm.em.fork().count(SharingGrant, {})).toBe(before);
  });

  it('refuses a write of a field another department owns (一数一源), writing nothing, as soon as the owner changes', async () => {
    const CHANGE = `mutation($u: String!, $v: Int!) { changeEnterprise(uscc: $u, expectedVersion: $v, changes: { address: "昭化区元坝镇新街2号" }, document: "昭市监变字〔2026〕1号") { enterprise { version address } } }`;
    const current = async () =>
      (
        await ask(hub, 'HTTP', `query($u: String!) { enterprise(uscc: $u) { version address } }`, hub.tokens.system.SCJG, null, {
          u: parent.uscc,
        })
      ).data!.enterprise as any;
    const before = await current();
    await admin(SET, { input: { typeName: 'Enterprise', fieldName: 'address', level: 'UNCONDITIONAL', ownerDepartmentCode: 'ZJJ' } });
    try {
      const refused = await graphql<any>(hub.url, CHANGE, { token: hub.tokens.clerk, variables: { u: parent.uscc, v: before.version } });
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'changes.address' });
      expect(refused.body.errors?.[0].message).toMatch(/owned by department ZJJ/);
      expect(await current()).toEqual(before);
    } finally {
      await admin(SET, { input: { typeName: 'Enterprise', fieldName: 'address', level: 'UNCONDITIONAL', ownerDepartmentCode: 'SCJG' } });
    }
    const changed = await graphql<any>(hub.url, CHANGE, { token: hub.tokens.clerk, variables: { u: parent.uscc, v: before.version } });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data.changeEnterprise.enterprise.address).toBe('昭化区元坝镇新街2号');
  });

  it('lets only administrators change the policy', async () => {
    const response = await graphql(hub.url, SET, {
      token: hub.tokens.system.SCJG,
      variables: { input: { typeName: 'Enterprise', fieldName: 'parentUscc', level: 'NOT_SHARED', ownerDepartmentCode: 'SCJG' } },
    });
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the policy and, to a department, its own grants', async () => {
    const policy = await graphql<any>(
      hub.url,
      `
        {
          sharingPolicies(typeName: "Enterprise", first: 100) {
            totalCount
            nodes {
              fieldName
              level
              owner {
                code
              }
            }
          }
        }
      `,
      {
        token: hub.tokens.system.TJ,
      },
    );
    expect(policy.body.data.sharingPolicies.nodes).toContainEqual({
      fieldName: 'legalRepresentativeIdNumber',
      level: 'PERSONAL',
      owner: { code: 'SCJG' },
    });
    const grants = await graphql<any>(
      hub.url,
      `
        {
          sharingGrants {
            nodes {
              department {
                code
              }
              purposes
            }
          }
        }
      `,
      { token: hub.tokens.system.RS },
    );
    expect(grants.body.data.sharingGrants.nodes).toEqual([{ department: { code: 'RS' }, purposes: ['SOCIAL_INSURANCE_REGISTRATION'] }]);
  });
});

/** Until a statement of another session waits for a lock on `enterprise` (the one `holder` holds). */
async function waitForLockWaiter(holder: Client): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await holder.query<{ waiting: number }>(
      `select count(*)::int as waiting from pg_locks where not granted and relation = 'enterprise'::regclass`,
    );
    if (rows[0]!.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no statement came to wait for the lock on enterprise');
}
