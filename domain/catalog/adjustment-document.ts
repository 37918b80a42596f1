import { badUserInput } from '../errors.js';
import { isPlainDate } from '../working-days.js';

/** Checks the document number and effective date every adjustment carries; returns them trimmed. */
export function checkAdjustmentDocument(
  input: { documentNumber: string; effectiveOn: string },
  fields: { documentNumber: string; effectiveOn: string },
): { documentNumber: string; effectiveOn: string } {
  const documentNumber = input.documentNumber.trim();
  if (documentNumber.length < 1 || documentNumber.length > 100) {
    throw badUserInput(fields.documentNumber, 'names the document that orders the adjustment (1–100 characters, e.g. 国发〔2015〕11号)');
  }
  const effectiveOn = input.effectiveOn.trim();
  if (!isPlainDate(effectiveOn))
    throw badUserInput(fields.effectiveOn, `must be a real date written YYYY-MM-DD, got "${input.effectiveOn}"`);
  return { documentNumber, effectiveOn };
}
