import { graphql } from '../support/graphql-client.js';
import type { TestHub } from '../support/test-hub.js';

export const LICENCE_FIELDS = `
  id identifier licenceTypeCode name number holderCode holderCodeType holderName licenceVersion
  validFrom validTo status supersededBy fields issuer { code }
  statusHistory { fromStatus toStatus reason document changedBy }
`;

export function constructionPermit(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    licenceTypeCode: 'CONSTRUCTION_PERMIT',
    holderCode: '91110000600037341L',
    holderName: '中国石油化工股份有限公司',
    validFrom: '2026-11-01',
    fields: {
      projectName: '昭化区元坝镇中心小学教学楼',
      projectAddress: '昭化区元坝镇',
      constructionAreaSqm: 4860.5,
      contractPriceWanYuan: '1520.36',
      contractor: '四川广元建工集团有限公司',
      startDate: '2026-12-01',
    },
    ...overrides,
  };
}

/** A food business licence (食品经营许可证) for a shop selling pre-packed food, issued by 市场监管. */
export function foodBusinessLicence(holderCode: string, holderName: string): Record<string, unknown> {
  return {
    licenceTypeCode: 'FOOD_BUSINESS_LICENCE',
    holderCode,
    holderName,
    fields: { mainBusinessType: '食品销售经营者', businessItems: ['预包装食品销售'], premises: '昭化区元坝镇解放街1号' },
  };
}

export async function issue(hub: TestHub, input: Record<string, unknown>, token = hub.tokens.system.ZJJ) {
  return graphql<{ issueLicence: any }>(
    hub.url,
    `mutation($input: IssueLicenceInput!) { issueLicence(input: $input) { ${LICENCE_FIELDS} } }`,
    {
      token,
      variables: { input },
    },
  );
}

export async function issueOk(hub: TestHub, input: Record<string, unknown> = constructionPermit(), token?: string) {
  const response = await issue(hub, input, token);
  if (response.body.errors) throw new Error(`issue failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data!.issueLicence;
}

export async function verify(hub: TestHub, identifier: string) {
  const response = await graphql<{ verifyLicence: any }>(
    hub.url,
    `
      query ($identifier: String!) {
        verifyLicence(identifier: $identifier) {
          identifier
          valid
          outcome
          message
          licence {
            name
            number
            holderName
            holderCode
            issuerName
            validFrom
            validTo
            status
            supersededBy
            publicFields
          }
        }
      }
    `,
    { variables: { identifier } },
  );
  if (response.body.errors) throw new Error(`verify failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data!.verifyLicence;
}

/** A citizen's marriage certificate (结婚证), issued by 民政 (MZ): a licence whose holder and spouse are personal data. */
export function issueMarriageCertificate(hub: TestHub, holder: { holderCode: string; holderName: string; spouseName: string }) {
  return issueOk(
    hub,
    {
      licenceTypeCode: 'MARRIAGE_CERTIFICATE',
      holderCode: holder.holderCode,
      holderName: holder.holderName,
      validFrom: '2026-11-01',
      fields: { spouseName: holder.spouseName, registeredOn: '2026-11-01', registrationOffice: '昭化区民政局婚姻登记处' },
    },
    hub.tokens.system.MZ,
  );
}
