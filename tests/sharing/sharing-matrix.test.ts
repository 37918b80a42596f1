import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { ask, type Path } from './sharing-support.js';

const ID_NUMBER = '11010519491231002X';
const READ = `query Read($uscc: String!) {
  enterprise(uscc: $uscc) {
    uscc name status legalRepresentativeIdNumber
    registrations { kind clerkName }
  }
}`;

let hub: TestHub;
let enterprise: RegisteredEnterprise;

beforeAll(async () => {
  hub = await startTestHub();
  enterprise = await registerOk(hub);
});
afterAll(() => hub?.stop());

type Expected = { idNumber: 'value' } | { idNumber: 'forbidden'; message: RegExp };

/**
 * Departments × levels × paths. SCJG owns the registry (all levels visible); RS holds the default
 * grant for SOCIAL_INSURANCE_REGISTRATION, SW for TAX_REGISTRATION; TJ holds none.
 * Unconditional (name, status) always resolves; not shared (Registration.clerkName) is null without
 * an error for everyone but SCJG; conditional (legalRepresentativeIdNumber) depends on grant and purpose.
 */
const cases: Array<[string, string, string | null, Expected]> = [
  ['SCJG (owner)', 'SCJG', null, { idNumber: 'value' }],
  ['RS for its granted purpose', 'RS', 'SOCIAL_INSURANCE_REGISTRATION', { idNumber: 'value' }],
  ['SW for its granted purpose', 'SW', 'TAX_REGISTRATION', { idNumber: 'value' }],
  ['RS without a purpose', 'RS', null, { idNumber: 'forbidden', message: /state the purpose of the request in the X-Purpose header/ }],
  [
    'RS for a purpose outside its grant',
    'RS',
    'TAX_REGISTRATION',
    {
      idNumber: 'forbidden',
      message:
        /no grant to read Enterprise\.legalRepresentativeIdNumber for purpose "TAX_REGISTRATION"; its grants .* cover: SOCIAL_INSURANCE_REGISTRATION/,
    },
  ],
  [
    'TJ, which holds no grant',
    'TJ',
    'STATISTICS_SURVEY',
    { idNumber: 'forbidden', message: /Department TJ holds no grant to read Enterprise\.legalRepresentativeIdNumber/ },
  ],
  ['GGZY without a purpose', 'GGZY', null, { idNumber: 'forbidden', message: /X-Purpose/ }],
];

describe.each<Path>(['HTTP', 'WebSocket'])('the sharing policy over %s', (path) => {
  it.each(cases)('%s', async (_name, department, purpose, expected) => {
    const body = await ask(hub, path, READ, hub.tokens.system[department], purpose, { uscc: enterprise.uscc });
    const read = body.data!.enterprise as Record<string, any>;
    // Unconditional fields resolve for everyone, whatever happens to the others.
    expect(read.uscc).toBe(enterprise.uscc);
    expect(read.name).toBe(enterprise.name);
    expect(read.status).toBe('ACTIVE');
    // Not shared: only the owner sees the clerk; to the others the field is null with no error.
    expect(read.registrations[0].clerkName).toBe(department === 'SCJG' ? '测试员' : null);
    if (expected.idNumber === 'value') {
      expect(body.errors).toBeUndefined();
      expect(read.legalRepresentativeIdNumber).toBe(ID_NUMBER);
    } else {
      expect(read.legalRepresentativeIdNumber).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].path).toEqual(['enterprise', 'legalRepresentativeIdNumber']);
      expect(body.errors![0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        field: 'Enterprise.legalRepresentativeIdNumber',
        missingGrant: { department, typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', purpose },
      });
      expect(body.errors![0].message).toMatch(expected.message);
      expect(JSON.stringify(body)).not.toContain(ID_NUMBER);
    }
  });

  it('shows the clerk who registered only to the owner department', async () => {
    // The demo clerk's credential belongs to SCJG, as does the SCJG system; the registration was keyed by 测试员.
    const owner = await ask(hub, path, READ, hub.tokens.system.SCJG, null, { uscc: enterprise.uscc });
    expect((owner.data!.enterprise as any).registrations[0].clerkName).toBe('测试员');
    const other = await ask(hub, path, READ, hub.tokens.system.RS, 'SOCIAL_INSURANCE_REGISTRATION', { uscc: enterprise.uscc });
    expect((other.data!.enterprise as any).registrations[0].clerkName).toBeNull();
    expect(other.errors).toBeUndefined();
    expect(JSON.stringify(other)).not.toContain('测试员');
  });

  it('checks nested records and every row of a page, not only the root field', async () => {
    const page = `{ enterprises(first: 50) { nodes { uscc legalRepresentativeIdNumber registrations { enterprise { legalRepresentativeIdNumber } } } } }`;
    const body = await ask(hub, path, page, hub.tokens.system.TJ, 'STATISTICS_SURVEY');
    const nodes = (body.data!.enterprises as any).nodes as Array<Record<string, any>>;
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.legalRepresentativeIdNumber).toBeNull();
      expect(node.registrations[0].enterprise.legalRepresentativeIdNumber).toBeNull();
    }
    expect(body.errors!.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(body.errors!.length).toBe(nodes.length * 2);
    expect(JSON.stringify(body)).not.toContain(ID_NUMBER);
  });
});

describe('the mutation payload path', () => {
  it('applies the policy to what a mutation returns', async () => {
    // SCJG registers; its own payload includes its own conditional field.
    const response = await graphql(
      hub.url,
      `
        mutation ($input: RegisterEnterpriseInput!, $key: ID!) {
          registerEnterprise(input: $input, idempotencyKey: $key) {
            enterprise {
              legalRepresentativeIdNumber
            }
          }
        }
      `,
      {
        token: hub.tokens.clerk,
        variables: { key: randomUUID(), input: companyInput() },
      },
    );
    expect(response.body.errors).toBeUndefined();
    expect((response.body.data as any).registerEnterprise.enterprise.legalRepresentativeIdNumber).toBe(ID_NUMBER);
  });
});
