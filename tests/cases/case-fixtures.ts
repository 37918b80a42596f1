import { graphql } from '../support/graphql-client.js';
import type { TestHub } from '../support/test-hub.js';

/** 食品经营许可: a promised case of 市场监管, 20 working days by law, 10 promised, online too. */
export const foodLicence = {
  code: 'SCJG-XK-001',
  name: '食品经营许可',
  category: 'ADMINISTRATIVE_LICENSING',
  departmentCode: 'SCJG',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  legalTimeLimitDays: 20,
  promisedTimeLimitDays: 10,
  kind: 'PROMISED',
  levels: ['COUNTY'],
  onlineAvailable: true,
  documentNumber: '国务院令第412号',
  effectiveOn: '2015-10-01',
};

/** 个体工商户名称预先核准: on the spot (即办件). */
export const nameApproval = {
  ...foodLicence,
  code: 'SCJG-QR-002',
  name: '个体工商户名称预先核准',
  category: 'ADMINISTRATIVE_CONFIRMATION',
  legalTimeLimitDays: 5,
  promisedTimeLimitDays: 0,
  kind: 'ON_THE_SPOT',
  onlineAvailable: false,
};

/** A matter of 民政, cancelled from 2017. */
export const cancelledMatter = {
  ...foodLicence,
  code: 'MZ-XK-009',
  name: '社会团体印章式样备案',
  departmentCode: 'MZ',
};

export const CASE_FIELDS = `caseNo matterCode status channel divisionCode acceptedOn dueOn legalDueOn legalLimitDays promisedLimitDays
  completedOn workingDaysTaken onTime early overdue clockStopped missingMaterials missingMaterialsDueOn applicantCodeType
  department { code } matter { code name } statusHistory { fromStatus toStatus reason changedBy }`;

export const ACCEPT = `mutation A($input: AcceptCaseInput!) { acceptCase(input: $input) { ${CASE_FIELDS} } }`;
export const step = (name: string) => `mutation S($input: CaseStepInput!) { ${name}(input: $input) { ${CASE_FIELDS} } }`;

/** A well-formed USCC and a resident ID (both pass their check characters). */
export const APPLICANT_USCC = '91350100M000100Y43';
export const APPLICANT_ID = '11010519491231002X';

export async function addCatalog(hub: TestHub): Promise<void> {
  const add = 'mutation A($input: AddMatterInput!) { addMatter(input: $input) { code } }';
  for (const matter of [foodLicence, nameApproval, cancelledMatter]) {
    const added = await graphql(hub.url, add, { token: hub.tokens.admin, variables: { input: matter } });
    if (added.body.errors) throw new Error(JSON.stringify(added.body.errors));
  }
  const cancel = await graphql(hub.url, 'mutation J($input: AdjustMatterInput!) { adjustMatter(input: $input) { status } }', {
    token: hub.tokens.admin,
    variables: { input: { code: cancelledMatter.code, type: 'CANCEL', documentNumber: '川府发〔2017〕3号', effectiveOn: '2017-03-01' } },
  });
  if (cancel.body.errors) throw new Error(JSON.stringify(cancel.body.errors));
}

export function acceptInput(overrides: Record<string, unknown> = {}) {
  return {
    caseNo: `SCJG-${Math.random().toString(36).slice(2, 10)}`,
    matterCode: foodLicence.code,
    applicantCode: APPLICANT_USCC,
    applicantName: '福建某某食品有限公司',
    channel: 'WINDOW',
    acceptedAt: '2026-09-28T09:00:00+08:00',
    ...overrides,
  };
}
