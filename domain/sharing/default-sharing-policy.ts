import { SharingLevel } from '../../entities/sharing-level.js';

const { UNCONDITIONAL, CONDITIONAL, PERSONAL, NOT_SHARED } = SharingLevel;

/**
 * The policy a new hub starts with (admins change it with setFieldSharing). The registry's data is
 * owned by 市场监管 (SCJG), its registering authority: names, kinds, status, the licence and the
 * registration acts are shared without condition; the legal representative's ID number is
 * personal data, read only under a grant for a stated purpose; the clerk who keyed a registration
 * is internal to the registering department. Every field of a listed type is listed, so a field
 * added later fails tests/sharing/policy-coverage.test.ts until someone decides its level (a row for
 * a field another module adds later is harmless until the field exists). Types not listed here are
 * classified in tests/sharing/leak-matrix.test.ts, so a new type cannot slip past the policy either.
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
      legalRepresentativeIdNumber: PERSONAL,
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
  // A change's old and new values are read under the level of the enterprise field they belong to
  // (domain/sharing/record-facts.ts); who keyed the change is internal, like Registration.clerkName.
  EnterpriseChange: {
    owner: 'SCJG',
    fields: {
      changedAt: UNCONDITIONAL,
      changedBy: NOT_SHARED,
      document: UNCONDITIONAL,
      field: UNCONDITIONAL,
      id: UNCONDITIONAL,
      newValue: UNCONDITIONAL,
      oldValue: UNCONDITIONAL,
    },
  },
  // Each licence is owned by its issuer (record-facts.ts); the row's owner stands for that. A citizen's
  // ID number and name are personal; an enterprise holder's USCC and name are not (decided per licence).
  // `fields` is personal where the licence type's JSON Schema marks a field `"personal": true`.
  Licence: {
    owner: 'ZWFW',
    fields: {
      fields: PERSONAL,
      holderCode: PERSONAL,
      holderCodeType: UNCONDITIONAL,
      holderName: PERSONAL,
      id: UNCONDITIONAL,
      identifier: UNCONDITIONAL,
      issuedAt: UNCONDITIONAL,
      issuer: UNCONDITIONAL,
      licenceTypeCode: UNCONDITIONAL,
      licenceVersion: UNCONDITIONAL,
      matterCode: UNCONDITIONAL,
      name: UNCONDITIONAL,
      number: PERSONAL,
      status: UNCONDITIONAL,
      statusHistory: UNCONDITIONAL,
      supersededBy: UNCONDITIONAL,
      type: UNCONDITIONAL,
      uses: UNCONDITIONAL,
      validFrom: UNCONDITIONAL,
      validTo: UNCONDITIONAL,
    },
  },
  // Each case is owned by the department that accepted it; a citizen applicant's ID number and name are personal.
  Case: {
    owner: 'ZWFW',
    fields: {
      acceptedAt: UNCONDITIONAL,
      acceptedOn: UNCONDITIONAL,
      applicantCode: PERSONAL,
      applicantCodeType: UNCONDITIONAL,
      applicantName: PERSONAL,
      caseNo: UNCONDITIONAL,
      channel: UNCONDITIONAL,
      clockStopped: UNCONDITIONAL,
      completedAt: UNCONDITIONAL,
      completedOn: UNCONDITIONAL,
      countsFrom: UNCONDITIONAL,
      createdAt: UNCONDITIONAL,
      department: UNCONDITIONAL,
      divisionCode: UNCONDITIONAL,
      dueOn: UNCONDITIONAL,
      dueOnEstimated: UNCONDITIONAL,
      early: UNCONDITIONAL,
      id: UNCONDITIONAL,
      legalDueOn: UNCONDITIONAL,
      legalLimitDays: UNCONDITIONAL,
      matter: UNCONDITIONAL,
      matterCode: UNCONDITIONAL,
      missingMaterials: UNCONDITIONAL,
      missingMaterialsDueOn: UNCONDITIONAL,
      missingMaterialsReceivedOn: UNCONDITIONAL,
      onTime: UNCONDITIONAL,
      overdue: UNCONDITIONAL,
      promisedLimitDays: UNCONDITIONAL,
      status: UNCONDITIONAL,
      statusHistory: UNCONDITIONAL,
      updatedAt: UNCONDITIONAL,
      version: UNCONDITIONAL,
      workingDaysTaken: UNCONDITIONAL,
    },
  },
  // A licence's history is its issuer's (record-facts.ts): who acted there is internal to it.
  LicenceStatusChange: {
    owner: 'ZWFW',
    fields: {
      changedAt: UNCONDITIONAL,
      changedBy: NOT_SHARED,
      document: UNCONDITIONAL,
      fromStatus: UNCONDITIONAL,
      id: UNCONDITIONAL,
      reason: UNCONDITIONAL,
      toStatus: UNCONDITIONAL,
    },
  },
  // A case's history is its department's: who acted is internal; a reason (补正, refusal) written
  // about a citizen's application is personal.
  CaseStatusChange: {
    owner: 'ZWFW',
    fields: {
      changedAt: UNCONDITIONAL,
      changedBy: NOT_SHARED,
      fromStatus: UNCONDITIONAL,
      id: UNCONDITIONAL,
      reason: PERSONAL,
      recordedAt: UNCONDITIONAL,
      toStatus: UNCONDITIONAL,
    },
  },
  // A use is the using department's record: which of its clerks used the licence is internal to it.
  LicenceUse: {
    owner: 'ZWFW',
    fields: {
      accepted: UNCONDITIONAL,
      caseNo: UNCONDITIONAL,
      department: UNCONDITIONAL,
      id: UNCONDITIONAL,
      licence: UNCONDITIONAL,
      matterCode: UNCONDITIONAL,
      purpose: UNCONDITIONAL,
      refusalReason: UNCONDITIONAL,
      usedAt: UNCONDITIONAL,
      usedBy: NOT_SHARED,
    },
  },
  // Trading results are public announcements (公示).
  Trade: {
    owner: 'GGZY',
    fields: {
      agencyName: UNCONDITIONAL,
      agencyUscc: UNCONDITIONAL,
      announcedOn: UNCONDITIONAL,
      budget: UNCONDITIONAL,
      category: UNCONDITIONAL,
      code: UNCONDITIONAL,
      createdAt: UNCONDITIONAL,
      dealAmount: UNCONDITIONAL,
      dealOn: UNCONDITIONAL,
      divisionCode: UNCONDITIONAL,
      id: UNCONDITIONAL,
      method: UNCONDITIONAL,
      name: UNCONDITIONAL,
      openingOn: UNCONDITIONAL,
      premium: UNCONDITIONAL,
      premiumRate: UNCONDITIONAL,
      reservePrice: UNCONDITIONAL,
      savings: UNCONDITIONAL,
      savingsRate: UNCONDITIONAL,
      status: UNCONDITIONAL,
      statusHistory: UNCONDITIONAL,
      updatedAt: UNCONDITIONAL,
      version: UNCONDITIONAL,
      winnerEnterprise: UNCONDITIONAL,
      winnerName: UNCONDITIONAL,
      winnerUscc: UNCONDITIONAL,
    },
  },
  // The envelope of enterprise.* outbound events: its `enterprise` is read as Enterprise fields, and each
  // `changedFields` entry under the level of the enterprise field it names.
  EnterpriseEvent: {
    owner: 'SCJG',
    fields: {
      registrationId: UNCONDITIONAL,
      registrationKind: UNCONDITIONAL,
      registeredAt: UNCONDITIONAL,
      document: UNCONDITIONAL,
      certificateCodes: UNCONDITIONAL,
      changedFields: UNCONDITIONAL,
      enterprise: UNCONDITIONAL,
    },
  },
};

/** Policy types that are not GraphQL types: the envelopes of outbound events (domain/connectors/outbound-payload.ts). */
export const eventEnvelopeTypes: ReadonlySet<string> = new Set(['EnterpriseEvent']);

/** Grants the demo district starts with: 人社 and 税务 read the ID number for their registrations. */
export const defaultSharingGrants = [
  {
    departmentCode: 'RS',
    typeName: 'Enterprise',
    fieldNames: ['legalRepresentativeIdNumber'],
    purposes: ['SOCIAL_INSURANCE_REGISTRATION'],
  },
  { departmentCode: 'SW', typeName: 'Enterprise', fieldNames: ['legalRepresentativeIdNumber'], purposes: ['TAX_REGISTRATION'] },
];
