import type { EntityManager } from '@mikro-orm/sql';
import { DomainError, ErrorCode } from '../errors.js';
import { composeUscc, USCC_ALPHABET } from '../uscc.js';
import { usccOrganisationType } from './uscc-organisation-type.js';
import { type EnterpriseKind } from '../../entities/enterprise-kind.js';
import { nextOrganisationCodeSerial } from './registration-store.js';

/**
 * Organisation-code bodies issued by market regulation since 2015 begin with `MA`; the six
 * characters after it number the codes this hub issues, in the USCC alphabet (31⁶ ≈ 887 million),
 * from a database sequence, so two clerks registering at the same instant never get the same one.
 */
const BODY_PREFIX = 'MA';
const BODY_DIGITS = 6;
const CAPACITY = USCC_ALPHABET.length ** BODY_DIGITS;

export async function allocateUscc(em: EntityManager, authorityDivisionCode: string, kind: EnterpriseKind): Promise<string> {
  const serial = Number(await nextOrganisationCodeSerial(em));
  if (serial >= CAPACITY) {
    throw new DomainError(
      ErrorCode.CONFLICT,
      `every organisation code this hub issues (${BODY_PREFIX}${encodeSerial(0)}–${BODY_PREFIX}${encodeSerial(CAPACITY - 1)}) has been issued: ` +
        'no USCC can be allocated until an administrator assigns the hub a new range',
    );
  }
  return composeUscc({
    authority: '9',
    type: usccOrganisationType(kind),
    divisionCode: authorityDivisionCode,
    organisationCodeBody: BODY_PREFIX + encodeSerial(serial),
  });
}

export function encodeSerial(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= CAPACITY) throw new RangeError(`serial ${serial} is outside the code space`);
  let digits = '';
  for (let rest = serial, index = 0; index < BODY_DIGITS; index++, rest = Math.floor(rest / USCC_ALPHABET.length)) {
    digits = USCC_ALPHABET[rest % USCC_ALPHABET.length] + digits;
  }
  return digits;
}
