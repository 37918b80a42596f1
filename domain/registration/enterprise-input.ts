import { describeFormerDivision, findDivision } from '../divisions.js';
import { badUserInput } from '../errors.js';
import { MoneyInputError, parseWanYuan } from '../money.js';
import { checkResidentId } from '../resident-id.js';
import { todayInShanghai } from '../working-days.js';

/** The registrable facts of a market entity, as a clerk enters them. */
export interface EnterpriseFacts {
  name: string;
  legalRepresentative: string;
  legalRepresentativeIdNumber?: string | null;
  registeredCapitalWanYuan: string;
  address: string;
  divisionCode: string;
  industryCode: string;
  businessScope: string;
}

const INDUSTRY_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks and normalises each fact; the first bad one is refused naming its field (`prefix.field`)
 * and the reason. Used by registration and by changes, so both hold the same rules.
 */
export function checkEnterpriseFacts<T extends Partial<EnterpriseFacts>>(facts: T, prefix: string): T {
  const checked: Partial<EnterpriseFacts> = { ...facts };
  const field = (name: keyof EnterpriseFacts) => `${prefix}.${name}`;
  if (facts.name !== undefined) checked.name = checkText(facts.name, field('name'), 100);
  if (facts.legalRepresentative !== undefined) {
    checked.legalRepresentative = checkText(facts.legalRepresentative, field('legalRepresentative'), 50);
  }
  if (facts.legalRepresentativeIdNumber) {
    // Stored as the check normalises it: 18 ASCII characters, a 15-digit number converted.
    const check = checkResidentId(facts.legalRepresentativeIdNumber);
    if (!check.valid) throw badUserInput(field('legalRepresentativeIdNumber'), check.failures.map((failure) => failure.message).join('; '));
    checked.legalRepresentativeIdNumber = check.normalised!;
  }
  if (facts.registeredCapitalWanYuan !== undefined) {
    try {
      checked.registeredCapitalWanYuan = parseWanYuan(facts.registeredCapitalWanYuan, field('registeredCapitalWanYuan'));
    } catch (error) {
      if (error instanceof MoneyInputError)
        throw badUserInput(error.field, error.message.replace(`${error.field}: `, ''), { reason: error.reason });
      throw error;
    }
  }
  if (facts.address !== undefined) checked.address = checkText(facts.address, field('address'), 200);
  if (facts.divisionCode !== undefined) {
    const division = findDivision(facts.divisionCode);
    if (!division) throw badUserInput(field('divisionCode'), `${facts.divisionCode} is not a GB/T 2260 division code`);
    // A new registration takes today's code; former codes are valid only inside numbers already issued.
    if (!division.current) {
      throw badUserInput(field('divisionCode'), `${describeFormerDivision(division)}; register under a current code`);
    }
  }
  if (facts.industryCode !== undefined && !INDUSTRY_CODE.test(facts.industryCode)) {
    throw badUserInput(
      field('industryCode'),
      'must be a GB/T 4754 code: a section letter A–T, optionally followed by 2–4 digits (e.g. E4701)',
    );
  }
  if (facts.businessScope !== undefined) checked.businessScope = checkText(facts.businessScope, field('businessScope'), 2000);
  return checked as T;
}

/** A calendar date (Asia/Shanghai) that is real and not in the future. */
export function checkPastDate(value: string, field: string): string {
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!PLAIN_DATE.test(value) || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw badUserInput(field, 'must be a calendar date YYYY-MM-DD');
  }
  if (value > todayInShanghai()) throw badUserInput(field, 'must not be in the future');
  return value;
}

function checkText(value: string, field: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badUserInput(field, 'must not be empty');
  if ([...trimmed].length > maxLength) throw badUserInput(field, `must be at most ${maxLength} characters`);
  return trimmed;
}
