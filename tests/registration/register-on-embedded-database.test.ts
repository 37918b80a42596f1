import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRowsByKeys } from '../../domain/read-rows.js';
import { checkUscc } from '../../domain/uscc.js';
import { Enterprise } from '../../entities/enterprise.js';
import { foodBusinessLicence, issue } from '../licences/licence-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, register } from './registration-fixtures.js';

/**
 * A fresh machine runs the hub on PGlite (`npm start` with no configuration): the set-based writes
 * (one statement of chained INSERTs fed by jsonb_to_recordset) and the blocks of serial numbers
 * must work there as on the PostgreSQL server.
 */
describe('registration, licence issue and change on the embedded database (PGlite)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ database: { driver: 'pglite', dataDir: 'memory://' } });
  }, 120_000);
  afterAll(() => hub?.stop());

  it('registers with its licence, receipts and events, refuses the same name, and issues a further licence', async () => {
    const input = companyInput();
    const first = await register(hub, input);
    expect(first.body.errors).toBeUndefined();
    const { enterprise, registration } = first.body.data!.registerEnterprise;
    expect(checkUscc(enterprise.uscc).valid).toBe(true);
    expect(enterprise.licences).toMatchObject([{ licenceTypeCode: 'BUSINESS_LICENCE', number: enterprise.uscc, status: 'VALID' }]);
    expect(registration.receipts.map((receipt: { department: { code: string } }) => receipt.department.code).sort()).toEqual([
      'RS',
      'SW',
      'TJ',
      'ZJ',
    ]);

    const again = await register(hub, input);
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(again.body.errors?.[0].message).toContain(enterprise.uscc);

    const food = await issue(hub, foodBusinessLicence(enterprise.uscc, enterprise.name), hub.tokens.system.SCJG);
    expect(food.body.errors).toBeUndefined();
    expect(food.body.data!.issueLicence).toMatchObject({ status: 'VALID', statusHistory: [{ reason: 'issued' }] });

    // A change registration: the entity updated and its business licence renewed in the same statement as the inserts.
    const changed = await graphql<any>(
      hub.url,
      `
        mutation ($uscc: String!) {
          changeEnterprise(
            uscc: $uscc
            expectedVersion: 1
            changes: { address: "四川省广元市昭化区嵌入式路2号" }
            document: "昭市监变字〔2026〕9号"
          ) {
            enterprise {
              address
              version
              licences {
                licenceTypeCode
                licenceVersion
                status
              }
            }
            registration {
              kind
              receipts {
                status
              }
            }
          }
        }
      `,
      { token: hub.tokens.clerk, variables: { uscc: enterprise.uscc } },
    );
    expect(changed.body.errors).toBeUndefined();
    const after = changed.body.data.changeEnterprise;
    expect(after.enterprise).toMatchObject({ address: '四川省广元市昭化区嵌入式路2号', version: 2 });
    expect(
      after.enterprise.licences.filter((licence: { licenceTypeCode: string }) => licence.licenceTypeCode === 'BUSINESS_LICENCE'),
    ).toEqual([
      { licenceTypeCode: 'BUSINESS_LICENCE', licenceVersion: 1, status: 'CANCELLED' },
      { licenceTypeCode: 'BUSINESS_LICENCE', licenceVersion: 2, status: 'VALID' },
    ]);
    expect(after.registration).toMatchObject({ kind: 'CHANGE', receipts: [{ status: 'PENDING' }, {}, {}, {}] });
  });

  it('answers a lookup or a page with its lists in one statement as the relations read one at a time', async () => {
    const input = companyInput({ name: '广元市嵌入式列表读取有限公司' });
    // Timestamps, dates, decimals and JSON, as each list's own statement reads them on this driver.
    const fields = `uscc registeredCapitalWanYuan establishedOn
      licences { number issuedAt validFrom validTo fields type { name } }
      registrations { kind registeredAt certificates { code departmentCode } }
      changes { field }
      taxpayerType trades { code }`;
    // The registration's answer reads each relation through its own loader.
    const registered = await graphql<any>(
      hub.url,
      `mutation($input: RegisterEnterpriseInput!, $key: ID!) { registerEnterprise(input: $input, idempotencyKey: $key) { enterprise { ${fields} } } }`,
      { token: hub.tokens.clerk, variables: { input, key: randomUUID() } },
    );
    expect(registered.body.errors).toBeUndefined();
    const { enterprise } = registered.body.data.registerEnterprise;
    expect(enterprise.licences).toHaveLength(1);
    const lookup = await graphql<any>(hub.url, `query($uscc: String!) { enterprise(uscc: $uscc) { ${fields} } }`, {
      token: hub.tokens.clerk,
      variables: { uscc: enterprise.uscc },
    });
    expect(lookup.body.errors).toBeUndefined();
    expect(lookup.body.data.enterprise).toEqual(enterprise);
    const page = await graphql<any>(
      hub.url,
      `query($name: String!) { enterprises(filter: { nameContains: $name }) { nodes { ${fields} } } }`,
      { token: hub.tokens.clerk, variables: { name: input.name } },
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.enterprises.nodes).toEqual([enterprise]);
    // Pages after a cursor, with a filter: the page's values are formatted into its text here.
    const pageAfter = async (after: string | null) => {
      const answer = await graphql<any>(
        hub.url,
        `
          query ($after: String) {
            enterprises(first: 1, after: $after, filter: { nameContains: "有限公司", status: ACTIVE }) {
              totalCount
              nodes {
                uscc
                licences {
                  number
                }
              }
              pageInfo {
                endCursor
                hasNextPage
              }
            }
          }
        `,
        { token: hub.tokens.clerk, variables: { after } },
      );
      expect(answer.body.errors).toBeUndefined();
      return answer.body.data.enterprises;
    };
    const first = await pageAfter(null);
    const second = await pageAfter(first.pageInfo.endCursor);
    expect(first.totalCount).toBeGreaterThan(1);
    expect(second.totalCount).toBe(first.totalCount);
    expect(second.nodes).toHaveLength(1);
    expect(second.nodes[0].uscc).not.toBe(first.nodes[0].uscc);
    // Keys go into the statement's text here (no prepared statements): quotes, backslashes and braces stay values.
    const found = await readRowsByKeys(hub.orm.em.fork(), Enterprise, 'name', [`a\\"b'c,{d}`, input.name as string]);
    expect(found.map((row) => row.uscc)).toEqual([enterprise.uscc]);
  });
});
