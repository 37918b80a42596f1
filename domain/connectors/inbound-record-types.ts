import { MoneyInputError, parseYuan } from '../money.js';
import { checkUscc } from '../uscc.js';
import { isUuid } from './uuid.js';
import { CaseChannel } from '../../entities/case-channel.js';
import { CaseStatus } from '../../entities/case-status.js';
import { TradeCategory } from '../../entities/trade-category.js';
import { TradeMethod } from '../../entities/trade-method.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { TRADING_CENTRE_CODE } from '../trading/trading-centre.js';

/** Checks and normalises one value; throws a message (string) naming what is wrong. */
type ValueCheck = (value: unknown) => unknown;

const text =
  (max: number): ValueCheck =>
  (value) => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw `must be text of 1–${max} characters`;
    return value.trim();
  };
const oneOf =
  (...allowed: string[]): ValueCheck =>
  (value) => {
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
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw 'must be a date YYYY-MM-DD';
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

const instant: ValueCheck = (value) => {
  // An instant must say where it was read: a time without an offset is ambiguous across systems.
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw 'must be an ISO 8601 instant with its offset, e.g. 2026-11-23T09:30:00+08:00';
  }
  return new Date(value);
};
const enumOf = (values: Record<string, string>): ValueCheck => oneOf(...Object.values(values));

export interface InboundRecordType {
  /** The API type whose sharing policy rules, where it lists a field, name the field's owner. */
  policyType: string;
  /** What the natural key is, and its check. */
  key: { name: string; check: ValueCheck };
  /**
   * Each field with the one department whose system is its source (一数一源). Where no owner is
   * named, the record itself has one (a case belongs to its deciding department, a licence to its
   * issuer): any department may send it, and applying it refuses records of another department.
   */
  fields: Record<string, { owner?: string; check: ValueCheck }>;
}

const tradeCode: ValueCheck = (value) => {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9\-_/.()]{0,63}$/.test(value.trim()))
    throw 'must be a project code of 1–64 letters, digits or - _ / . ( )';
  return value.trim();
};
const trading = (check: ValueCheck) => ({ owner: TRADING_CENTRE_CODE, check });

/**
 * The records departments send in, and which department is the single source of each field.
 * Where the sharing policy (ownership as data, changed by admins) lists a field of `policyType`,
 * its owner wins; this table names the owners of the fields the policy does not list. Either way
 * a write to a field another department owns is refused, never merged. Trades, cases and licences
 * are sent as their current state; applying one moves the hub's record there through the same
 * steps (and checks) as the API's mutations.
 */
export const inboundRecordTypes: Record<string, InboundRecordType> = {
  /** What the tax, social-insurance and statistics systems know about a registered enterprise. */
  enterprise: {
    policyType: 'Enterprise',
    key: { name: 'uscc', check: uscc },
    fields: {
      taxpayerType: { owner: 'SW', check: oneOf('GENERAL', 'SMALL_SCALE') },
      taxAuthority: { owner: 'SW', check: text(100) },
      taxStatus: { owner: 'SW', check: oneOf('NORMAL', 'NON_FILING', 'CANCELLED') },
      socialInsuranceAccount: { owner: 'RS', check: text(32) },
      insuredEmployees: { owner: 'RS', check: count },
      statisticsUnitCode: { owner: 'TJ', check: text(32) },
    },
  },
  /** The public-resource trading centre's deals feed (公共资源交易), one record per project code. */
  trade: {
    policyType: 'Trade',
    key: { name: 'trade code', check: tradeCode },
    fields: {
      status: trading(enumOf(TradeStatus)),
      name: trading(text(200)),
      category: trading(enumOf(TradeCategory)),
      method: trading(enumOf(TradeMethod)),
      budget: trading(yuan),
      reservePrice: trading(yuan),
      divisionCode: trading(text(6)),
      announcedOn: trading(isoDate),
      openingOn: trading(isoDate),
      agencyUscc: trading(uscc),
      agencyName: trading(text(200)),
      dealAmount: trading(yuan),
      dealOn: trading(isoDate),
      winnerUscc: trading(uscc),
      winnerName: trading(text(200)),
      /** Why a trade failed or was cancelled. */
      reason: trading(text(500)),
    },
  },
  /** A case (办件) accepted in a department's own system, as it stands now. */
  case: {
    policyType: 'Case',
    key: { name: 'case number', check: text(64) },
    fields: {
      status: { check: enumOf(CaseStatus) },
      matterCode: { check: text(64) },
      applicantCode: { check: text(18) },
      applicantName: { check: text(200) },
      channel: { check: enumOf(CaseChannel) },
      divisionCode: { check: text(6) },
      acceptedAt: { check: instant },
      /** When the case reached `status`. */
      statusAt: { check: instant },
      /** Why it was suspended for correction, refused or withdrawn. */
      reason: { check: text(500) },
    },
  },
  /** A licence's status in its issuer's own system, in that system's codes (mapped by the licence type). */
  licence: {
    policyType: 'Licence',
    key: { name: 'licence identifier', check: text(128) },
    fields: {
      sourceStatusCode: { check: text(32) },
      reason: { check: text(500) },
    },
  },
};
/** A department confirming it took a registration into its own system. */
export const ACKNOWLEDGEMENT_TYPE = 'registration.acknowledgement';
export const acknowledgementKey = { name: 'registrationId', check: uuid };
