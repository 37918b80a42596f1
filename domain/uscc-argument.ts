import { badUserInput } from './errors.js';
import { checkUscc } from './uscc.js';

/**
 * A USCC given as an argument, checked before it is looked up or stored: a mistyped code is refused
 * naming the field and every rule it breaks, instead of answering "not found".
 */
export function checkUsccArgument(value: string, field: string): string {
  const code = value.trim().toUpperCase();
  const check = checkUscc(code);
  if (!check.valid) {
    throw badUserInput(field, check.failures.map((failure) => failure.message).join('; '), {
      rules: check.failures.map((failure) => failure.rule),
    });
  }
  return code;
}
