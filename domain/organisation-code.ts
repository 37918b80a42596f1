/**
 * Organisation code (组织机构代码), GB 11714: an 8-character body and one check character,
 * usually printed with a hyphen before the check character (`D2143569-X`).
 *
 * Its value table is not the USCC's: every digit and all 26 letters are allowed, A = 10 … Z = 35.
 */

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const BODY_PATTERN = /^[0-9A-Z]{8}$/;
const CODE_PATTERN = /^([0-9A-Z]{8})-?([0-9X])$/;

export type OrganisationCodeReason = 'FORMAT' | 'CHECK_CHARACTER';

export type OrganisationCodeCheckResult =
  | { valid: true; body: string; checkCharacter: string; formatted: string }
  | {
      valid: false;
      reason: OrganisationCodeReason;
      message: string;
      /** The check character the body calls for, when the body itself is well formed. */
      expectedCheckCharacter?: string;
    };

function characterValue(char: string): number {
  // parseInt base 36 gives exactly GB 11714's table: 0–9 as themselves, A = 10 … Z = 35.
  return Number.parseInt(char, 36);
}

/** The check character for an 8-character body; throws if the body is not 8 of [0-9A-Z]. */
export function computeOrganisationCodeCheck(body8: string): string {
  if (!BODY_PATTERN.test(body8)) {
    throw new RangeError(`organisation code body must be 8 characters of 0-9A-Z, got "${body8}"`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += characterValue(body8[i]!) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/** Validates a 9-character organisation code, with or without the hyphen before the check. */
export function checkOrganisationCode(code: string): OrganisationCodeCheckResult {
  const match = CODE_PATTERN.exec(code);
  if (!match) {
    return {
      valid: false,
      reason: 'FORMAT',
      message: `"${code}" is not 8 characters of 0-9A-Z followed by an optional hyphen and a check character 0-9 or X`,
    };
  }
  const body = match[1]!;
  const given = match[2]!;
  const expected = computeOrganisationCodeCheck(body);
  if (given !== expected) {
    return {
      valid: false,
      reason: 'CHECK_CHARACTER',
      message: `check character is "${given}" but body ${body} requires "${expected}"`,
      expectedCheckCharacter: expected,
    };
  }
  return { valid: true, body, checkCharacter: given, formatted: `${body}-${given}` };
}
