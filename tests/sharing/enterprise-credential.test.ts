import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { issue } from './sharing-support.js';

let hub: TestHub;
let own: RegisteredEnterprise;
let other: RegisteredEnterprise;
let token: string;
const prefix = `ENT-${process.pid}`;

const accessLogAbout = async (uscc: string) =>
  Number((await hub.orm.em.fork().execute('select count(*) as n from access_log_entry where subject_uscc = ?', [uscc]))[0].n);

beforeAll(async () => {
  hub = await startTestHub();
  own = await registerOk(hub);
  other = await registerOk(hub, companyInput({ name: `广元他人测试有限公司${process.pid}` }));
  for (const [suffix, winner] of [
    ['A', own],
    ['B', other],
  ] as const) {
    const code = `${prefix}-${suffix}`;
    await graphql(hub.url, 'mutation($input: RecordTradeInput!) { recordTrade(input: $input) { code } }', {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code,
          name: '昭化区村道路硬化工程',
          category: 'CONSTRUCTION',
          method: 'OPEN_TENDER',
          budget: '1000000.00',
          divisionCode: '510811',
          announcedOn: '2026-03-02',
        },
      },
    });
    const awarded = await graphql(hub.url, 'mutation($input: AwardTradeInput!) { awardTrade(input: $input) { code } }', {
      token: hub.tokens.system.GGZY,
      variables: { input: { code, dealAmount: '900000.00', dealOn: '2026-03-30', winnerUscc: winner.uscc } },
    });
    if (awarded.body.errors) throw new Error(JSON.stringify(awarded.body.errors));
  }
  token = await issue(hub, { departmentCode: 'ZWFW', roles: ['ENTERPRISE'], label: 'enterprise A', enterpriseUscc: own.uscc });
});
afterAll(() => hub?.stop());

describe('an ENTERPRISE credential is bound to its USCC', () => {
  it('reads its own record through a public list, and is refused another enterprise at the relation, with nothing of it sent or logged as read', async () => {
    const [ownBefore, otherBefore] = [await accessLogAbout(own.uscc), await accessLogAbout(other.uscc)];
    const response = await graphql<any>(
      hub.url,
      `
        {
          trades(first: 50) {
            nodes {
              code
              winnerName
              winnerEnterprise {
                uscc
                legalRepresentativeIdNumber
                registrations {
                  clerkName
                }
              }
            }
          }
        }
      `,
      { token },
    );
    const nodes = response.body.data.trades.nodes.filter((node: { code: string }) => node.code.startsWith(prefix));
    expect(nodes.find((node: { code: string }) => node.code.endsWith('-A')).winnerEnterprise).toEqual({
      uscc: own.uscc,
      legalRepresentativeIdNumber: '11010519491231002X',
      registrations: [{ clerkName: null }],
    });
    const others = nodes.find((node: { code: string }) => node.code.endsWith('-B'));
    expect(others.winnerEnterprise).toBeNull();
    // The trade itself is public (a 公示 result): the winner's name is there, its registry record is not.
    expect(others.winnerName).toBe(other.name);
    const refusal = response.body.errors!.find((error: { path?: unknown[] }) => error.path?.includes('winnerEnterprise'))!;
    expect(refusal.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Trade.winnerEnterprise' });
    expect(refusal.message).toContain(own.uscc);
    expect(JSON.stringify(response.body.data)).not.toContain(other.uscc);
    // Its own personal data read is logged (an enterprise sees its own reads too); nothing about the other.
    expect(await accessLogAbout(other.uscc)).toBe(otherBefore);
    expect(await accessLogAbout(own.uscc)).toBe(ownBefore + 1);
  });

  it('is refused the uses of another holder’s licences', async () => {
    const response = await graphql<any>(
      hub.url,
      `
        query ($h: String) {
          licenceUsesOfHolder(holderCode: $h) {
            totalCount
          }
        }
      `,
      { token, variables: { h: other.uscc } },
    );
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'holderCode' });
  });

  it('is refused the department roots (enterprise, licences, cases) by role', async () => {
    for (const query of [
      `{ enterprise(uscc: "${other.uscc}") { name } }`,
      '{ licences(first: 1) { totalCount } }',
      '{ cases(first: 1) { totalCount } }',
    ]) {
      const response = await graphql<any>(hub.url, query, { token });
      expect(response.body.errors?.[0].extensions?.code, query).toBe('FORBIDDEN');
      expect(JSON.stringify(response.body.data ?? null)).not.toContain(other.name);
    }
  });

  it('cannot be issued together with another role, nor a screen with a department role', async () => {
    const combinations: Array<[string[], RegExp]> = [
      [['ENTERPRISE', 'SYSTEM'], /ENTERPRISE cannot be combined/],
      [['DASHBOARD', 'SYSTEM'], /DASHBOARD credential is a read-only screen/],
      [['SYSTEM', 'CLERK'], /either a business system \(SYSTEM\) or a named person \(CLERK\)/],
      [['ADMIN', 'SYSTEM'], /only ADMIN together with CLERK/],
    ];
    for (const [roles, reason] of combinations) {
      const response = await graphql<any>(hub.url, 'mutation($input: IssueCredentialInput!) { issueCredential(input: $input) { keyId } }', {
        token: hub.tokens.admin,
        variables: {
          input: {
            departmentCode: 'ZWFW',
            roles,
            label: 'combo',
            clerkName: roles.includes('CLERK') ? '张三' : null,
            enterpriseUscc: roles.includes('ENTERPRISE') ? own.uscc : null,
          },
        },
      });
      expect(response.body.errors?.[0].extensions, roles.join('+')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
      expect(response.body.errors?.[0].message).toMatch(reason);
    }
  });
});
