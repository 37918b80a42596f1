import { badUserInput } from '../errors.js';
import { checkResidentId } from '../resident-id.js';
import { checkUscc } from '../uscc.js';
import { HolderCodeType } from '../../entities/holder-code-type.js';

/**
 * Identifies a holder by its code: 18 characters that pass GB 32100 are a USCC; otherwise it must
 * be a resident ID number (GB 11643). Either must pass its check character and division, and be a
 * kind of holder the licence type allows. Full-width characters and lower case are read as their
 * ASCII upper-case forms, and a 15-digit first-generation resident ID is converted to 18 digits:
 * the code returned is the one to store.
 */
export function checkHolderCode(
  value: string,
  allowed: readonly HolderCodeType[],
  field: string,
): { code: string; codeType: HolderCodeType } {
  const code = value.normalize('NFKC').trim().toUpperCase();
  const uscc = checkUscc(code);
  if (uscc.valid) return allowedOrRefused({ code, codeType: HolderCodeType.USCC }, allowed, field);
  const residentId = checkResidentId(code);
  if (residentId.valid) return allowedOrRefused({ code: residentId.normalised!, codeType: HolderCodeType.RESIDENT_ID }, allowed, field);
  const reasons =
    allowed.includes(HolderCodeType.USCC) && !allowed.includes(HolderCodeType.RESIDENT_ID)
      ? uscc.failures.map((failure) => failure.message)
      : allowed.includes(HolderCodeType.RESIDENT_ID) && !allowed.includes(HolderCodeType.USCC)
        ? residentId.failures.map((failure) => failure.message)
        : [
            `as a USCC: ${uscc.failures.map((failure) => failure.message).join('; ')}`,
            `as a resident ID: ${residentId.failures.map((failure) => failure.message).join('; ')}`,
          ];
  throw badUserInput(field, reasons.join('; '));
}

function allowedOrRefused(holder: { code: string; codeType: HolderCodeType }, allowed: readonly HolderCodeType[], field: string) {
  if (!allowed.includes(holder.codeType)) {
    throw badUserInput(field, `this licence type is not issued to holders identified by ${holder.codeType}`);
  }
  return holder;
}
