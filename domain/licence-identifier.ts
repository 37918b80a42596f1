/**
 * E-licence identifier (证照标识), GB/T 36904-2018:
 *
 *   1.2.156.3005.2.<licence type code>.<issuer USCC>.<serial>.<version>.<check>
 *
 * The type code is the defining ministry's USCC followed by a 3-digit number; the check
 * character is ISO/IEC 7064 MOD 37,36 over type code + issuer + serial + version, joined
 * without the dots.
 *
 * Only the 18-character shape of the USCCs is checked here; whether their own check
 * characters are right is the USCC module's business, so a caller that needs that runs both.
 */
import { mod37_36CheckCharacter } from './iso7064.js';

export const LICENCE_IDENTIFIER_PREFIX = '1.2.156.3005.2';

/**
 * Serial: 1–64 characters of 0-9A-Z. The standard leaves the serial to the issuer, and
 * issuers use date-plus-counter numbers (10–20 digits) and 32-character hex UUIDs. It may
 * not contain a dot (the separator) and must stay inside the check alphabet, or the check
 * character could not be computed; 64 leaves room for any of those without admitting junk.
 */
export const SERIAL_MAX_LENGTH = 64;

/** 0-9 and A-Z less I, O, Z, S, V: the USCC symbol set (GB 32100-2015). */
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const TYPE_CODE_SHAPE = /^([0-9A-HJ-NP-RTUW-Y]{18})([0-9]{3})$/;
const SERIAL_SHAPE = new RegExp(`^[0-9A-Z]{1,${SERIAL_MAX_LENGTH}}$`);
/** Three digits; issuers start at 001 and count up with each re-issue. */
const VERSION_SHAPE = /^[0-9]{3}$/;
const CHECK_SHAPE = /^[0-9A-Z]$/;

export type LicenceIdentifierFailureReason = 'FORMAT' | 'PREFIX' | 'TYPE_CODE' | 'ISSUER' | 'SERIAL' | 'VERSION' | 'CHECK_CHARACTER';

export interface LicenceIdentifierInput {
  /** Ministry USCC (18) + 3-digit number, e.g. "11100000000013338W011". */
  typeCode: string;
  issuerUscc: string;
  serial: string;
  /** Three digits, e.g. "001". */
  version: string;
}

export interface LicenceIdentifierParts extends LicenceIdentifierInput {
  /** The ministry that defines the licence type: first 18 characters of the type code. */
  definingMinistryUscc: string;
  /** The ministry's own number for the licence type: last 3 characters of the type code. */
  typeNumber: string;
  checkCharacter: string;
}

export type LicenceIdentifierParseResult =
  { ok: true; identifier: string; parts: LicenceIdentifierParts } | { ok: false; reason: LicenceIdentifierFailureReason; message: string };

export class LicenceIdentifierError extends Error {
  readonly reason: LicenceIdentifierFailureReason;

  constructor(reason: LicenceIdentifierFailureReason, message: string) {
    super(message);
    this.name = 'LicenceIdentifierError';
    this.reason = reason;
  }
}

type PartFailure = { reason: LicenceIdentifierFailureReason; message: string };

/** The first part that is malformed, in identifier order, or null when all four are well-formed. */
function firstMalformedPart(input: LicenceIdentifierInput): PartFailure | null {
  const { typeCode, issuerUscc, serial, version } = input;
  if (!TYPE_CODE_SHAPE.test(typeCode)) {
    return {
      reason: 'TYPE_CODE',
      message:
        `licence type code "${typeCode}" must be the defining ministry's 18-character unified ` +
        'social credit code followed by a 3-digit number (21 characters)',
    };
  }
  if (!USCC_SHAPE.test(issuerUscc)) {
    return {
      reason: 'ISSUER',
      message: `issuer code "${issuerUscc}" must be an 18-character unified social credit code`,
    };
  }
  if (!SERIAL_SHAPE.test(serial)) {
    return {
      reason: 'SERIAL',
      message: `serial "${serial}" must be 1–${SERIAL_MAX_LENGTH} characters of 0-9 and upper-case A-Z`,
    };
  }
  if (!VERSION_SHAPE.test(version)) {
    return { reason: 'VERSION', message: `version "${version}" must be exactly 3 digits, e.g. "001"` };
  }
  return null;
}

function checkCharacterFor(input: LicenceIdentifierInput): string {
  return mod37_36CheckCharacter(input.typeCode + input.issuerUscc + input.serial + input.version);
}

/** Builds the identifier, computing its check character; throws LicenceIdentifierError on a malformed part. */
export function composeLicenceIdentifier(input: LicenceIdentifierInput): string {
  const failure = firstMalformedPart(input);
  if (failure) throw new LicenceIdentifierError(failure.reason, failure.message);
  const { typeCode, issuerUscc, serial, version } = input;
  return [LICENCE_IDENTIFIER_PREFIX, typeCode, issuerUscc, serial, version, checkCharacterFor(input)].join('.');
}

/**
 * Parses and verifies an identifier exactly as written: no trimming or case folding, because
 * an identifier is compared character for character by every department that receives it.
 * Reports the first failing part only.
 */
export function parseLicenceIdentifier(id: string): LicenceIdentifierParseResult {
  const fail = (reason: LicenceIdentifierFailureReason, message: string): LicenceIdentifierParseResult => ({
    ok: false,
    reason,
    message,
  });

  if (typeof id !== 'string' || id.length === 0) {
    return fail('FORMAT', 'licence identifier is empty');
  }
  if (/\s/.test(id)) {
    return fail('FORMAT', 'licence identifier must not contain spaces or line breaks');
  }
  if (!id.startsWith(`${LICENCE_IDENTIFIER_PREFIX}.`)) {
    return fail('PREFIX', `licence identifier must start with "${LICENCE_IDENTIFIER_PREFIX}."`);
  }
  const rest = id.slice(LICENCE_IDENTIFIER_PREFIX.length + 1).split('.');
  if (rest.length !== 5) {
    return fail(
      'FORMAT',
      'after the prefix a licence identifier has 5 dot-separated parts (type code, issuer code, ' +
        `serial, version, check character); found ${rest.length}`,
    );
  }
  const [typeCode, issuerUscc, serial, version, checkCharacter] = rest as [string, string, string, string, string];
  const input = { typeCode, issuerUscc, serial, version };

  const malformed = firstMalformedPart(input);
  if (malformed) return fail(malformed.reason, malformed.message);

  if (!CHECK_SHAPE.test(checkCharacter)) {
    return fail('CHECK_CHARACTER', `check character "${checkCharacter}" must be one character of 0-9 or A-Z`);
  }
  const expected = checkCharacterFor(input);
  if (checkCharacter !== expected) {
    return fail(
      'CHECK_CHARACTER',
      `check character "${checkCharacter}" does not match the ISO 7064 MOD 37,36 check of the ` +
        `type code, issuer code, serial and version (expected "${expected}")`,
    );
  }

  return {
    ok: true,
    identifier: id,
    parts: {
      typeCode,
      definingMinistryUscc: typeCode.slice(0, 18),
      typeNumber: typeCode.slice(18),
      issuerUscc,
      serial,
      version,
      checkCharacter,
    },
  };
}
