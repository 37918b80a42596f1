import { MoneyInputError, parseYuan } from '../money.js';
import { checkUscc } from '../uscc.js';
import { isUuid } from './uuid.js';

/** Checks and normalises one value; throws a message (string) naming what is wrong. */
type ValueCheck = (value: unknown) => unknown;

const text = (max: number): ValueCheck => (value) => {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw `must be text of 1–${max} characters`;
  return value.trim();
};
const oneOf = (...allowed: string[]): ValueCheck => (value) => {
  if (typeof value !== 'string' || !allowed.includes(value)) throw `must be one of ${allowed.join(', ')}`;
  return value;
};
const count: ValueCheck = (value) => {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) throw 'must be a whole number ≥ 0';
  return number;
};
const yuan: ValueCheck = (value) => {
  try {
    return parseYuan(typeof value === 'number' ? String(value) : (value as string), 'value');
  } catch (error) {
    throw error instanceof MoneyInputError ? error.message.replace(/^value: /, '') : 'must be an amount in 元';
  }
};
const isoDate: ValueCheck = (value) => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw 'must be a date YYYY-MM-DD';
  return value;
};
const uscc: ValueCheck = (value) => {
  if (typeof value !== 'string') throw 'must be a unified social credit code';
  const check = checkUscc(value.trim().toUpperCase());
  if (!check.valid) throw check.failures.map((failure) => failure.message).join('; ');
  return value.trim().toUpperCase();
};
const uuid: ValueCheck = (value) => {
  if (!isUuid(value)) throw 'must be the id the hub sent';
  return value.toLowerCase();
};

export interface InboundRecordType {
  /** The API type whose sharing policy rules, where it lists a field, name the field's owner. */
  policyType: string;
  /** What the natural key is, and its check. */
  key: { name: string; check: ValueCheck };
  /** Each field with the one department whose system is its source (一数一源). */
  fields: Record<string, { owner: string; check: ValueCheck }>;
}

/**
 * The records departments send in, and which department is the single source of each field.
 * Where the sharing policy (ownership as data, changed by admins) lists a field of `policyType`,
 * its owner wins; this table names the owners of the fields the policy does not list. Either way
 * a write to a field another department owns is refused, never merged.
 */
export const inboundRecordTypes: Record<string, InboundRecordType> = {
  /** What the tax, social-insurance and statistics systems know about an enterprise. */
  enterprise: {
    policyType: 'Enterprise',
    key: { name: 'uscc', check: uscc },
    fields: {
      name: { owner: 'SCJG', check: text(100) },
      legalRepresentative: { owner: 'SCJG', check: text(50) },
      address: { owner: 'SCJG', check: text(200) },
      taxpayerType: { owner: 'SW', check: oneOf('GENERAL', 'SMALL_SCALE') },
      taxAuthority: { owner: 'SW', check: text(100) },
      taxStatus: { owner: 'SW', check: oneOf('NORMAL', 'NON_FILING', 'CANCELLED') },
      socialInsuranceAccount: { owner: 'RS', check: text(32) },
      insuredEmployees: { owner: 'RS', check: count },
      statisticsUnitCode: { owner: 'TJ', check: text(32) },
    },
  },
  /** The public-resource trading centre's deals feed (公共资源交易). */
  trade: {
    policyType: 'Trade',
    key: { name: 'tradeCode', check: (value) => {
      if (typeof value !== 'string' || !/^[A-Za-z0-9-]{4,64}$/.test(value)) throw 'must be a trade code of 4–64 letters, digits or dashes';
      return value;
    } },
    fields: {
      title: { owner: 'GGZY', check: text(200) },
      category: { owner: 'GGZY', check: oneOf('CONSTRUCTION', 'PROCUREMENT', 'LAND', 'MINERAL_RIGHTS', 'PROPERTY_RIGHTS') },
      controlPriceYuan: { owner: 'GGZY', check: yuan },
      dealAmountYuan: { owner: 'GGZY', check: yuan },
      winnerUscc: { owner: 'GGZY', check: uscc },
      dealDate: { owner: 'GGZY', check: isoDate },
    },
  },
};

/** A department confirming it took a registration into its own system. */
export const ACKNOWLEDGEMENT_TYPE = 'registration.acknowledgement';
export const acknowledgementKey = { name: 'registrationId', check: uuid };
