import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { SharingGrant } from '../../entities/sharing-grant.js';
import { SharingPolicy } from '../../entities/sharing-policy.js';
import { defaultSharingGrants, defaultSharingPolicy } from './default-sharing-policy.js';

const GRANT_DAYS = 365;

/**
 * Writes the default policy rows that are missing (rows an admin changed are kept) and, on a hub
 * without grants, the default grants for one year. Departments named by the defaults that do not
 * exist are skipped.
 */
export async function seedSharingPolicy(em: EntityManager): Promise<void> {
  await seedSharingLevels(em);
  if ((await em.count(SharingGrant, {})) === 0) {
    const departments = await departmentsByCode(em);
    const expiresAt = new Date(Date.now() + GRANT_DAYS * 86_400_000);
    for (const { departmentCode, ...grant } of defaultSharingGrants) {
      const department = departments.get(departmentCode);
      if (!department) continue;
      em.create(SharingGrant, { ...grant, department, expiresAt, grantedBy: 'default policy' });
    }
  }
  await em.flush();
}

/**
 * Only the missing default levels: safe on every start, so a field added since the database was
 * made gets its default level, while grants stay exactly as the admins left them.
 */
export async function seedSharingLevels(em: EntityManager): Promise<void> {
  const departments = await departmentsByCode(em);
  const existing = new Set((await em.find(SharingPolicy, {})).map((rule) => `${rule.typeName}.${rule.fieldName}`));
  for (const [typeName, { owner, fields }] of Object.entries(defaultSharingPolicy)) {
    for (const [fieldName, sharing] of Object.entries(fields)) {
      const { level, owner: fieldOwner } = typeof sharing === 'string' ? { level: sharing, owner } : sharing;
      const ownerDepartment = departments.get(fieldOwner);
      if (!ownerDepartment || existing.has(`${typeName}.${fieldName}`)) continue;
      em.create(SharingPolicy, { typeName, fieldName, level, owner: ownerDepartment, updatedBy: 'default policy' });
    }
  }
  await em.flush();
}

async function departmentsByCode(em: EntityManager): Promise<Map<string, Department>> {
  return new Map((await em.find(Department, {})).map((department) => [department.code, department]));
}
