import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCredential } from '../../entities/api-credential.js';
import { Department } from '../../entities/department.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const CREATE = 'mutation C($input: CreateDepartmentInput!) { createDepartment(input: $input) { code name } }';
const ISSUE = 'mutation I($input: IssueCredentialInput!) { issueCredential(input: $input) { keyId token } }';

describe('departments and their credentials', () => {
  it('lets the administrator add a department, issue it a credential, and revoke it', async () => {
    const created = await graphql(hub.url, CREATE, {
      token: hub.tokens.admin,
      variables: { input: { code: 'WJW', name: '广元市昭化区卫生健康局' } },
    });
    expect(created.body.data).toEqual({ createDepartment: { code: 'WJW', name: '广元市昭化区卫生健康局' } });

    const issued = await graphql<{ issueCredential: { keyId: string; token: string } }>(hub.url, ISSUE, {
      token: hub.tokens.admin,
      variables: { input: { departmentCode: 'WJW', roles: ['SYSTEM'], label: 'health system' } },
    });
    const { keyId, token } = issued.body.data!.issueCredential;
    expect(token).toMatch(/^hub_[0-9a-f]{16}_/);

    const stored = await hub.orm.em.fork().findOneOrFail(ApiCredential, { keyId });
    expect(stored.secretSha256).toMatch(/^[0-9a-f]{64}$/);
    // hub_<key id>_<secret>: the secret may itself contain '_', so take everything after the key id.
    const secret = token.slice(token.indexOf('_', 'hub_'.length) + 1);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(stored)).not.toContain(secret);

    const me = await graphql(hub.url, '{ me { department { code } roles } }', { token });
    expect(me.body.data).toEqual({ me: { department: { code: 'WJW' }, roles: ['SYSTEM'] } });

    const revoked = await graphql(hub.url, 'mutation R($k: String!) { revokeCredential(keyId: $k) }', {
      token: hub.tokens.admin,
      variables: { k: keyId },
    });
    expect(revoked.body.data).toEqual({ revokeCredential: true });
    const after = await graphql(hub.url, '{ me { roles } }', { token });
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await hub.orm.em.fork().count(Department, {});
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ code: 'bad code', name: '某局' }, 'code'],
      [{ code: 'OK1', name: '' }, 'name'],
      [{ code: 'OK2', name: 'x'.repeat(101) }, 'name'],
    ];
    for (const [input, field] of cases) {
      const response = await graphql(hub.url, CREATE, { token: hub.tokens.admin, variables: { input } });
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const duplicate = await graphql(hub.url, CREATE, { token: hub.tokens.admin, variables: { input: { code: 'SCJG', name: '重复' } } });
    expect(duplicate.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'code' });
    expect(await hub.orm.em.fork().count(Department, {})).toBe(before);

    const clerkWithoutName = await graphql(hub.url, ISSUE, {
      token: hub.tokens.admin,
      variables: { input: { departmentCode: 'SCJG', roles: ['CLERK'], label: 'window 2' } },
    });
    expect(clerkWithoutName.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clerkName' });
    const unknownDepartment = await graphql(hub.url, ISSUE, {
      token: hub.tokens.admin,
      variables: { input: { departmentCode: 'NOPE', roles: ['SYSTEM'], label: 'x' } },
    });
    expect(unknownDepartment.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'departmentCode' });
  });

  it('keeps credential management to administrators', async () => {
    const response = await graphql(hub.url, CREATE, { token: hub.tokens.system.SW, variables: { input: { code: 'X1', name: 'x' } } });
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
