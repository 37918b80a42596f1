import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { SharingGrant } from '../../entities/sharing-grant.js';
import { SharingPolicy } from '../../entities/sharing-policy.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { actorName, type Principal } from '../auth/principal.js';
import { SharingLevel } from '../../entities/sharing-level.js';

/** What the API's schema says about a field: the domain checks policy rows against it. */
export interface FieldShape {
  exists: boolean;
  nullable: boolean;
}

export type DescribeField = (typeName: string, fieldName: string) => FieldShape;

const PURPOSE = /^[\p{L}\p{N}_ .:/-]{1,100}$/u;
const MAX_GRANT_DAYS = 5 * 366;

/**
 * Sets the owner and level of one field. Any field can be restricted: where a withheld field cannot
 * be null, personal data resolves masked and other data as a FORBIDDEN error that nulls the nearest
 * nullable parent (schema/sharing-enforcement.ts), never a way around the policy.
 */
export async function setFieldSharing(
  em: EntityManager,
  principal: Principal,
  input: { typeName: string; fieldName: string; level: SharingLevel; ownerDepartmentCode: string },
  describeField: DescribeField,
): Promise<SharingPolicy> {
  const shape = describeField(input.typeName, input.fieldName);
  if (!shape.exists) throw badUserInput('input.fieldName', `${input.typeName}.${input.fieldName} is not a field of the API`);
  return em.transactional(async (tx) => {
    const owner = await tx.findOne(Department, { code: input.ownerDepartmentCode });
    if (!owner) throw notFound('input.ownerDepartmentCode', `no department ${input.ownerDepartmentCode}`);
    const existing = await tx.findOne(SharingPolicy, { typeName: input.typeName, fieldName: input.fieldName });
    const rule =
      existing ??
      tx.create(SharingPolicy, { typeName: input.typeName, fieldName: input.fieldName, level: input.level, owner, updatedBy: '' });
    tx.assign(rule, { level: input.level, owner, updatedBy: actorName(principal), updatedAt: new Date() });
    await tx.flush();
    return rule;
  });
}

/** Grants `departmentCode` the reading of conditional fields of one type for the purposes listed. */
export async function grantSharing(
  em: EntityManager,
  principal: Principal,
  input: { departmentCode: string; typeName: string; fieldNames: string[]; purposes: string[]; expiresAt: Date },
  describeField: DescribeField,
  now: Date = new Date(),
): Promise<SharingGrant> {
  const fieldNames = [...new Set(input.fieldNames.map((name) => name.trim()))];
  if (fieldNames.length === 0) throw badUserInput('input.fieldNames', 'name at least one field');
  for (const fieldName of fieldNames) {
    if (!describeField(input.typeName, fieldName).exists)
      throw badUserInput('input.fieldNames', `${input.typeName}.${fieldName} is not a field of the API`);
  }
  const purposes = [...new Set(input.purposes.map((purpose) => purpose.trim()))];
  if (purposes.length === 0) throw badUserInput('input.purposes', 'name at least one purpose');
  const badPurpose = purposes.find((purpose) => !PURPOSE.test(purpose));
  if (badPurpose !== undefined) throw badUserInput('input.purposes', `"${badPurpose}" must be 1–100 letters, digits, spaces or _ . : / -`);
  if (Number.isNaN(input.expiresAt.getTime()) || input.expiresAt <= now) throw badUserInput('input.expiresAt', 'must be in the future');
  if (input.expiresAt.getTime() - now.getTime() > MAX_GRANT_DAYS * 86_400_000)
    throw badUserInput('input.expiresAt', 'a grant lasts at most five years');
  return em.transactional(async (tx) => {
    const department = await tx.findOne(Department, { code: input.departmentCode });
    if (!department) throw notFound('input.departmentCode', `no department ${input.departmentCode}`);
    const grant = tx.create(SharingGrant, {
      department,
      typeName: input.typeName,
      fieldNames,
      purposes,
      expiresAt: input.expiresAt,
      grantedBy: actorName(principal),
    });
    await tx.flush();
    return grant;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function revokeSharingGrant(em: EntityManager, id: string): Promise<SharingGrant> {
  if (!UUID.test(id)) throw badUserInput('id', 'is not a sharing grant id');
  return em.transactional(async (tx) => {
    const grant = await tx.findOne(SharingGrant, { id }, { populate: ['department'] });
    if (!grant) throw notFound('id', `no sharing grant ${id}`);
    if (grant.revokedAt) throw conflict('id', `sharing grant ${id} is already revoked`);
    grant.revokedAt = new Date();
    await tx.flush();
    return grant;
  });
}
