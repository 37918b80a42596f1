import { SharingLevel } from './sharing-level.js';

const { UNCONDITIONAL, CONDITIONAL, NOT_SHARED } = SharingLevel;

/**
 * The policy a new hub starts with (admins change it with setFieldSharing). The registry's data is
 * owned by 市场监管 (SCJG), its registering authority: names, kinds, status, the licence and the
 * registration acts are shared without condition; the legal representative's ID number is
 * personal data, read only under a grant for a stated purpose; the clerk who keyed a registration
 * is internal to the registering department. Every field of a listed type is listed, so a field
 * added later fails tests/sharing/policy-coverage.test.ts until someone decides its level (a row for
 * a field another module adds later is harmless until the field exists). Licences are not listed:
 * their issuers differ from licence to licence, so no one department owns a licence field.
 */
export type DefaultFieldSharing = SharingLevel | { level: SharingLevel; owner: string };

export const defaultSharingPolicy: Record<string, { owner: string; fields: Record<string, DefaultFieldSharing> }> = {
  Enterprise: {
    owner: 'SCJG',
    fields: {
      id: UNCONDITIONAL,
      uscc: UNCONDITIONAL,
      name: UNCONDITIONAL,
      kind: UNCONDITIONAL,
      status: UNCONDITIONAL,
      legalRepresentative: UNCONDITIONAL,
      legalRepresentativeIdNumber: CONDITIONAL,
      registeredCapitalWanYuan: UNCONDITIONAL,
      address: UNCONDITIONAL,
      divisionCode: UNCONDITIONAL,
      industryCode: UNCONDITIONAL,
      businessScope: UNCONDITIONAL,
      establishedOn: UNCONDITIONAL,
      parentUscc: UNCONDITIONAL,
      registeringAuthority: UNCONDITIONAL,
      deregisteredAt: UNCONDITIONAL,
      version: UNCONDITIONAL,
      createdAt: UNCONDITIONAL,
      updatedAt: UNCONDITIONAL,
      licences: UNCONDITIONAL,
      registrations: UNCONDITIONAL,
      changes: UNCONDITIONAL,
      // Trades the enterprise won: public-resource trading's data (公共资源交易中心), open to all.
      trades: { level: UNCONDITIONAL, owner: 'GGZY' },
      // What the tax, social-insurance and statistics systems send in, each the source of its own.
      taxpayerType: { level: UNCONDITIONAL, owner: 'SW' },
      taxAuthority: { level: UNCONDITIONAL, owner: 'SW' },
      taxStatus: { level: UNCONDITIONAL, owner: 'SW' },
      socialInsuranceAccount: { level: CONDITIONAL, owner: 'RS' },
      insuredEmployees: { level: UNCONDITIONAL, owner: 'RS' },
      statisticsUnitCode: { level: UNCONDITIONAL, owner: 'TJ' },
    },
  },
  Registration: {
    owner: 'SCJG',
    fields: {
      id: UNCONDITIONAL,
      kind: UNCONDITIONAL,
      enterprise: UNCONDITIONAL,
      certificates: UNCONDITIONAL,
      document: UNCONDITIONAL,
      receipts: UNCONDITIONAL,
      registeredAt: UNCONDITIONAL,
      registeredBy: UNCONDITIONAL,
      clerkName: NOT_SHARED,
    },
  },
};

/** Grants the demo district starts with: 人社 and 税务 read the ID number for their registrations. */
export const defaultSharingGrants = [
  { departmentCode: 'RS', typeName: 'Enterprise', fieldNames: ['legalRepresentativeIdNumber'], purposes: ['SOCIAL_INSURANCE_REGISTRATION'] },
  { departmentCode: 'SW', typeName: 'Enterprise', fieldNames: ['legalRepresentativeIdNumber'], purposes: ['TAX_REGISTRATION'] },
];
