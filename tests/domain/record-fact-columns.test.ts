import { describe, expect, it } from 'vitest';
import { fieldStandsFor, holdsPersonalValue, isOwnRecord, ownsRecord, RECORD_FACT_COLUMNS } from '../../domain/sharing/record-facts.js';
import { recordSubject } from '../../domain/access-log/record-subject.js';
import type { Reader } from '../../domain/sharing/reader.js';

const OWN_USCC = '91510802MA6CQ5X71L';
const OTHER_USCC = '91510811MA00000001';

/** Whole records of every kind the facts distinguish: own and another's, a citizen's and an organisation's. */
const RECORDS: Record<string, Array<Record<string, unknown>>> = {
  Enterprise: [
    { id: 'e1', uscc: OWN_USCC, name: '甲公司', address: '利州区', registeringAuthority: { id: 'd1' } },
    { id: 'e2', uscc: OTHER_USCC, name: '乙公司', address: '昭化区', registeringAuthority: { id: 'd1' } },
  ],
  Licence: [
    {
      id: 'l1',
      holderCode: OWN_USCC,
      holderCodeType: 'USCC',
      holderName: '甲公司',
      number: 'N1',
      issuer: { id: 'd1' },
      enterprise: { id: 'e1', uscc: OWN_USCC },
    },
    {
      id: 'l2',
      holderCode: '510802199001011234',
      holderCodeType: 'RESIDENT_ID',
      holderName: '张三',
      number: 'N2',
      issuer: { id: 'd2' },
      enterprise: null,
    },
  ],
  Case: [
    { id: 'c1', applicantCode: OWN_USCC, applicantCodeType: 'USCC', applicantName: '甲公司', department: { id: 'd1' } },
    { id: 'c2', applicantCode: '510802199001011234', applicantCodeType: 'RESIDENT_ID', applicantName: '张三', department: { id: 'd2' } },
  ],
  EnterpriseChange: [
    { id: 'x1', field: 'legalRepresentativeIdNumber', oldValue: 'a', newValue: 'b', enterprise: { id: 'e1', uscc: OWN_USCC } },
    { id: 'x2', field: 'address', oldValue: 'a', newValue: 'b', enterprise: { id: 'e2', uscc: OTHER_USCC } },
  ],
};

const READERS: Reader[] = [
  { kind: 'ENTERPRISE', departmentCode: null, departmentId: null, enterpriseUscc: OWN_USCC },
  { kind: 'DEPARTMENT', departmentCode: 'SCJG', departmentId: 'd1', enterpriseUscc: null },
  { kind: 'DEPARTMENT', departmentCode: 'GA', departmentId: 'd2', enterpriseUscc: null },
];

/** A record as a read of only some columns gives it: the primary key, its references, and the type's fact columns. */
function partlyRead(typeName: string, record: Record<string, unknown>): Record<string, unknown> {
  const kept = new Set(['id', ...(RECORD_FACT_COLUMNS[typeName] ?? [])]);
  return Object.fromEntries(
    Object.entries(record).filter(([name, value]) => kept.has(name) || (typeof value === 'object' && value !== null)),
  );
}

/**
 * A record read with only the columns a query selects still carries what the policy decides by:
 * every fact the decision takes from a record is the same on the partly read record as on the whole one.
 */
describe('the columns the policy reads from a record', () => {
  for (const [typeName, records] of Object.entries(RECORDS)) {
    it(`are enough for every decision on a ${typeName}`, () => {
      for (const whole of records) {
        const part = partlyRead(typeName, whole);
        for (const reader of READERS) {
          expect(isOwnRecord(typeName, part, reader), `${typeName} ${String(whole.id)} own`).toBe(isOwnRecord(typeName, whole, reader));
          expect(ownsRecord(typeName, part, reader), `${typeName} ${String(whole.id)} owner`).toBe(ownsRecord(typeName, whole, reader));
        }
        for (const fieldName of Object.keys(whole)) {
          expect(holdsPersonalValue(typeName, fieldName, part), `${typeName}.${fieldName}`).toBe(
            holdsPersonalValue(typeName, fieldName, whole),
          );
          expect(fieldStandsFor(typeName, fieldName, part), `${typeName}.${fieldName}`).toEqual(fieldStandsFor(typeName, fieldName, whole));
        }
        expect(recordSubject(part), `${typeName} ${String(whole.id)} subject`).toEqual(recordSubject(whole));
      }
    });
  }

  it('leave out what no decision reads', () => {
    // Otherwise a partly read row would read everything the policy might ever want, and gain nothing.
    for (const [typeName, records] of Object.entries(RECORDS)) {
      expect(Object.keys(partlyRead(typeName, records[0]!)).length).toBeLessThan(Object.keys(records[0]!).length);
    }
  });
});
