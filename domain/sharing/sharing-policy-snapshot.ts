import { SharingLevel } from '../../entities/sharing-level.js';

export interface FieldRule {
  typeName: string;
  fieldName: string;
  level: SharingLevel;
  ownerCode: string;
}

export interface GrantRule {
  id: string;
  departmentCode: string;
  typeName: string;
  fieldNames: ReadonlySet<string>;
  purposes: readonly string[];
  expiresAt: Date;
}

/**
 * The sharing policy and the live grants as one immutable value, read from the database in one go.
 * Requests evaluate fields against the snapshot current when they look, so a reload never shows a
 * request half an old and half a new policy for one field.
 */
export class SharingPolicySnapshot {
  private readonly rules = new Map<string, FieldRule>();
  private readonly grants = new Map<string, GrantRule[]>();

  constructor(rules: readonly FieldRule[], grants: readonly GrantRule[]) {
    for (const rule of rules) this.rules.set(`${rule.typeName}.${rule.fieldName}`, rule);
    for (const grant of grants) {
      const key = `${grant.departmentCode}:${grant.typeName}`;
      this.grants.set(key, [...(this.grants.get(key) ?? []), grant]);
    }
  }

  static empty(): SharingPolicySnapshot {
    return new SharingPolicySnapshot([], []);
  }

  /** The policy row of a field; undefined for a field the policy does not list (read as unconditional). */
  ruleFor(typeName: string, fieldName: string): FieldRule | undefined {
    return this.rules.get(`${typeName}.${fieldName}`);
  }

  /** The non-revoked grants of a department on a type, expired ones included (to say that they expired). */
  grantsOf(departmentCode: string, typeName: string): readonly GrantRule[] {
    return this.grants.get(`${departmentCode}:${typeName}`) ?? [];
  }

  /** The first expiry of a live grant after `now` (Infinity when none): decisions made before it stay valid until then. */
  nextGrantExpiryAfter(now: Date): number {
    let next = Infinity;
    for (const grants of this.grants.values()) {
      for (const grant of grants) {
        const at = grant.expiresAt.getTime();
        if (at > now.getTime() && at < next) next = at;
      }
    }
    return next;
  }

  get ruleCount(): number {
    return this.rules.size;
  }

  levelOf(typeName: string, fieldName: string): SharingLevel {
    return this.ruleFor(typeName, fieldName)?.level ?? SharingLevel.UNCONDITIONAL;
  }
}
