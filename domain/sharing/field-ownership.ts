import { forbidden } from '../errors.js';
import { policyWriterOf } from './record-facts.js';
import type { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

/** Who writes: a request's principal, or the department system a connector receives from. */
export interface Writer {
  department: { code: string };
}

/**
 * 一数一源: each field listed in the policy has one owner department, the only one that writes it. A
 * write that names a field owned by another department is refused (not merged), naming the field
 * under `inputPath` and its owner. Fields the policy does not list have no owner to defend.
 */
export function checkFieldOwnership(
  policy: SharingPolicySnapshot,
  writer: Writer,
  typeName: string,
  fieldNames: readonly string[],
  inputPath: string,
): void {
  for (const fieldName of fieldNames) {
    const rule = policy.ruleFor(typeName, fieldName);
    const owner = policyWriterOf(rule, typeName);
    if (rule && owner !== undefined && owner !== writer.department.code) {
      throw forbidden(
        `${typeName}.${fieldName} is owned by department ${owner}, the only one that writes it; department ${writer.department.code} may not.`,
        `${inputPath}.${fieldName}`,
      );
    }
  }
}
