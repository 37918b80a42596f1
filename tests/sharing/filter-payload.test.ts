import { describe, expect, it } from 'vitest';
import { decide } from '../../domain/sharing/decide.js';
import { filterRecord } from '../../domain/sharing/filter-payload.js';
import { departmentReader } from '../../domain/sharing/reader.js';
import { shareablePayload } from '../../domain/connectors/outbound-payload.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import { SharingPolicySnapshot } from '../../domain/sharing/sharing-policy-snapshot.js';

const now = new Date('2026-11-23T10:00:00Z');
const policy = new SharingPolicySnapshot(
  [
    { typeName: 'Enterprise', fieldName: 'name', level: SharingLevel.UNCONDITIONAL, ownerCode: 'SCJG' },
    { typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', level: SharingLevel.CONDITIONAL, ownerCode: 'SCJG' },
    { typeName: 'Enterprise', fieldName: 'internalNotes', level: SharingLevel.NOT_SHARED, ownerCode: 'SCJG' },
  ],
  [
    {
      id: 'g1',
      departmentCode: 'RS',
      typeName: 'Enterprise',
      fieldNames: new Set(['legalRepresentativeIdNumber']),
      purposes: ['SOCIAL_INSURANCE_REGISTRATION'],
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    },
    {
      id: 'g2',
      departmentCode: 'MZ',
      typeName: 'Enterprise',
      fieldNames: new Set(['legalRepresentativeIdNumber']),
      purposes: ['CHECK'],
      expiresAt: new Date('2026-11-01T00:00:00Z'),
    },
  ],
);
const record = { uscc: '91510811MA00000017', name: '某公司', legalRepresentativeIdNumber: '11010519491231002X', internalNotes: '内部备注' };

describe('filterRecord (what an outbound connector may send)', () => {
  it('sends the owner everything, listing the conditional fields it carries for the log', () => {
    expect(filterRecord(policy, departmentReader('SCJG'), 'Enterprise', record, null, now)).toEqual({
      payload: record,
      conditionalFields: ['legalRepresentativeIdNumber'],
      withheld: [],
    });
  });

  it('sends a granted department the conditional field only for a purpose its grant covers', () => {
    const granted = filterRecord(policy, departmentReader('RS'), 'Enterprise', record, 'SOCIAL_INSURANCE_REGISTRATION', now);
    expect(granted.payload).toEqual({
      uscc: record.uscc,
      name: record.name,
      legalRepresentativeIdNumber: record.legalRepresentativeIdNumber,
    });
    expect(granted.withheld).toEqual(['internalNotes']);
    const noPurpose = filterRecord(policy, departmentReader('RS'), 'Enterprise', record, null, now);
    expect(noPurpose.payload).toEqual({ uscc: record.uscc, name: record.name });
    expect(noPurpose.withheld).toEqual(['legalRepresentativeIdNumber', 'internalNotes']);
  });

  it.each([
    ['no grant', 'TJ', 'SURVEY'],
    ['an expired grant', 'MZ', 'CHECK'],
    ['a purpose outside the grant', 'RS', 'TAX_REGISTRATION'],
  ])('withholds conditional and not-shared fields from a department with %s', (_case, department, purpose) => {
    const filtered = filterRecord(policy, departmentReader(department), 'Enterprise', record, purpose, now);
    expect(filtered).toEqual({
      payload: { uscc: record.uscc, name: record.name },
      conditionalFields: [],
      withheld: ['legalRepresentativeIdNumber', 'internalNotes'],
    });
  });

  it('takes exactly the decision a query takes, field by field', () => {
    for (const department of ['SCJG', 'RS', 'MZ', 'TJ']) {
      for (const purpose of [null, 'SOCIAL_INSURANCE_REGISTRATION', 'CHECK']) {
        const filtered = filterRecord(policy, departmentReader(department), 'Enterprise', record, purpose, now);
        for (const field of Object.keys(record)) {
          const allowed = decide(policy, departmentReader(department), 'Enterprise', field, purpose, { record }, now).kind === 'allowed';
          expect(field in filtered.payload).toBe(allowed);
        }
      }
    }
  });
});

describe('shareablePayload (every field of an outbound event, top level included)', () => {
  const licencePolicy = new SharingPolicySnapshot(
    [
      { typeName: 'Licence', fieldName: 'identifier', level: SharingLevel.UNCONDITIONAL, ownerCode: 'ZWFW' },
      { typeName: 'Licence', fieldName: 'holderCode', level: SharingLevel.PERSONAL, ownerCode: 'ZWFW' },
      { typeName: 'Licence', fieldName: 'holderName', level: SharingLevel.PERSONAL, ownerCode: 'ZWFW' },
      { typeName: 'Licence', fieldName: 'holderCodeType', level: SharingLevel.UNCONDITIONAL, ownerCode: 'ZWFW' },
      { typeName: 'EnterpriseEvent', fieldName: 'document', level: SharingLevel.CONDITIONAL, ownerCode: 'SCJG' },
      { typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', level: SharingLevel.PERSONAL, ownerCode: 'SCJG' },
    ],
    [],
  );
  const citizen = { identifier: '1.2.156…', holderCode: '11010519491231002X', holderName: '王小红', holderCodeType: 'RESIDENT_ID' };
  const company = { identifier: '1.2.156…', holderCode: '91350100M000100Y43', holderName: '某公司', holderCodeType: 'USCC' };

  it("withholds a citizen holder's ID number and name from a subscriber that is not the issuer, and keeps an enterprise holder's", () => {
    expect(shareablePayload(licencePolicy, departmentReader('SW'), 'licence', citizen)).toEqual({
      identifier: citizen.identifier,
      holderCodeType: 'RESIDENT_ID',
    });
    expect(shareablePayload(licencePolicy, departmentReader('SW'), 'licence', company)).toEqual(company);
  });

  it('withholds a conditional top-level field, and a changed field with its values where the field is personal', () => {
    const payload = {
      document: '昭市监变字〔2026〕1号',
      changedFields: [
        { field: 'address', oldValue: '甲', newValue: '乙' },
        { field: 'legalRepresentativeIdNumber', oldValue: '11010519491231002X', newValue: '510811198001011234' },
      ],
      enterprise: { uscc: '91350100M000100Y43', legalRepresentativeIdNumber: '11010519491231002X' },
    };
    expect(shareablePayload(licencePolicy, departmentReader('TJ'), 'enterprise', payload)).toEqual({
      changedFields: [{ field: 'address', oldValue: '甲', newValue: '乙' }],
      enterprise: { uscc: '91350100M000100Y43' },
    });
    expect(shareablePayload(licencePolicy, departmentReader('SCJG'), 'enterprise', payload)).toEqual(payload);
  });

  it('sends nothing of an event whose kind has no known shape', () => {
    expect(shareablePayload(licencePolicy, departmentReader('SCJG'), 'unknown-kind', { secret: 'x' })).toEqual({});
  });
});
