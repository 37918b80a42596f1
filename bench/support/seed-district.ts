import type { EntityManager } from '@mikro-orm/sql';
import { createDepartment, issueCredential } from '../../domain/auth/manage-credentials.js';
import { Role } from '../../entities/role.js';
import { demoDepartments } from '../../demo/departments.js';
import { seedIntegratedCertificates } from '../../demo/integrated-certificates.js';
import { seedLicenceTypes } from '../../demo/licence-types.js';

export interface BenchTokens {
  /** A registration window of 市场监管 (CLERK). */
  clerk: string;
  /** The hall screen (DASHBOARD). */
  dashboard: string;
  /** One business-system credential (SYSTEM) per department code. */
  system: Record<string, string>;
}

/**
 * The demo district's departments, integrated certificates and licence types, with one credential
 * per role, through the same domain functions the hub's own seeding uses.
 */
export async function seedDistrict(em: EntityManager): Promise<BenchTokens> {
  for (const department of demoDepartments) await createDepartment(em, department);
  await seedIntegratedCertificates(em);
  await seedLicenceTypes(em);
  const issue = async (code: string, roles: Role[], label: string, clerkName?: string) =>
    (await issueCredential(em, { departmentCode: code, roles, label, clerkName })).token;
  const tokens: BenchTokens = {
    clerk: await issue('SCJG', [Role.CLERK], 'bench window', '压测员'),
    dashboard: await issue('ZWFW', [Role.DASHBOARD], 'bench screen'),
    system: {},
  };
  for (const department of demoDepartments) {
    tokens.system[department.code] = await issue(department.code, [Role.SYSTEM], `${department.code} bench system`);
  }
  return tokens;
}
