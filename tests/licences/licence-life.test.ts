import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk } from '../registration/registration-fixtures.js';
import { constructionPermit, issueOk, LICENCE_FIELDS, verify } from './licence-fixtures.js';

describe('a licence’s life: suspend, reinstate, revoke, renew, source statuses, use', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const act = (mutation: string, id: string, token = hub.tokens.system.ZJJ, extra = '') =>
    graphql<Record<string, any>>(
      hub.url,
      `mutation($id: ID!) { ${mutation}(id: $id, reason: "检查发现安全隐患"${extra}, document: "昭住建〔2026〕3号") { ${LICENCE_FIELDS} } }`,
      {
        token,
        variables: { id },
      },
    );

  it('suspends and reinstates, each step in the history and seen by verifyLicence at once', async () => {
    const licence = await issueOk(hub);
    const suspended = await act('suspendLicence', licence.id);
    expect(suspended.body.data!.suspendLicence.status).toBe('SUSPENDED');
    expect((await verify(hub, licence.identifier)).outcome).toBe('SUSPENDED');
    const reinstated = await act('reinstateLicence', licence.id);
    expect(reinstated.body.data!.reinstateLicence.statusHistory.map((step: any) => step.toStatus)).toEqual(['VALID', 'SUSPENDED', 'VALID']);
    expect((await verify(hub, licence.identifier)).valid).toBe(true);
  });

  it('revokes once; revoking twice is refused, and so is a revocation by another department', async () => {
    const licence = await issueOk(hub);
    const foreign = await act('revokeLicence', licence.id, hub.tokens.system.SW);
    expect(foreign.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await act('revokeLicence', licence.id)).body.data!.revokeLicence.status).toBe('REVOKED');
    const twice = await act('revokeLicence', licence.id);
    expect(twice.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'REVOKED' });
    expect(twice.body.errors?.[0].message).toMatch(/already revoked/);
    expect((await verify(hub, licence.identifier)).outcome).toBe('REVOKED');
  });

  it('refuses an act without a reason', async () => {
    const licence = await issueOk(hub);
    const response = await graphql(
      hub.url,
      `
        mutation ($id: ID!) {
          suspendLicence(id: $id, reason: "  ") {
            status
          }
        }
      `,
      { token: hub.tokens.system.ZJJ, variables: { id: licence.id } },
    );
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  it('renews as the next version: a new identifier, and the old one verifies as superseded', async () => {
    const licence = await issueOk(hub);
    const response = await graphql<{ renewLicence: any }>(
      hub.url,
      `mutation($id: ID!) { renewLicence(id: $id, input: { validTo: "2030-12-31", reason: "延期" }) { ${LICENCE_FIELDS} } }`,
      { token: hub.tokens.system.ZJJ, variables: { id: licence.id } },
    );
    expect(response.body.errors).toBeUndefined();
    const renewal = response.body.data!.renewLicence;
    expect(renewal).toMatchObject({ licenceVersion: 2, number: licence.number, validTo: '2030-12-31', status: 'VALID' });
    expect(renewal.identifier).not.toBe(licence.identifier);
    expect(renewal.identifier.split('.').at(-2)).toBe('002');
    expect(await verify(hub, licence.identifier)).toMatchObject({
      valid: false,
      outcome: 'SUPERSEDED',
      licence: { supersededBy: renewal.identifier },
    });
    expect((await verify(hub, renewal.identifier)).valid).toBe(true);
  });

  it('maps a source system’s own status code, and refuses one it does not know', async () => {
    const licence = await issueOk(hub);
    const query = `mutation($id: ID!, $code: String!) { recordLicenceSourceStatus(id: $id, sourceStatusCode: $code, reason: "住建系统同步") { status statusHistory { toStatus reason } } }`;
    const mapped = await graphql<{ recordLicenceSourceStatus: any }>(hub.url, query, {
      token: hub.tokens.system.ZJJ,
      variables: { id: licence.id, code: '02' },
    });
    expect(mapped.body.data!.recordLicenceSourceStatus.status).toBe('SUSPENDED');
    expect(mapped.body.data!.recordLicenceSourceStatus.statusHistory.at(-1).reason).toMatch(/source status 02/);
    const unknown = await graphql(hub.url, query, { token: hub.tokens.system.ZJJ, variables: { id: licence.id, code: '99' } });
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sourceStatusCode' });
    expect(unknown.body.errors?.[0].message).toMatch(/known: 01, 02/);
  });

  it('knows expiry and validity at the instant of the query', async () => {
    const past = await issueOk(hub, constructionPermit({ validFrom: '2020-01-01', validTo: '2020-12-31' }));
    expect(past.status).toBe('EXPIRED');
    expect((await verify(hub, past.identifier)).outcome).toBe('EXPIRED');
    const future = await issueOk(hub, constructionPermit({ validFrom: '2099-01-01' }));
    expect((await verify(hub, future.identifier)).outcome).toBe('NOT_YET_VALID');
  });

  it('records every use; a use of a revoked licence is refused and recorded, and the issuer sees both', async () => {
    const licence = await issueOk(hub);
    const use = (identifier: string) =>
      graphql<{ useLicence: any }>(
        hub.url,
        `
          mutation ($identifier: String!) {
            useLicence(identifier: $identifier, matterCode: "QT-0001", caseNo: "ZH2026112300017", purpose: "办理竣工验收备案") {
              accepted
              department {
                code
              }
              usedBy
            }
          }
        `,
        { token: hub.tokens.system.GGZY, variables: { identifier } },
      );
    expect((await use(licence.identifier)).body.data!.useLicence).toMatchObject({ accepted: true, department: { code: 'GGZY' } });
    await act('revokeLicence', licence.id);
    const refused = await use(licence.identifier);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', outcome: 'REVOKED' });

    const uses = `query($id: ID!) { licence(id: $id) { uses { accepted refusalReason matterCode caseNo purpose department { code } } } }`;
    const seen = await graphql<{ licence: any }>(hub.url, uses, { token: hub.tokens.system.ZJJ, variables: { id: licence.id } });
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data!.licence.uses).toEqual([
      expect.objectContaining({ accepted: true, refusalReason: null, caseNo: 'ZH2026112300017', department: { code: 'GGZY' } }),
      expect.objectContaining({ accepted: false, refusalReason: expect.stringMatching(/^REVOKED/) }),
    ]);
    const byHolder = await graphql<{ licenceUsesOfHolder: any }>(
      hub.url,
      `
        query ($holder: String!) {
          licenceUsesOfHolder(holderCode: $holder, first: 50) {
            totalCount
            nodes {
              accepted
              caseNo
              licence {
                identifier
              }
              department {
                code
              }
            }
          }
        }
      `,
      { token: hub.tokens.admin, variables: { holder: licence.holderCode } },
    );
    expect(byHolder.body.errors).toBeUndefined();
    expect(byHolder.body.data!.licenceUsesOfHolder.nodes.filter((node: any) => node.licence.identifier === licence.identifier)).toEqual([
      { accepted: false, caseNo: 'ZH2026112300017', licence: { identifier: licence.identifier }, department: { code: 'GGZY' } },
      { accepted: true, caseNo: 'ZH2026112300017', licence: { identifier: licence.identifier }, department: { code: 'GGZY' } },
    ]);
    const other = await graphql(hub.url, uses, { token: hub.tokens.system.GGZY, variables: { id: licence.id } });
    expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const noPurpose = await graphql(
      hub.url,
      `
        mutation ($identifier: String!) {
          useLicence(identifier: $identifier, matterCode: "QT-0001", caseNo: "1", purpose: "") {
            accepted
          }
        }
      `,
      {
        token: hub.tokens.system.GGZY,
        variables: { identifier: licence.identifier },
      },
    );
    expect(noPurpose.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'purpose' });
  });
});

