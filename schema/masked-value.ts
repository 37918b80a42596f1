import { DomainError, ErrorCode } from '../domain/errors.js';
import { personalFieldsOf } from '../domain/licence/licence-fields.js';
import { maskPersonalEntries, maskPersonalValue } from '../domain/sharing/mask.js';
import type { HubContext } from './context.js';

/**
 * Personal data in a field that cannot be null, for a reader who may not see it whole: the value
 * masked as public views show it. A licence's own fields are masked entry by entry, as its type's
 * JSON Schema marks them; a value that cannot be masked is refused with the decision's reason.
 */
export async function maskedValue(
  context: HubContext,
  typeName: string,
  fieldName: string,
  source: unknown,
  value: unknown,
  reason: string,
): Promise<unknown> {
  if (typeName === 'Licence' && fieldName === 'fields') {
    const typeCode = (source as { licenceTypeCode?: string }).licenceTypeCode;
    const type = typeCode ? await context.loaders.licenceTypeByCode.load(typeCode) : null;
    return maskPersonalEntries((value ?? {}) as Record<string, unknown>, type ? personalFieldsOf(type.fieldsSchema) : []);
  }
  const masked = maskPersonalValue(value);
  if (masked === null) throw new DomainError(ErrorCode.FORBIDDEN, reason, `${typeName}.${fieldName}`);
  return masked;
}
