import type { EntityManager } from '@mikro-orm/sql';
import { ApiCredential } from '../../entities/api-credential.js';
import { Clerk } from '../../entities/clerk.js';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { findDivision } from '../divisions.js';
import { checkUscc } from '../uscc.js';
import { generateToken } from './api-token.js';
import { Role } from '../../entities/role.js';

const DEPARTMENT_CODE = /^[A-Z0-9_]{2,32}$/;

export async function createDepartment(
  em: EntityManager,
  input: { code: string; name: string; uscc?: string | null; divisionCode?: string | null; registersMarketEntities?: boolean | null },
): Promise<Department> {
  if (!DEPARTMENT_CODE.test(input.code)) throw badUserInput('code', 'must be 2–32 capital letters, digits or underscores');
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw badUserInput('name', 'must be 1–100 characters');
  if (input.uscc) {
    const check = checkUscc(input.uscc);
    if (!check.valid) throw badUserInput('uscc', check.failures.map((failure) => failure.message).join('; '));
  }
  if (input.divisionCode && !findDivision(input.divisionCode)?.current) {
    throw badUserInput('divisionCode', `${input.divisionCode} is not a current GB/T 2260 division code`);
  }
  if (input.registersMarketEntities && !input.divisionCode) {
    throw badUserInput('divisionCode', 'a department that registers market entities needs the division code it writes into USCCs');
  }
  if (await em.count(Department, { code: input.code })) throw conflict('code', `department ${input.code} already exists`);
  const department = em.create(Department, {
    code: input.code,
    name,
    uscc: input.uscc ?? null,
    divisionCode: input.divisionCode ?? null,
    registersMarketEntities: input.registersMarketEntities ?? false,
  });
  await em.flush();
  return department;
}

export async function issueCredential(
  em: EntityManager,
  input: {
    departmentCode: string;
    roles: Role[];
    label: string;
    clerkName?: string | null;
    clerkStaffNumber?: string | null;
    enterpriseUscc?: string | null;
  },
): Promise<{ keyId: string; token: string }> {
  if (input.roles.length === 0) throw badUserInput('roles', 'at least one role is needed');
  checkRoleCombination(input.roles);
  const label = input.label.trim();
  if (label.length === 0 || label.length > 100) throw badUserInput('label', 'must be 1–100 characters');
  const isClerk = input.roles.includes(Role.CLERK);
  if (isClerk && !input.clerkName?.trim()) throw badUserInput('clerkName', 'a CLERK credential names the person who uses it');
  if (!isClerk && input.clerkName) throw badUserInput('clerkName', 'only a CLERK credential names a person');
  const enterpriseUscc = await checkEnterpriseCredential(em, input);
  const department = await em.findOne(Department, { code: input.departmentCode });
  if (!department) throw notFound('departmentCode', `no department ${input.departmentCode}`);
  const clerk = isClerk
    ? em.create(Clerk, { department, name: input.clerkName!.trim(), staffNumber: input.clerkStaffNumber?.trim() || '-' })
    : null;
  const token = generateToken();
  em.create(ApiCredential, {
    keyId: token.keyId,
    secretSha256: token.secretSha256,
    department,
    clerk,
    roles: [...new Set(input.roles)],
    label,
    enterpriseUscc,
  });
  await em.flush();
  return { keyId: token.keyId, token: token.token };
}

/**
 * A credential is one kind of reader (domain/sharing/reader.ts): a person or a system, a screen, an
 * enterprise. Combinations would blur whose reads the access log names and what a leaked token
 * opens, so only an administrator who is also a named clerk may hold two roles.
 */
function checkRoleCombination(roles: readonly Role[]): void {
  const distinct = [...new Set(roles)];
  if (distinct.length < 2 || distinct.includes(Role.ENTERPRISE)) return; // ENTERPRISE is checked with its USCC
  if (distinct.length === 2 && distinct.includes(Role.ADMIN) && distinct.includes(Role.CLERK)) return;
  const reason = distinct.includes(Role.DASHBOARD)
    ? 'a DASHBOARD credential is a read-only screen and holds no other role'
    : distinct.includes(Role.SYSTEM) && distinct.includes(Role.CLERK)
      ? 'a credential is either a business system (SYSTEM) or a named person (CLERK), not both'
      : 'only ADMIN together with CLERK (a named administrator) may be combined';
  throw badUserInput('roles', `${distinct.join(' + ')} make no sense together: ${reason}`);
}

/**
 * An ENTERPRISE credential acts for one registered enterprise (its USCC) and for nothing else, so
 * it carries no department role: it only lets the enterprise see who read its data.
 */
async function checkEnterpriseCredential(
  em: EntityManager,
  input: { roles: Role[]; enterpriseUscc?: string | null },
): Promise<string | null> {
  const isEnterprise = input.roles.includes(Role.ENTERPRISE);
  if (!isEnterprise) {
    if (input.enterpriseUscc) throw badUserInput('enterpriseUscc', 'only an ENTERPRISE credential names an enterprise');
    return null;
  }
  if (input.roles.some((role) => role !== Role.ENTERPRISE))
    throw badUserInput('roles', 'ENTERPRISE cannot be combined with department roles');
  const uscc = input.enterpriseUscc?.trim().toUpperCase();
  if (!uscc) throw badUserInput('enterpriseUscc', 'an ENTERPRISE credential names the enterprise (USCC) it acts for');
  if (!(await em.count(Enterprise, { uscc }))) throw notFound('enterpriseUscc', `no enterprise ${uscc} is registered`);
  return uscc;
}

/** Revokes a credential; returns its id, for closing what it holds open once the revocation has committed. */
export async function revokeCredential(em: EntityManager, keyId: string): Promise<{ credentialId: string }> {
  const credential = await em.findOne(ApiCredential, { keyId });
  if (!credential) throw notFound('keyId', `no credential ${keyId}`);
  if (credential.revokedAt) throw conflict('keyId', `credential ${keyId} is already revoked`);
  credential.revokedAt = new Date();
  await em.flush();
  return { credentialId: credential.id };
}
