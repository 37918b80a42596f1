import { describe, expect, it } from 'vitest';
import type { Principal } from '../../domain/auth/principal.js';
import { Role } from '../../entities/role.js';
import { decide, decideRecord, departmentScope, dependsOnRecord, readsFreely } from '../../domain/sharing/decide.js';
import { maskPersonalEntries, maskPersonalValue } from '../../domain/sharing/mask.js';
import { ANONYMOUS_READER, departmentReader, readerOf, type Reader } from '../../domain/sharing/reader.js';
import {
  fieldStandsFor,
  holdsPersonalValue,
  isOwnRecord,
  OWNED_PER_RECORD,
  ownsRecord,
  policyWriterOf,
  PUBLIC_TYPES,
} from '../../domain/sharing/record-facts.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import { SharingPolicySnapshot } from '../../domain/sharing/sharing-policy-snapshot.js';

// THE sharing decision (domain/sharing/decide.ts) and the facts it reads, reader by reader and
// level by level, without a server. tests/sharing/leak-matrix.test.ts and sharing-matrix.test.ts
// check the same decisions through GraphQL.

const now = new Date('2026-11-23T10:00:00Z');
const OWN = '91510811MA00000017';
const OTHER = '91350100M000100Y43';

const policy = new SharingPolicySnapshot(
  [
    { typeName: 'Enterprise', fieldName: 'name', level: SharingLevel.UNCONDITIONAL, ownerCode: 'SCJG' },
    { typeName: 'Enterprise', fieldName: 'taxStatus', level: SharingLevel.CONDITIONAL, ownerCode: 'SW' },
    { typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', level: SharingLevel.PERSONAL, ownerCode: 'SCJG' },
    { typeName: 'Enterprise', fieldName: 'internalNotes', level: SharingLevel.NOT_SHARED, ownerCode: 'SCJG' },
    { typeName: 'Licence', fieldName: 'holderCode', level: SharingLevel.PERSONAL, ownerCode: 'ZWFW' },
    { typeName: 'Licence', fieldName: 'reviewNotes', level: SharingLevel.NOT_SHARED, ownerCode: 'ZWFW' },
    { typeName: 'Licence', fieldName: 'fields', level: SharingLevel.CONDITIONAL, ownerCode: 'ZWFW' },
    { typeName: 'Licence', fieldName: 'number', level: SharingLevel.CONDITIONAL, ownerCode: 'ZWFW' },
    { typeName: 'Trade', fieldName: 'controlPrice', level: SharingLevel.CONDITIONAL, ownerCode: 'GGZY' },
    { typeName: 'Trade', fieldName: 'bidderNotes', level: SharingLevel.NOT_SHARED, ownerCode: 'GGZY' },
    { typeName: 'Trade', fieldName: 'contactPhone', level: SharingLevel.PERSONAL, ownerCode: 'GGZY' },
  ],
  [
    {
      id: 'g1',
      departmentCode: 'RS',
      typeName: 'Enterprise',
      fieldNames: new Set(['legalRepresentativeIdNumber', 'taxStatus']),
      purposes: ['SOCIAL_INSURANCE', 'AUDIT'],
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    },
    {
      id: 'g2',
      departmentCode: 'RS',
      typeName: 'Enterprise',
      fieldNames: new Set(['taxStatus']),
      purposes: ['AUDIT', 'PENSION'],
      expiresAt: new Date('2027-06-01T00:00:00Z'),
    },
    {
      id: 'g3',
      departmentCode: 'RS',
      typeName: 'Enterprise',
      fieldNames: new Set(['taxStatus']),
      purposes: ['OLD_CHECK'],
      expiresAt: new Date('2026-01-01T00:00:00Z'),
    },
    {
      id: 'g4',
      departmentCode: 'MZ',
      typeName: 'Enterprise',
      fieldNames: new Set(['taxStatus']),
      purposes: ['CHECK'],
      expiresAt: new Date('2026-10-01T00:00:00Z'),
    },
    {
      id: 'g5',
      departmentCode: 'MZ',
      typeName: 'Enterprise',
      fieldNames: new Set(['taxStatus']),
      purposes: ['CHECK'],
      expiresAt: new Date('2026-11-01T00:00:00Z'),
    },
    {
      id: 'g6',
      departmentCode: 'MZ',
      typeName: 'Enterprise',
      fieldNames: new Set(['taxStatus']),
      purposes: ['CHECK'],
      expiresAt: new Date('2026-09-01T00:00:00Z'),
    },
    { id: 'g7', departmentCode: 'TJ', typeName: 'Enterprise', fieldNames: new Set(['taxStatus']), purposes: ['SURVEY'], expiresAt: now },
    {
      id: 'g8',
      departmentCode: 'TJ',
      typeName: 'Enterprise',
      fieldNames: new Set(['name']),
      purposes: ['CENSUS'],
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    },
  ],
);

const department = (code: string, id: string | null = `dept-${code}`): Reader => departmentReader(code, id);
const admin: Reader = { kind: 'ADMIN', departmentCode: 'SCJG', departmentId: 'dept-SCJG', enterpriseUscc: null };
const dashboard: Reader = { kind: 'DASHBOARD', departmentCode: 'ZWFW', departmentId: 'dept-ZWFW', enterpriseUscc: null };
const enterprise: Reader = { kind: 'ENTERPRISE', departmentCode: null, departmentId: null, enterpriseUscc: OWN };

const ALLOWED = { kind: 'allowed', logged: false };
const LOGGED = { kind: 'allowed', logged: true };
const INVISIBLE = { kind: 'invisible' };

const ownEnterprise = { uscc: OWN, name: '某公司' };
const otherEnterprise = { uscc: OTHER, name: '另一公司' };

describe('a department system reading another department’s data', () => {
  it('reads unconditional data, listed or not, without a log entry', () => {
    expect(decide(policy, department('TJ'), 'Enterprise', 'name', null, undefined, now)).toEqual(ALLOWED);
    expect(decide(policy, department('TJ'), 'Enterprise', 'unlistedField', null, undefined, now)).toEqual(ALLOWED);
  });

  it('reads conditional and personal data only under a live grant for the stated purpose, logged', () => {
    expect(decide(policy, department('RS'), 'Enterprise', 'taxStatus', 'AUDIT', undefined, now)).toEqual(LOGGED);
    expect(
      decide(policy, department('RS'), 'Enterprise', 'legalRepresentativeIdNumber', 'SOCIAL_INSURANCE', { record: ownEnterprise }, now),
    ).toEqual(LOGGED);
  });

  it('never sees a field that is not shared: no error, no hint', () => {
    expect(decide(policy, department('RS'), 'Enterprise', 'internalNotes', 'AUDIT', undefined, now)).toEqual(INVISIBLE);
  });

  it('without a purpose: names the header to state it and the grant needed', () => {
    expect(decide(policy, department('RS'), 'Enterprise', 'taxStatus', null, undefined, now)).toEqual({
      kind: 'forbidden',
      reason:
        'Enterprise.taxStatus is conditional data (有条件共享): state the purpose of the request in the X-Purpose header (WebSocket: the "purpose" connection parameter); department RS needs a grant to read Enterprise.taxStatus for that purpose.',
      missingGrant: { department: 'RS', typeName: 'Enterprise', fieldName: 'taxStatus', purpose: null },
      personal: false,
    });
    expect(decide(policy, department('RS'), 'Enterprise', 'legalRepresentativeIdNumber', '', undefined, now)).toMatchObject({
      kind: 'forbidden',
      reason: expect.stringMatching(/^Enterprise\.legalRepresentativeIdNumber is personal data \(个人信息\): state the purpose/),
      missingGrant: { department: 'RS', typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', purpose: '' },
      personal: true,
    });
  });

  it('a grant for the purpose that has expired: says when the last one expired', () => {
    expect(decide(policy, department('MZ'), 'Enterprise', 'taxStatus', 'CHECK', undefined, now)).toEqual({
      kind: 'forbidden',
      reason:
        'The grant for department MZ to read Enterprise.taxStatus for purpose "CHECK" expired at 2026-11-01T00:00:00.000Z; a new grant is needed.',
      missingGrant: { department: 'MZ', typeName: 'Enterprise', fieldName: 'taxStatus', purpose: 'CHECK' },
      personal: false,
    });
  });

  it('a grant that expires at this instant no longer applies', () => {
    expect(decide(policy, department('TJ'), 'Enterprise', 'taxStatus', 'SURVEY', undefined, now)).toMatchObject({
      kind: 'forbidden',
      reason: `The grant for department TJ to read Enterprise.taxStatus for purpose "SURVEY" expired at ${now.toISOString()}; a new grant is needed.`,
    });
    expect(decide(policy, department('TJ'), 'Enterprise', 'taxStatus', 'SURVEY', undefined, new Date(now.getTime() - 1))).toEqual(LOGGED);
  });

  it('a purpose outside its grants: lists the purposes its live grants for the field cover', () => {
    expect(decide(policy, department('RS'), 'Enterprise', 'taxStatus', 'TAX', undefined, now)).toEqual({
      kind: 'forbidden',
      // Each purpose once; the expired grant's purpose (OLD_CHECK) is not offered.
      reason:
        'Department RS holds no grant to read Enterprise.taxStatus for purpose "TAX"; its grants for Enterprise.taxStatus cover: SOCIAL_INSURANCE, AUDIT, PENSION.',
      missingGrant: { department: 'RS', typeName: 'Enterprise', fieldName: 'taxStatus', purpose: 'TAX' },
      personal: false,
    });
    // RS's grant g2 does not cover the ID number, so PENSION is not offered for it.
    expect(decide(policy, department('RS'), 'Enterprise', 'legalRepresentativeIdNumber', 'PENSION', undefined, now)).toMatchObject({
      reason:
        'Department RS holds no grant to read Enterprise.legalRepresentativeIdNumber for purpose "PENSION"; its grants for Enterprise.legalRepresentativeIdNumber cover: SOCIAL_INSURANCE, AUDIT.',
      personal: true,
    });
  });

  it('a grant expiring at this instant offers no purpose', () => {
    expect(decide(policy, department('TJ'), 'Enterprise', 'taxStatus', 'OTHER', undefined, now)).toMatchObject({
      reason: 'Department TJ holds no grant to read Enterprise.taxStatus (owner: SW) for purpose "OTHER".',
    });
  });

  it('no grant for the field at all: names its owner', () => {
    expect(decide(policy, department('JT'), 'Enterprise', 'taxStatus', 'AUDIT', undefined, now)).toEqual({
      kind: 'forbidden',
      reason: 'Department JT holds no grant to read Enterprise.taxStatus (owner: SW) for purpose "AUDIT".',
      missingGrant: { department: 'JT', typeName: 'Enterprise', fieldName: 'taxStatus', purpose: 'AUDIT' },
      personal: false,
    });
    // Only live grants covering the field count: TJ's grant for `name` and its expired one do not.
    expect(decide(policy, department('TJ'), 'Enterprise', 'legalRepresentativeIdNumber', 'CENSUS', undefined, now)).toMatchObject({
      reason: 'Department TJ holds no grant to read Enterprise.legalRepresentativeIdNumber (owner: SCJG) for purpose "CENSUS".',
    });
  });
});

describe('the owner department', () => {
  it('reads its own conditional and personal fields, logged, and its not-shared ones, unlogged', () => {
    expect(decide(policy, department('SW'), 'Enterprise', 'taxStatus', null, undefined, now)).toEqual(LOGGED);
    expect(decide(policy, department('SCJG'), 'Enterprise', 'legalRepresentativeIdNumber', null, { record: ownEnterprise }, now)).toEqual(
      LOGGED,
    );
    expect(decide(policy, department('SCJG'), 'Enterprise', 'internalNotes', null, undefined, now)).toEqual(ALLOWED);
  });

  it('of a record whose rows name their owner is the department the row names, not the policy row', () => {
    const licence = { holderCode: '11010519491231002X', holderCodeType: 'RESIDENT_ID', issuer: { id: 'dept-SCJG' } };
    expect(decide(policy, department('SCJG'), 'Licence', 'holderCode', null, { record: licence }, now)).toEqual(LOGGED);
    expect(decide(policy, department('SCJG'), 'Licence', 'reviewNotes', null, { record: licence }, now)).toEqual(ALLOWED);
    // ZWFW owns the policy row but did not issue this licence.
    expect(decide(policy, department('ZWFW'), 'Licence', 'reviewNotes', null, { record: licence }, now)).toEqual(INVISIBLE);
    expect(decide(policy, department('ZWFW'), 'Licence', 'holderCode', null, { record: licence }, now)).toMatchObject({
      kind: 'forbidden',
      personal: true,
    });
    // Without the row, the policy row's owner stands.
    expect(decide(policy, department('ZWFW'), 'Licence', 'reviewNotes', null, undefined, now)).toEqual(ALLOWED);
  });

  it('an administrator owns nothing: the not-shared field is invisible and the rest needs a grant', () => {
    expect(decide(policy, admin, 'Enterprise', 'internalNotes', null, undefined, now)).toEqual(INVISIBLE);
    expect(decide(policy, admin, 'Enterprise', 'legalRepresentativeIdNumber', 'AUDIT', undefined, now)).toMatchObject({
      kind: 'forbidden',
      missingGrant: { department: 'SCJG', typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', purpose: 'AUDIT' },
    });
    expect(decide(policy, admin, 'Enterprise', 'name', null, undefined, now)).toEqual(ALLOWED);
  });

  it('a reader without a department is named (none) in the missing grant', () => {
    expect(decide(policy, { ...admin, departmentCode: null }, 'Enterprise', 'taxStatus', 'AUDIT', undefined, now)).toMatchObject({
      missingGrant: { department: '(none)' },
      reason: 'Department (none) holds no grant to read Enterprise.taxStatus (owner: SW) for purpose "AUDIT".',
    });
  });
});

describe('screens and anonymous callers', () => {
  for (const reader of [dashboard, ANONYMOUS_READER]) {
    it(`a ${reader.kind} reads unconditional data only; personal data is masked, conditional refused, not-shared invisible`, () => {
      expect(decide(policy, reader, 'Enterprise', 'name', null, undefined, now)).toEqual(ALLOWED);
      expect(decide(policy, reader, 'Enterprise', 'internalNotes', null, undefined, now)).toEqual(INVISIBLE);
      expect(decide(policy, reader, 'Enterprise', 'taxStatus', 'AUDIT', undefined, now)).toEqual({
        kind: 'forbidden',
        reason: `Enterprise.taxStatus is conditional data (有条件共享): a ${reader.kind} credential does not read it; a department system reads it under a grant for a stated purpose.`,
        missingGrant: null,
        personal: false,
      });
      expect(decide(policy, reader, 'Enterprise', 'legalRepresentativeIdNumber', null, undefined, now)).toEqual({
        kind: 'forbidden',
        reason: `Enterprise.legalRepresentativeIdNumber is personal data (个人信息): a ${reader.kind} credential does not read it; a department system reads it under a grant for a stated purpose.`,
        missingGrant: null,
        personal: true,
      });
    });
  }

  it('a personal column holding an organisation’s value is not personal in that row', () => {
    const company = { holderCode: OTHER, holderCodeType: 'USCC' };
    const citizen = { holderCode: '11010519491231002X', holderCodeType: 'RESIDENT_ID' };
    expect(decide(policy, dashboard, 'Licence', 'holderCode', null, { record: company }, now)).toEqual(ALLOWED);
    expect(decide(policy, dashboard, 'Licence', 'holderCode', null, { record: citizen }, now)).toMatchObject({
      kind: 'forbidden',
      personal: true,
    });
    // Only a PERSONAL field turns unconditional for an organisation's value; conditional data stays conditional.
    expect(decide(policy, dashboard, 'Licence', 'number', null, { record: company }, now)).toMatchObject({
      kind: 'forbidden',
      personal: false,
    });
    // Without the row, a personal field is treated as personal.
    expect(decide(policy, dashboard, 'Licence', 'holderCode', null, undefined, now)).toMatchObject({ kind: 'forbidden', personal: true });
  });
});

describe('an enterprise reading', () => {
  it('its own record whole, logged where the data is conditional or personal, but not what a department keeps internal', () => {
    const facts = { record: ownEnterprise };
    expect(decide(policy, enterprise, 'Enterprise', 'name', null, facts, now)).toEqual(ALLOWED);
    expect(decide(policy, enterprise, 'Enterprise', 'taxStatus', null, facts, now)).toEqual(LOGGED);
    expect(decide(policy, enterprise, 'Enterprise', 'legalRepresentativeIdNumber', null, facts, now)).toEqual(LOGGED);
    expect(decide(policy, enterprise, 'Enterprise', 'internalNotes', null, facts, now)).toEqual(INVISIBLE);
  });

  it('another enterprise’s record not at all, whatever the field', () => {
    for (const field of ['name', 'taxStatus', 'internalNotes']) {
      expect(decide(policy, enterprise, 'Enterprise', field, null, { record: otherEnterprise }, now)).toEqual({
        kind: 'forbidden',
        reason: `An ENTERPRISE credential reads its own records only; this Enterprise is not ${OWN}'s.`,
        missingGrant: null,
        personal: false,
      });
    }
  });

  it('a record reached through its own, when the record does not name its subject', () => {
    expect(decide(policy, enterprise, 'Registration', 'document', null, { record: { id: 'r1' }, reachedFromOwn: true }, now)).toEqual(
      ALLOWED,
    );
    expect(
      decide(policy, enterprise, 'Registration', 'document', null, { record: { id: 'r1' }, reachedFromOwn: false }, now),
    ).toMatchObject({ kind: 'forbidden' });
    expect(decide(policy, enterprise, 'Registration', 'document', null, { record: { id: 'r1' } }, now)).toMatchObject({
      kind: 'forbidden',
    });
    expect(decide(policy, enterprise, 'Registration', 'document', null, undefined, now)).toMatchObject({ kind: 'forbidden' });
  });

  it('a record that names another subject is not its own, however it was reached', () => {
    const foreignLicence = { holderCode: OTHER, holderCodeType: 'USCC' };
    expect(decide(policy, enterprise, 'Licence', 'holderCode', null, { record: foreignLicence, reachedFromOwn: true }, now)).toMatchObject({
      kind: 'forbidden',
    });
    expect(decide(policy, enterprise, 'Licence', 'reviewNotes', null, { record: { holderCode: OWN }, reachedFromOwn: false }, now)).toEqual(
      INVISIBLE,
    );
  });

  it('public records as anyone reads them', () => {
    const trade = { record: { code: 'ZHGC-2015-001' } };
    expect(decide(policy, enterprise, 'Trade', 'code', null, trade, now)).toEqual(ALLOWED);
    expect(decide(policy, enterprise, 'Trade', 'bidderNotes', null, trade, now)).toEqual(INVISIBLE);
    expect(decide(policy, enterprise, 'Trade', 'controlPrice', 'AUDIT', trade, now)).toEqual({
      kind: 'forbidden',
      reason:
        'Trade.controlPrice is conditional data (有条件共享): a ENTERPRISE credential does not read it; a department system reads it under a grant for a stated purpose.',
      missingGrant: null,
      personal: false,
    });
    expect(decide(policy, enterprise, 'Trade', 'contactPhone', null, trade, now)).toMatchObject({
      kind: 'forbidden',
      personal: true,
      missingGrant: null,
    });
  });
});

describe('fields that stand for another field (an enterprise change’s old and new values)', () => {
  it('are read under the level of the field they name', () => {
    const idChange = { record: { field: 'legalRepresentativeIdNumber', oldValue: '11010519491231002X' } };
    expect(decide(policy, department('TJ'), 'EnterpriseChange', 'oldValue', null, idChange, now)).toMatchObject({
      kind: 'forbidden',
      personal: true,
      missingGrant: { department: 'TJ', typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', purpose: null },
    });
    expect(decide(policy, department('RS'), 'EnterpriseChange', 'newValue', 'SOCIAL_INSURANCE', idChange, now)).toEqual(LOGGED);
    expect(decide(policy, department('TJ'), 'EnterpriseChange', 'oldValue', null, { record: { field: 'internalNotes' } }, now)).toEqual(
      INVISIBLE,
    );
    expect(decide(policy, department('TJ'), 'EnterpriseChange', 'oldValue', null, { record: { field: 'address' } }, now)).toEqual(ALLOWED);
  });

  it('belong to the enterprise the change was reached from', () => {
    const idChange = { record: { field: 'legalRepresentativeIdNumber' } };
    expect(decide(policy, enterprise, 'EnterpriseChange', 'oldValue', null, { ...idChange, reachedFromOwn: true }, now)).toEqual(LOGGED);
    expect(decide(policy, enterprise, 'EnterpriseChange', 'oldValue', null, { ...idChange, reachedFromOwn: false }, now)).toMatchObject({
      kind: 'forbidden',
      reason: `An ENTERPRISE credential reads its own records only; this Enterprise is not ${OWN}'s.`,
    });
    expect(decide(policy, enterprise, 'EnterpriseChange', 'oldValue', null, idChange, now)).toMatchObject({ kind: 'forbidden' });
  });
});

describe('dependsOnRecord: whether a decision can be made once per field of a document', () => {
  it('depends on the row for enterprises, for stand-in fields, for personal data and for types owned per record', () => {
    expect(dependsOnRecord(policy, enterprise, 'Enterprise', 'name')).toBe(true);
    expect(dependsOnRecord(policy, department('TJ'), 'EnterpriseChange', 'oldValue')).toBe(true);
    expect(dependsOnRecord(policy, department('TJ'), 'Enterprise', 'legalRepresentativeIdNumber')).toBe(true);
    expect(dependsOnRecord(policy, department('TJ'), 'Licence', 'reviewNotes')).toBe(true);
    expect(dependsOnRecord(policy, department('TJ'), 'Licence', 'fields')).toBe(true);
  });

  it('does not for unconditional data, nor for conditional or not-shared data of types owned as a whole', () => {
    expect(dependsOnRecord(policy, department('TJ'), 'Enterprise', 'name')).toBe(false);
    expect(dependsOnRecord(policy, department('TJ'), 'Licence', 'unlisted')).toBe(false);
    expect(dependsOnRecord(policy, dashboard, 'Enterprise', 'taxStatus')).toBe(false);
    expect(dependsOnRecord(policy, department('TJ'), 'Enterprise', 'internalNotes')).toBe(false);
  });
});

describe('readsFreely: whether a field can be decided once per policy snapshot, before the query runs', () => {
  it('is true for unconditional fields, listed or not, read by anyone but an enterprise', () => {
    for (const reader of [department('TJ'), admin, dashboard, ANONYMOUS_READER]) {
      expect(readsFreely(policy, reader.kind, 'Enterprise', 'name')).toBe(true);
      expect(readsFreely(policy, reader.kind, 'Licence', 'unlisted')).toBe(true);
      // What decide answers for it, whatever the record and purpose.
      expect(decide(policy, reader, 'Enterprise', 'name', 'CENSUS', { record: otherEnterprise }, now)).toEqual(ALLOWED);
    }
  });

  it('is false for an enterprise, for conditional, personal and not-shared data, and for stand-in fields', () => {
    expect(readsFreely(policy, 'ENTERPRISE', 'Enterprise', 'name')).toBe(false);
    expect(readsFreely(policy, 'DEPARTMENT', 'Enterprise', 'taxStatus')).toBe(false);
    expect(readsFreely(policy, 'DEPARTMENT', 'Enterprise', 'legalRepresentativeIdNumber')).toBe(false);
    expect(readsFreely(policy, 'DEPARTMENT', 'Enterprise', 'internalNotes')).toBe(false);
    // A change's old value stands for the field it changed, which may be personal.
    expect(readsFreely(policy, 'DEPARTMENT', 'EnterpriseChange', 'oldValue')).toBe(false);
    expect(readsFreely(policy, 'DEPARTMENT', 'EnterpriseChange', 'changedAt')).toBe(true);
  });
});

describe('decideRecord: whether an enterprise sees a record reached through a relation', () => {
  it('sees its own and public records, and no other', () => {
    expect(decideRecord(enterprise, 'Enterprise', { record: ownEnterprise })).toEqual({ visible: true, own: true });
    expect(decideRecord(enterprise, 'Registration', { record: {}, reachedFromOwn: true })).toEqual({ visible: true, own: true });
    expect(decideRecord(enterprise, 'Trade', { record: {} })).toEqual({ visible: true, own: false });
    expect(decideRecord(enterprise, 'Registration', { record: {} })).toEqual({
      visible: false,
      reason: `An ENTERPRISE credential reads its own records only; this Registration is not ${OWN}'s.`,
    });
    expect(decideRecord(enterprise, 'Enterprise', { record: otherEnterprise, reachedFromOwn: true })).toMatchObject({ visible: false });
  });

  it('every other reader sees every record its root field reached', () => {
    for (const reader of [department('TJ'), admin, dashboard, ANONYMOUS_READER]) {
      expect(decideRecord(reader, 'Registration', { record: {} })).toEqual({ visible: true, own: false });
    }
  });
});

describe('departmentScope: whose operational records a reader lists', () => {
  it('everyone’s for administrators and screens, its own for a department, none otherwise', () => {
    expect(departmentScope(admin)).toEqual({ kind: 'all' });
    expect(departmentScope(dashboard)).toEqual({ kind: 'all' });
    expect(departmentScope(department('RS'))).toEqual({ kind: 'own', departmentId: 'dept-RS', departmentCode: 'RS' });
    expect(departmentScope(department('RS', null))).toEqual({ kind: 'none' });
    expect(departmentScope({ ...department('RS'), departmentCode: null })).toEqual({ kind: 'none' });
    expect(departmentScope(enterprise)).toEqual({ kind: 'none' });
    expect(departmentScope({ ...enterprise, departmentId: 'dept-SCJG', departmentCode: 'SCJG' })).toEqual({ kind: 'none' });
    expect(departmentScope(ANONYMOUS_READER)).toEqual({ kind: 'none' });
  });
});

describe('readerOf: how the policy sees a principal', () => {
  const principal = (roles: Role[], enterpriseUscc?: string | null): Principal => ({
    credentialId: 'c1',
    credentialLabel: 'label',
    department: { id: 'dept-SCJG', code: 'SCJG' } as never,
    clerk: null,
    roles,
    enterpriseUscc,
  });
  const scjg = { departmentCode: 'SCJG', departmentId: 'dept-SCJG', enterpriseUscc: null };

  it('by the whole principal: enterprise first, then a department’s system or clerk, an administrator, a screen', () => {
    expect(readerOf(null)).toEqual({ kind: 'ANONYMOUS', departmentCode: null, departmentId: null, enterpriseUscc: null });
    expect(readerOf(principal([Role.ENTERPRISE, Role.SYSTEM], OWN))).toEqual({
      kind: 'ENTERPRISE',
      departmentCode: null,
      departmentId: null,
      enterpriseUscc: OWN,
    });
    expect(readerOf(principal([Role.ENTERPRISE]))).toEqual({
      kind: 'ENTERPRISE',
      departmentCode: null,
      departmentId: null,
      enterpriseUscc: null,
    });
    expect(readerOf(principal([Role.SYSTEM]))).toEqual({ kind: 'DEPARTMENT', ...scjg });
    expect(readerOf(principal([Role.CLERK, Role.ADMIN]))).toEqual({ kind: 'DEPARTMENT', ...scjg });
    expect(readerOf(principal([Role.ADMIN, Role.DASHBOARD]))).toEqual({ kind: 'ADMIN', ...scjg });
    expect(readerOf(principal([Role.DASHBOARD]))).toEqual({ kind: 'DASHBOARD', ...scjg });
    expect(readerOf(principal([]))).toEqual({ kind: 'ANONYMOUS', departmentCode: null, departmentId: null, enterpriseUscc: null });
  });

  it('an outbound connector reads as the department it delivers to', () => {
    expect(departmentReader('RS')).toEqual({ kind: 'DEPARTMENT', departmentCode: 'RS', departmentId: null, enterpriseUscc: null });
    expect(departmentReader('RS', 'dept-RS')).toEqual({
      kind: 'DEPARTMENT',
      departmentCode: 'RS',
      departmentId: 'dept-RS',
      enterpriseUscc: null,
    });
    expect(ANONYMOUS_READER).toEqual({ kind: 'ANONYMOUS', departmentCode: null, departmentId: null, enterpriseUscc: null });
  });
});

describe('record facts', () => {
  it('an enterprise’s own record: by USCC, licence holder, case applicant; unknown for other types', () => {
    expect(isOwnRecord('Enterprise', { uscc: OWN }, enterprise)).toBe(true);
    expect(isOwnRecord('Enterprise', { uscc: OTHER }, enterprise)).toBe(false);
    expect(isOwnRecord('Licence', { holderCode: OWN }, enterprise)).toBe(true);
    expect(isOwnRecord('Licence', { holderCode: OTHER }, enterprise)).toBe(false);
    expect(isOwnRecord('Case', { applicantCode: OWN }, enterprise)).toBe(true);
    expect(isOwnRecord('Case', { applicantCode: OTHER }, enterprise)).toBe(false);
    expect(isOwnRecord('Registration', { uscc: OWN }, enterprise)).toBeUndefined();
    expect(isOwnRecord('Enterprise', null, enterprise)).toBeUndefined();
    expect(isOwnRecord('Enterprise', OWN, enterprise)).toBeUndefined();
    expect(isOwnRecord('Enterprise', { uscc: OWN }, department('SCJG'))).toBeUndefined();
  });

  it('a personal column is personal only when it holds a citizen’s value', () => {
    for (const field of ['holderCode', 'holderName', 'number']) {
      expect(holdsPersonalValue('Licence', field, { holderCodeType: 'USCC' }), field).toBe(false);
      expect(holdsPersonalValue('Licence', field, { holderCodeType: 'RESIDENT_ID' }), field).toBe(true);
    }
    expect(holdsPersonalValue('Licence', 'fields', { holderCodeType: 'USCC' })).toBe(true);
    for (const field of ['applicantCode', 'applicantName']) {
      expect(holdsPersonalValue('Case', field, { applicantCodeType: 'RESIDENT_ID' }), field).toBe(true);
      expect(holdsPersonalValue('Case', field, {}), field).toBe(true);
      expect(holdsPersonalValue('Case', field, { applicantCodeType: 'USCC' }), field).toBe(false);
    }
    expect(holdsPersonalValue('Case', 'reason', { applicantCodeType: 'USCC' })).toBe(true);
    expect(holdsPersonalValue('CaseStatusChange', 'reason', { serviceCase: { applicantCodeType: 'USCC' } })).toBe(false);
    expect(holdsPersonalValue('CaseStatusChange', 'reason', { serviceCase: { applicantCodeType: 'RESIDENT_ID' } })).toBe(true);
    expect(holdsPersonalValue('CaseStatusChange', 'reason', { serviceCase: null })).toBe(true);
    expect(holdsPersonalValue('CaseStatusChange', 'toStatus', { serviceCase: { applicantCodeType: 'USCC' } })).toBe(true);
    expect(holdsPersonalValue('Enterprise', 'legalRepresentativeIdNumber', { holderCodeType: 'USCC', applicantCodeType: 'USCC' })).toBe(
      true,
    );
    // The columns are personal by the row's code type only on the types that have those columns.
    expect(holdsPersonalValue('Trade', 'holderName', { holderCodeType: 'USCC' })).toBe(true);
    expect(holdsPersonalValue('Registration', 'applicantName', { applicantCodeType: 'USCC' })).toBe(true);
    expect(holdsPersonalValue('Licence', 'reason', { serviceCase: { applicantCodeType: 'USCC' } })).toBe(true);
    expect(holdsPersonalValue('Licence', 'holderCode', undefined)).toBe(true);
    expect(holdsPersonalValue('Licence', 'holderCode', null)).toBe(true);
    expect(holdsPersonalValue('Licence', 'holderCode', 'USCC')).toBe(true);
  });

  it('the department that owns a record, for types whose rows name it', () => {
    const scjg = department('SCJG');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['Licence', { issuer: { id: 'dept-SCJG' } }],
      ['Case', { department: { id: 'dept-SCJG' } }],
      ['LicenceStatusChange', { licence: { issuer: { id: 'dept-SCJG' } } }],
      ['CaseStatusChange', { serviceCase: { department: { id: 'dept-SCJG' } } }],
      ['LicenceUse', { department: { id: 'dept-SCJG' } }],
    ];
    for (const [typeName, row] of cases) {
      expect(ownsRecord(typeName, row, scjg), typeName).toBe(true);
      expect(ownsRecord(typeName, row, department('RS')), typeName).toBe(false);
      // A reader without a department id owns nothing, even where the row's reference is missing too.
      expect(ownsRecord(typeName, row, department('SCJG', null)), typeName).toBe(false);
      expect(ownsRecord(typeName, {}, department('SCJG', null)), typeName).toBe(false);
      expect(ownsRecord(typeName, {}, scjg), typeName).toBe(false);
    }
    expect(ownsRecord('Licence', { issuer: 'dept-SCJG' }, scjg)).toBe(false);
    expect(ownsRecord('Licence', { issuer: null }, scjg)).toBe(false);
    // A reader without a department id does not own a row whose reference has no id either.
    const withoutIds: Array<[string, Record<string, unknown>]> = [
      ['Licence', { issuer: { id: null } }],
      ['Case', { department: { id: null } }],
      ['LicenceStatusChange', { licence: { issuer: { id: null } } }],
      ['CaseStatusChange', { serviceCase: { department: { id: null } } }],
      ['LicenceUse', { department: { id: null } }],
    ];
    for (const [typeName, row] of withoutIds) expect(ownsRecord(typeName, row, department('SCJG', null)), typeName).toBe(false);
    expect(ownsRecord('LicenceStatusChange', { licence: 'x' }, scjg)).toBe(false);
    expect(ownsRecord('Enterprise', { issuer: { id: 'dept-SCJG' } }, scjg)).toBeUndefined();
    expect(ownsRecord('Licence', null, scjg)).toBeUndefined();
    expect(ownsRecord('Licence', 'dept-SCJG', scjg)).toBeUndefined();
  });

  it('the policy row names the one writer of a field, except for types whose rows name their owner', () => {
    expect(policyWriterOf({ ownerCode: 'SCJG' }, 'Enterprise')).toBe('SCJG');
    expect(policyWriterOf(undefined, 'Enterprise')).toBeUndefined();
    for (const typeName of ['Licence', 'Case', 'LicenceStatusChange', 'CaseStatusChange', 'LicenceUse']) {
      expect(policyWriterOf({ ownerCode: 'ZWFW' }, typeName), typeName).toBeUndefined();
    }
    expect([...OWNED_PER_RECORD].sort()).toEqual(['Case', 'CaseStatusChange', 'Licence', 'LicenceStatusChange', 'LicenceUse']);
  });

  it('an enterprise change’s values stand for the enterprise field the change names', () => {
    expect(fieldStandsFor('EnterpriseChange', 'oldValue', { field: 'address' })).toEqual({ typeName: 'Enterprise', fieldName: 'address' });
    expect(fieldStandsFor('EnterpriseChange', 'newValue', { field: 'address' })).toEqual({ typeName: 'Enterprise', fieldName: 'address' });
    expect(fieldStandsFor('EnterpriseChange', 'newValue', { field: 42 })).toEqual({ typeName: 'Enterprise', fieldName: '(unknown)' });
    expect(fieldStandsFor('EnterpriseChange', 'newValue', null)).toEqual({ typeName: 'Enterprise', fieldName: '(unknown)' });
    expect(fieldStandsFor('EnterpriseChange', 'newValue', undefined)).toEqual({ typeName: 'Enterprise', fieldName: '(unknown)' });
    expect(fieldStandsFor('EnterpriseChange', 'newValue', 'address')).toEqual({ typeName: 'Enterprise', fieldName: '(unknown)' });
    expect(fieldStandsFor('EnterpriseChange', 'field', { field: 'address' })).toBeUndefined();
    expect(fieldStandsFor('Enterprise', 'oldValue', { field: 'address' })).toBeUndefined();
  });

  it('the public types an enterprise reads without them being its own: what the centre publishes anyway', () => {
    expect([...PUBLIC_TYPES].sort()).toEqual(
      [
        'Principal',
        'Department',
        'Clerk',
        'LicenceType',
        'IntegratedCertificate',
        'CertificateHandOver',
        'UsccCheck',
        'UsccPartsType',
        'UsccFailureType',
        'ClockTick',
        'CalendarDay',
        'LicenceVerificationResult',
        'PublicLicence',
        'Trade',
        'TradeConnection',
        'TradeEdge',
        'TradeStatusChange',
        'TradeStats',
        'ReportLineTradeStats',
        'CategoryTradeStats',
        'Matter',
        'MatterConnection',
        'MatterEdge',
        'MatterMaterial',
        'MatterFee',
        'CatalogStats',
        'CategoryCount',
        'DepartmentCatalogStats',
        'PageInfo',
      ].sort(),
    );
    // Fail closed: records of a subject are never public.
    for (const typeName of ['Enterprise', 'Licence', 'Case', 'Registration', 'EnterpriseChange', 'AccessLogEntry'])
      expect(PUBLIC_TYPES.has(typeName), typeName).toBe(false);
  });
});

describe('masking personal data', () => {
  it('a resident ID keeps its division and last four characters', () => {
    expect(maskPersonalValue('51081119800101222X')).toBe('510811********222X');
    expect(maskPersonalValue('51081119800101222x')).toBe('510811********222x');
    expect(maskPersonalValue('510811800101222')).toBe('510811*****1222');
  });

  it('text that is not shaped like an ID keeps its first and last character', () => {
    // 17 digits, 19 digits, and an ID with something around it are not IDs.
    expect(maskPersonalValue('51081119800101222')).toBe('5' + '*'.repeat(15) + '2');
    expect(maskPersonalValue('5108111980010122234')).toBe('5' + '*'.repeat(17) + '4');
    expect(maskPersonalValue('a51081119800101222X')).toBe('a' + '*'.repeat(17) + 'X');
    expect(maskPersonalValue('51081119800101222Xa')).toBe('5' + '*'.repeat(17) + 'a');
    expect(maskPersonalValue('a510811800101222')).toBe('a' + '*'.repeat(14) + '2');
    expect(maskPersonalValue('510811800101222a')).toBe('5' + '*'.repeat(14) + 'a');
    // Only X closes an 18-character ID; another letter does not.
    expect(maskPersonalValue('51081119800101222A')).toBe('5' + '*'.repeat(16) + 'A');
    expect(maskPersonalValue('13800138000')).toBe('1*********0');
  });

  it('a name keeps its first character; one character is hidden whole', () => {
    expect(maskPersonalValue('张三')).toBe('张*');
    expect(maskPersonalValue('欧阳娜')).toBe('欧**');
    expect(maskPersonalValue('欧阳娜娜')).toBe('欧**娜');
    expect(maskPersonalValue('张')).toBe('*');
    expect(maskPersonalValue('')).toBe('*');
    // Counted in characters, not UTF-16 code units.
    expect(maskPersonalValue('𠀀𠀁')).toBe('𠀀*');
    expect(maskPersonalValue('𠀀𠀁𠀂𠀃')).toBe('𠀀**𠀃');
  });

  it('withholds what cannot be masked in part, and passes absence through', () => {
    expect(maskPersonalValue(19800101)).toBeNull();
    expect(maskPersonalValue({ id: '51081119800101222X' })).toBeNull();
    expect(maskPersonalValue(null)).toBeNull();
    expect(maskPersonalValue(undefined)).toBeUndefined();
  });

  it('masks a licence’s personal fields at any depth and leaves the rest, and the original, alone', () => {
    const fields = {
      holder: { name: '王小红', idNumber: '51081119800101222X', address: '某路1号' },
      staff: [
        { name: '李雷', role: '厨师' },
        { name: '韩梅梅', role: '店长' },
      ],
      note: '无',
    };
    const original = structuredClone(fields);
    const masked = maskPersonalEntries(fields, [
      ['holder', 'name'],
      ['holder', 'idNumber'],
      ['staff', '*', 'name'],
      ['missing', 'name'],
      ['note', 'x'],
      ['holder', '*'],
    ]);
    expect(masked).toEqual({
      holder: { name: '王**', idNumber: '510811********222X', address: '某路1号' },
      staff: [
        { name: '李*', role: '厨师' },
        { name: '韩**', role: '店长' },
      ],
      note: '无',
    });
    expect(fields).toEqual(original);
  });

  it('does not walk into arrays by name, nor treat an object as an array', () => {
    expect(maskPersonalEntries({ staff: [{ name: '李雷' }] }, [['staff', 'name']])).toEqual({ staff: [{ name: '李雷' }] });
    expect(maskPersonalEntries({ staff: [{ name: '李雷' }] }, [['staff', '0', 'name']])).toEqual({ staff: [{ name: '李雷' }] });
    expect(maskPersonalEntries({ staff: { name: '李雷' } }, [['staff', '*', 'name']])).toEqual({ staff: { name: '李雷' } });
    expect(maskPersonalEntries({ holder: null }, [['holder', 'name']])).toEqual({ holder: null });
    expect(maskPersonalEntries({ name: '王小红' }, [['name']])).toEqual({ name: '王**' });
    expect(maskPersonalEntries({ name: '王小红' }, [])).toEqual({ name: '王小红' });
  });
});
