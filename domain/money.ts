/**
 * Exact money. Amounts travel as decimal strings and are computed with decimal.js, never as
 * JS numbers: 0.1 + 0.2 must stay 0.3 in a procurement total.
 *
 * 元 carry 2 decimals (分). Reports quote 万元; 6 decimals of 万元 are exactly 0.01 元, so
 * converting either way never rounds.
 */
import decimalModule from 'decimal.js';

// decimal.js types describe its CommonJS build (default import = module object) while Node
// loads its ES build (default import = the class): take the class whichever way it came.
const Decimal = ((decimalModule as { default?: unknown }).default ?? decimalModule) as typeof decimalModule.default;

/** Private configuration so no other module's Decimal settings can change money arithmetic. */
export const MoneyDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
export type MoneyDecimal = InstanceType<typeof MoneyDecimal>;

export const YUAN_PLACES = 2;
export const WAN_YUAN_PLACES = 6;

/** Above this (10^15 元, about ten times China's annual GDP) an amount is a typing error. */
const MAX_ABS_YUAN = new MoneyDecimal('1e15');

export type MoneyInputReason = 'EMPTY' | 'NOT_A_NUMBER' | 'NOT_PLAIN' | 'EXPONENT' | 'NEGATIVE' | 'TOO_MANY_DECIMALS' | 'TOO_LARGE';

export class MoneyInputError extends Error {
  readonly field: string;
  readonly reason: MoneyInputReason;

  constructor(field: string, reason: MoneyInputReason, message: string) {
    super(`${field}: ${message}`);
    this.name = 'MoneyInputError';
    this.field = field;
    this.reason = reason;
  }
}

export interface MoneyParseOptions {
  /** Corrections and savings may be negative; prices and deal amounts may not. */
  allowNegative?: boolean;
}

/**
 * The one written form of an amount, on the API, in imported files and from connectors alike:
 * digits, a point and at most `places` decimals — `^(0|[1-9]\d*)(\.\d{1,places})?$`. No sign
 * (a minus only where negatives are allowed), no thousands separators, no spaces, no leading zeros
 * other than the single 0 of "0.50", no zeros past the last allowed decimal. A form that differs
 * from another system's spelling of the same figure ("1,234.00", "+12", "0012.3", "1.230") is
 * refused rather than guessed at: the sending system fixes its export once.
 * Bare ".5" and "5." are refused too: a stray dot is more often a typing slip.
 */
const PLAIN_AMOUNT = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
/** Amounts as other systems print them (signed, grouped by thousands, padded): refused, with the form to use. */
const LOOSE_AMOUNT = /^\s*[+-]?(?:[0-9]+|[0-9]{1,3}(?:[, ][0-9]{3})+)(?:\.[0-9]+)?\s*$/;

function parseAmount(
  input: string,
  field: string,
  places: number,
  unit: string,
  maxAbs: MoneyDecimal,
  options: MoneyParseOptions,
): MoneyDecimal {
  if (typeof input !== 'string') {
    // A JS number has already lost the exact value; refuse it rather than guess.
    throw new MoneyInputError(field, 'NOT_A_NUMBER', `an amount in ${unit} must be given as a decimal string`);
  }
  if (input.trim() === '') {
    throw new MoneyInputError(field, 'EMPTY', `an amount in ${unit} is required`);
  }
  const text = input;
  const example = places === YUAN_PLACES ? '1234567.89' : '6168.63';
  if (/^[+-]?[0-9.,]*[eE]/.test(text.trim())) {
    throw new MoneyInputError(
      field,
      'EXPONENT',
      `${quoted(text)} uses exponent notation; write the amount out in ${unit} (e.g. ${example})`,
    );
  }
  const match = PLAIN_AMOUNT.exec(text);
  if (!match) {
    const reason = LOOSE_AMOUNT.test(text) ? 'NOT_PLAIN' : 'NOT_A_NUMBER';
    throw new MoneyInputError(
      field,
      reason,
      reason === 'NOT_PLAIN'
        ? `${quoted(text)} is not written as amounts are: digits and at most ${places} decimals, without sign, separators, spaces or leading zeros (e.g. ${example})`
        : `${quoted(text)} is not an amount in ${unit}`,
    );
  }
  const [, minus, , decimals = ''] = match;
  // Written trailing zeros past the last allowed place ("1.230") are refused like any other digit.
  if (decimals.length > places) {
    throw new MoneyInputError(
      field,
      'TOO_MANY_DECIMALS',
      `${quoted(text)} has more than ${places} decimal places; amounts in ${unit} are exact to 0.01 元`,
    );
  }
  const value = new MoneyDecimal(text);
  if (minus && !options.allowNegative) {
    throw new MoneyInputError(field, 'NEGATIVE', `${quoted(text)} is negative; this amount cannot be`);
  }
  if (value.abs().greaterThan(maxAbs)) {
    throw new MoneyInputError(field, 'TOO_LARGE', `${quoted(text)} exceeds 10^15 元; check the unit and the digits`);
  }
  // plus(0) turns -0 into 0 so zero has one spelling.
  return value.plus(0);
}

/** The value as the client sent it, cut short so a huge or hostile value does not fill the message. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Canonical 元 string: "1234.50". Throws MoneyInputError. */
export function parseYuan(input: string, field: string, options: MoneyParseOptions = {}): string {
  return parseAmount(input, field, YUAN_PLACES, '元', MAX_ABS_YUAN, options).toFixed(YUAN_PLACES);
}

/** Canonical 万元 string with 6 decimals: "6168.630000". Throws MoneyInputError. */
export function parseWanYuan(input: string, field: string, options: MoneyParseOptions = {}): string {
  return parseAmount(input, field, WAN_YUAN_PLACES, '万元', MAX_ABS_YUAN.dividedBy(10_000), options).toFixed(WAN_YUAN_PLACES);
}

/** Exact: 6 decimals of 万元 are 2 decimals of 元. Accepts negative amounts (differences convert too). */
export function wanYuanToYuan(wanYuan: string, field = 'amount'): string {
  const value = new MoneyDecimal(parseWanYuan(wanYuan, field, { allowNegative: true }));
  return value.times(10_000).toFixed(YUAN_PLACES);
}

/** Exact: 2 decimals of 元 are 6 decimals of 万元. */
export function yuanToWanYuan(yuan: string, field = 'amount'): string {
  const value = new MoneyDecimal(parseYuan(yuan, field, { allowNegative: true }));
  return value.dividedBy(10_000).toFixed(WAN_YUAN_PLACES);
}

/** Exact sum of 元 amounts (negatives allowed: corrections and savings can be below zero). */
export function sumYuan(values: readonly string[], field = 'values'): string {
  let total = new MoneyDecimal(0);
  values.forEach((value, index) => {
    total = total.plus(parseYuan(value, `${field}[${index}]`, { allowNegative: true }));
  });
  return total.toFixed(YUAN_PLACES);
}
