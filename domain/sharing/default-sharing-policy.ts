import { SharingLevel } from './sharing-level.js';

const { UNCONDITIONAL, CONDITIONAL, NOT_SHARED } = SharingLevel;

/**
 * The policy a new hub starts with (admins change it with setFieldSharing). The registry's data is
 * owned by 市场监管 (SCJG), its registering authority: names, kinds, status, the licence and the
 * registration acts are shared without condition; the legal representative's ID number is
 * personal data, read only under a grant for a stated purpose; the clerk who keyed a registration
 * is internal to the registering department. Every field of a listed type is listed, so a field
 * added later fails tests/sharing/policy-coverage.test.ts until someone decides its level.
 */
export const defaultSharingPolicy: Record<string, { owner: string; fields: Record<string, SharingLevel> }> = {
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
  Licence: {
    owner: 'SCJG',
    fields: {
      id: UNCONDITIONAL,
      licenceTypeCode: UNCONDITIONAL,
      name: UNCONDITIONAL,
      number: UNCONDITIONAL,
      holderCode: UNCONDITIONAL,
      holderName: UNCONDITIONAL,
      issuer: UNCONDITIONAL,
      issuedAt: UNCONDITIONAL,
      validFrom: UNCONDITIONAL,
      validTo: UNCONDITIONAL,
      status: UNCONDITIONAL,
    },
  },
};

/** Grants the demo district starts with: 人社 and 税务 read the ID number for their registrations. */
export const defaultSharingGrants = [
  { departmentCode: 'RS', typeName: 'Enterprise', fieldNames: ['legalRepresentativeIdNumber'], purposes: ['SOCIAL_INSURANCE_REGISTRATION'] },
  { departmentCode: 'SW', typeName: 'Enterprise', fieldNames: ['legalRepresentativeIdNumber'], purposes: ['TAX_REGISTRATION'] },
];
