import { randomUUID } from 'node:crypto';
import { graphql } from '../support/graphql-client.js';
import type { TestHub } from '../support/test-hub.js';

export const ENTERPRISE_FIELDS = `
  id uscc name kind legalRepresentative registeredCapitalWanYuan address divisionCode industryCode
  businessScope establishedOn status version parentUscc
  registeringAuthority { code }
`;

export const REGISTER = `
  mutation Register($input: RegisterEnterpriseInput!, $key: ID!) {
    registerEnterprise(input: $input, idempotencyKey: $key) {
      replayed
      enterprise { ${ENTERPRISE_FIELDS} licences { licenceTypeCode name number holderCode status validFrom validTo issuer { code } } }
      registration {
        id kind certificates { code name departmentCode }
        registeredBy { code } clerkName
        receipts { department { code } certificateCodes status }
      }
    }
  }
`;

let serial = 0;

/** A valid registration of a company in 昭化区; every call a new name unless one is given. */
export function companyInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    name: `广元市昭化区测试商贸有限公司${process.pid}${serial}`,
    kind: 'COMPANY',
    legalRepresentative: '李明',
    legalRepresentativeIdNumber: '11010519491231002X',
    registeredCapitalWanYuan: '50.5',
    address: '四川省广元市昭化区元坝镇解放街1号',
    divisionCode: '510811',
    industryCode: 'F5211',
    businessScope: '日用百货销售',
    establishedOn: '2026-11-20',
    ...overrides,
  };
}

export interface RegisteredEnterprise {
  uscc: string;
  name: string;
  version: number;
  [field: string]: unknown;
}

/** Registers through the API as the SCJG window clerk and returns the response body. */
export async function register(hub: TestHub, input: Record<string, unknown> = companyInput(), key: string = randomUUID()) {
  return graphql<{ registerEnterprise: { replayed: boolean; enterprise: RegisteredEnterprise; registration: Record<string, any> } }>(
    hub.url,
    REGISTER,
    { token: hub.tokens.clerk, variables: { input, key } },
  );
}

/** Registers and fails the test unless it worked. */
export async function registerOk(hub: TestHub, input?: Record<string, unknown>): Promise<RegisteredEnterprise> {
  const response = await register(hub, input);
  if (response.body.errors) throw new Error(`registration failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data!.registerEnterprise.enterprise;
}
