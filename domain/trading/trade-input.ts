import { describeFormerDivision, findDivision } from '../divisions.js';
import { badUserInput } from '../errors.js';
import { MoneyInputError, parseYuan } from '../money.js';
import { checkUscc } from '../uscc.js';
import { isPlainDate, todayInShanghai } from '../working-days.js';

/** Project codes as trading centres print them: letters, digits and the separators they use. */
const PROJECT_CODE = /^[A-Za-z0-9][A-Za-z0-9\-_/.()]{0,63}$/;

export function checkProjectCode(value: string, field: string): string {
  const code = value.trim();
  if (!PROJECT_CODE.test(code)) {
    throw badUserInput(field, 'must be 1–64 letters, digits or - _ / . ( ), starting with a letter or digit (e.g. ZHGC-2015-001)');
  }
  return code;
}

/** An amount in 元: a non-negative decimal string with at most 2 decimals, returned canonical ("61686300.00"). */
export function checkYuan(value: string, field: string): string {
  try {
    return parseYuan(value, field);
  } catch (error) {
    if (error instanceof MoneyInputError) throw badUserInput(field, error.message.replace(`${field}: `, ''), { reason: error.reason });
    throw error;
  }
}

export function checkText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (text.length === 0) throw badUserInput(field, 'must not be empty');
  if ([...text].length > maxLength) throw badUserInput(field, `must be at most ${maxLength} characters`);
  return text;
}

/** A real calendar date, not after today in China (a trade cannot be announced or dealt in the future). */
export function checkTradeDate(value: string, field: string): string {
  if (!isPlainDate(value)) throw badUserInput(field, `"${value}" is not a calendar date YYYY-MM-DD`);
  if (value > todayInShanghai()) throw badUserInput(field, `${value} is in the future`);
  return value;
}

/** A calendar date, for filters (the future is allowed there). */
export function checkFilterDate(value: string, field: string): string {
  if (!isPlainDate(value)) throw badUserInput(field, `"${value}" is not a calendar date YYYY-MM-DD`);
  return value;
}

/**
 * A winner's or agency's code must pass every GB 32100 rule: a code with a wrong check character
 * is a typing error that would link the deal to nobody, or to someone else.
 */
export function checkPartyUscc(value: string, field: string): string {
  const code = value.normalize('NFKC').trim().toUpperCase();
  const check = checkUscc(code);
  if (!check.valid) {
    throw badUserInput(field, `${code} is not a valid unified social credit code: ${check.failures.map((f) => f.message).join('; ')}`, {
      failures: check.failures.map((f) => f.rule),
    });
  }
  return code;
}

export function checkDivisionCode(value: string, field: string): string {
  const division = findDivision(value);
  if (!division) throw badUserInput(field, `${value} is not a GB/T 2260 division code`);
  if (!division.current) throw badUserInput(field, `${describeFormerDivision(division)}; a new record takes a current code`);
  return value;
}