describe('an enterprise sees who used its licences', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('lists the uses of its own licences, and nobody else’s', async () => {
    const enterprise = await registerOk(hub);
    const permit = await issueOk(hub, constructionPermit({ holderCode: enterprise.uscc, holderName: enterprise.name }));
    const used = await graphql(
      hub.url,
      `
        mutation ($identifier: String!) {
          useLicence(identifier: $identifier, matterCode: "QT-0002", caseNo: "ZH2026112300099", purpose: "招标资格审查") {
            accepted
          }
        }
      `,
      { token: hub.tokens.system.GGZY, variables: { identifier: permit.identifier } },
    );
    expect(used.body.errors).toBeUndefined();
    const issued = await graphql<{ issueCredential: { token: string } }>(
      hub.url,
      `
        mutation ($input: IssueCredentialInput!) {
          issueCredential(input: $input) {
            token
          }
        }
      `,
      {
        token: hub.tokens.admin,
        variables: {
          input: { departmentCode: 'ZWFW', roles: ['ENTERPRISE'], label: 'enterprise portal', enterpriseUscc: enterprise.uscc },
        },
      },
    );
    const token = issued.body.data!.issueCredential.token;
    const query = `query($holder: String) { licenceUsesOfHolder(holderCode: $holder) { nodes { purpose department { code } licence { identifier } } } }`;
    const own = await graphql<{ licenceUsesOfHolder: any }>(hub.url, query, { token });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.licenceUsesOfHolder.nodes).toEqual([
      { purpose: '招标资格审查', department: { code: 'GGZY' }, licence: { identifier: permit.identifier } },
    ]);
    const other = await graphql(hub.url, query, { token, variables: { holder: '91110000600037341L' } });
    expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
