import type { Reader } from './reader.js';

/**
 * What the policy needs to know about one record, beyond its type: whose it is, whether a field's
 * value is a natural person's, and which department owns it when records of a type each name their
 * own (a licence its issuer, a case the department that accepted it). These are the only parts of
 * a decision that depend on the row; the rest is decided once per field of a document.
 */
type Row = Record<string, unknown>;

const RESIDENT_ID = 'RESIDENT_ID';

const idOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as Row).id : undefined);

/**
 * Types whose records an ENTERPRISE reader may see without them being its own: what the centre
 * publishes anyway (the catalog, trading results, departments, licence types, code checks) and the
 * plumbing of lists. Every other type is private to its subject: fail closed, so a type added later
 * is not readable by enterprises until someone lists it here.
 */
export const PUBLIC_TYPES: ReadonlySet<string> = new Set([
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
]);

/**
 * The columns the policy reads from a record of each type, beyond its primary key and its
 * references (which every read carries): a read that selects only the columns a query asks for
 * must still select these, or a decision would be taken on a missing value.
 */
export const RECORD_FACT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  Enterprise: ['uscc'],
  Licence: ['holderCode', 'holderCodeType'],
  Case: ['applicantCode', 'applicantCodeType'],
  EnterpriseChange: ['field'],
};

/**
 * Whether a record is the ENTERPRISE reader's own, for types that name their subject: true or
 * false when the record says, undefined when it does not (ownership then follows the relation the
 * record was reached through).
 */
export function isOwnRecord(typeName: string, record: unknown, reader: Reader): boolean | undefined {
  if (reader.kind !== 'ENTERPRISE' || typeof record !== 'object' || record === null) return undefined;
  const row = record as Row;
  const own = reader.enterpriseUscc;
  switch (typeName) {
    case 'Enterprise':
      return row.uscc === own;
    case 'Licence':
      return row.holderCode === own;
    case 'Case':
      return row.applicantCode === own;
    // Stryker disable next-line ConditionalExpression: without the default case the function falls off the switch and returns undefined all the same
    default:
      return undefined;
  }
}

/**
 * Whether the value of a PERSONAL field is a natural person's in this record: a licence or a case
 * names a citizen or an organisation in the same columns, and only a citizen's is personal.
 */
export function holdsPersonalValue(typeName: string, fieldName: string, record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return true;
  const row = record as Row;
  // A citizen's licence number may embed the ID number (driving, disability licences).
  if (typeName === 'Licence' && (fieldName === 'holderCode' || fieldName === 'holderName' || fieldName === 'number'))
    return row.holderCodeType !== 'USCC';
  if (typeName === 'Case' && (fieldName === 'applicantCode' || fieldName === 'applicantName'))
    return row.applicantCodeType === RESIDENT_ID || row.applicantCodeType === undefined;
  if (typeName === 'CaseStatusChange' && fieldName === 'reason') return field(row.serviceCase, 'applicantCodeType') !== 'USCC';
  return true;
}

/** Types whose records each name their owner department; the policy row's owner only stands for "the record's". */
export const OWNED_PER_RECORD: ReadonlySet<string> = new Set(['Licence', 'Case', 'LicenceStatusChange', 'CaseStatusChange', 'LicenceUse']);

/**
 * The department that alone writes a field (一数一源) as the policy row names it; undefined where
 * each record names its own owner (a licence's issuer, a case's department), whose domain checks it.
 */
export function policyWriterOf(rule: { ownerCode: string } | undefined, typeName: string): string | undefined {
  return OWNED_PER_RECORD.has(typeName) ? undefined : rule?.ownerCode;
}

/**
 * Whether the reader's department owns this record, for types whose records each name their owner;
 * undefined for types owned as a whole by the department the policy row names.
 */
export function ownsRecord(typeName: string, record: unknown, reader: Reader): boolean | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const row = record as Row;
  switch (typeName) {
    case 'Licence':
      return reader.departmentId !== null && idOf(row.issuer) === reader.departmentId;
    case 'Case':
      return reader.departmentId !== null && idOf(row.department) === reader.departmentId;
    // A history row belongs to whoever owns its licence or case (loaded with it, so its references are there).
    case 'LicenceStatusChange':
      return reader.departmentId !== null && idOf(field(row.licence, 'issuer')) === reader.departmentId;
    case 'CaseStatusChange':
      return reader.departmentId !== null && idOf(field(row.serviceCase, 'department')) === reader.departmentId;
    case 'LicenceUse':
      return reader.departmentId !== null && idOf(row.department) === reader.departmentId;
    // Stryker disable next-line ConditionalExpression: without the default case the function falls off the switch and returns undefined all the same
    default:
      return undefined;
  }
}

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Row)[name] : undefined);

/**
 * Fields whose value is another field's value, read under that field's level: an enterprise
 * change's old and new values are the values of the enterprise field it names, so a change of the
 * legal representative's ID number is as personal as the number itself.
 */
export function fieldStandsFor(typeName: string, fieldName: string, record: unknown): { typeName: string; fieldName: string } | undefined {
  if (typeName !== 'EnterpriseChange' || (fieldName !== 'oldValue' && fieldName !== 'newValue')) return undefined;
  const changed = typeof record === 'object' && record !== null ? (record as Row).field : undefined;
  return { typeName: 'Enterprise', fieldName: typeof changed === 'string' ? changed : '(unknown)' };
}
