import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import { createDepartment, issueCredential } from '../domain/auth/manage-credentials.js';
import { Role } from '../entities/role.js';
import { Department } from '../entities/department.js';
import { demoDepartments } from './departments.js';
import { seedIntegratedCertificates } from './integrated-certificates.js';
import { seedLicenceTypes } from './licence-types.js';
import { seedDemoTrades } from './trades.js';
import { seedDemoMatters } from './matters.js';
import { seedSharingPolicy } from '../domain/sharing/seed-sharing-policy.js';
import { seedDemoCases } from './cases.js';
import { seedDemoEnterprises } from './seed-enterprises.js';

export interface DemoCredential {
  department: string;
  roles: Role[];
  label: string;
  token: string;
}

/**
 * Loads the demo district on a database that has no departments yet, and keeps the tokens it
 * issued in a local file (mode 0600) so every later start can show them again: the database only
 * holds their hashes.
 */
export async function seedDemoData(em: EntityManager, credentialsFile: string): Promise<DemoCredential[]> {
  if ((await em.count(Department, {})) > 0) return readDemoCredentials(credentialsFile);
  const credentials: DemoCredential[] = [];
  await em.transactional(async (tx) => {
    for (const department of demoDepartments) await createDepartment(tx, department);
    await seedIntegratedCertificates(tx);
    await seedLicenceTypes(tx);
    await seedDemoMatters(tx);
    await seedSharingPolicy(tx);
    const issue = async (department: string, roles: Role[], label: string, clerkName?: string) => {
      const { token } = await issueCredential(tx, { departmentCode: department, roles, label, clerkName });
      credentials.push({ department, roles, label, token });
    };
    await issue('ZWFW', [Role.ADMIN], 'hub administrator');
    await issue('ZWFW', [Role.DASHBOARD], 'hall LED screen');
    await issue('SCJG', [Role.CLERK], 'registration window 1', '王晓燕');
    for (const department of demoDepartments) {
      if (department.code !== 'ZWFW') await issue(department.code, [Role.SYSTEM], `${department.code} business system`);
    }
    await seedDemoEnterprises(tx);
    await seedDemoTrades(tx);
    await seedDemoCases(tx);
  });
  await mkdir(path.dirname(credentialsFile), { recursive: true });
  await writeFile(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

async function readDemoCredentials(file: string): Promise<DemoCredential[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DemoCredential[];
  } catch {
    return [];
  }
}
