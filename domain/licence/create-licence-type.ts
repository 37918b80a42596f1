import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { LicenceType } from '../../entities/licence-type.js';
import { badUserInput, conflict } from '../errors.js';
import { checkUscc } from '../uscc.js';
import type { HolderCodeType } from '../../entities/holder-code-type.js';
import { checkFieldsSchema, personalFieldsOf } from './licence-fields.js';
import { LicenceStatus } from '../../entities/licence-status.js';

export interface CreateLicenceTypeInput {
  code: string;
  name: string;
  typeCode: string;
  issuerCode: string;
  holderCodeTypes: HolderCodeType[];
  defaultValidityMonths?: number | null;
  fieldsSchema: Record<string, unknown>;
  publicFields?: string[] | null;
  sourceStatusCodes?: Record<string, string> | null;
  subscriberDepartmentCodes?: string[] | null;
}

const TYPE_KEY = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Defines a licence type; every part is checked before anything is stored. */
export async function createLicenceType(em: EntityManager, input: CreateLicenceTypeInput): Promise<LicenceType> {
  if (!TYPE_KEY.test(input.code))
    throw badUserInput('input.code', 'must be 2–64 capital letters, digits or underscores, e.g. FOOD_BUSINESS_LICENCE');
  const name = input.name.trim();
  if (!name || [...name].length > 50) throw badUserInput('input.name', 'must be 1–50 characters');
  const ministry = checkUscc(input.typeCode.slice(0, 18));
  if (input.typeCode.length !== 21 || !/^\d{3}$/.test(input.typeCode.slice(18)) || !ministry.valid) {
    throw badUserInput(
      'input.typeCode',
      `must be the defining ministry's valid USCC followed by 3 digits${ministry.valid ? '' : ` (${ministry.failures.map((failure) => failure.message).join('; ')})`}`,
    );
  }
  if (input.holderCodeTypes.length === 0) throw badUserInput('input.holderCodeTypes', 'must name at least one kind of holder');
  const months = input.defaultValidityMonths;
  if (months !== undefined && months !== null && (!Number.isInteger(months) || months < 1 || months > 1200)) {
    throw badUserInput('input.defaultValidityMonths', 'must be a whole number of months from 1 to 1200, or null for 长期');
  }
  const fieldsSchema = checkFieldsSchema(input.fieldsSchema, 'input.fieldsSchema');
  const personalTopLevel = new Set(personalFieldsOf(fieldsSchema).map((path) => path[0]));
  const publicPersonal = (input.publicFields ?? []).filter((field) => personalTopLevel.has(field));
  if (publicPersonal.length > 0) {
    throw badUserInput(
      'input.publicFields',
      `${publicPersonal.join(', ')} holds personal data ("personal": true in fieldsSchema) and cannot be public`,
    );
  }
  const sourceStatusCodes = input.sourceStatusCodes ?? {};
  for (const [code, status] of Object.entries(sourceStatusCodes)) {
    if (!Object.values(LicenceStatus).includes(status as LicenceStatus)) {
      throw badUserInput(`input.sourceStatusCodes.${code}`, `must be one of ${Object.values(LicenceStatus).join(', ')}`);
    }
  }
  const issuer = await em.findOne(Department, { code: input.issuerCode });
  if (!issuer) throw badUserInput('input.issuerCode', `no department has code ${input.issuerCode}`);
  const subscribers = input.subscriberDepartmentCodes ?? [];
  const known = await em.find(Department, { code: { $in: subscribers } });
  const unknown = subscribers.filter((code) => !known.some((department) => department.code === code));
  if (unknown.length) throw badUserInput('input.subscriberDepartmentCodes', `unknown department codes: ${unknown.join(', ')}`);
  if (await em.count(LicenceType, { $or: [{ code: input.code }, { typeCode: input.typeCode }] })) {
    throw conflict('input.code', `a licence type with code ${input.code} or type code ${input.typeCode} exists`);
  }
  const type = em.create(LicenceType, {
    code: input.code,
    name,
    typeCode: input.typeCode,
    issuer,
    holderCodeTypes: input.holderCodeTypes,
    defaultValidityMonths: months ?? null,
    fieldsSchema,
    publicFields: input.publicFields ?? [],
    sourceStatusCodes: sourceStatusCodes as Record<string, LicenceStatus>,
    subscriberDepartmentCodes: subscribers,
  });
  await em.flush();
  return type;
}
