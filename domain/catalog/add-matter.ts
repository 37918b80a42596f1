import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { Matter } from '../../entities/matter.js';
import type { MatterVersion } from '../../entities/matter-version.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { AdjustmentType } from '../../entities/adjustment-type.js';
import { checkAdjustmentDocument } from './adjustment-document.js';
import { stateFromInput, type AddMatterInput } from './matter-input.js';
import { createVersion } from './matter-versions.js';
import { checkMatterState, MATTER_CODE, MATTER_STATE_FIELDS } from './matter-state.js';

/** 新增: a matter enters the catalog from its document's effective date. */
export async function addMatter(em: EntityManager, input: AddMatterInput, recordedBy: string): Promise<MatterVersion> {
  try {
    return await insertMatter(em, input, recordedBy);
  } catch (error) {
    // Two requests adding one code at once: the unique index lets one through.
    if (error instanceof UniqueConstraintViolationException)
      throw conflict('input.code', `matter ${input.code.trim()} is already in the catalog`);
    throw error;
  }
}

function insertMatter(em: EntityManager, input: AddMatterInput, recordedBy: string): Promise<MatterVersion> {
  return em.transactional(async (tx) => {
    const code = input.code.trim();
    if (!MATTER_CODE.test(code))
      throw badUserInput('input.code', 'must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
    const document = checkAdjustmentDocument(input, { documentNumber: 'input.documentNumber', effectiveOn: 'input.effectiveOn' });
    const state = checkMatterState(stateFromInput(input), (field) => `input.${field}`);
    const department = await tx.findOne(Department, { code: state.departmentCode });
    if (!department) throw notFound('input.departmentCode', `no department ${state.departmentCode}`);
    if (await tx.count(Matter, { code })) throw conflict('input.code', `matter ${code} is already in the catalog`);
    const matter = tx.create(Matter, { code, addedOn: document.effectiveOn });
    const version = createVersion(tx, {
      matter,
      sequence: 1,
      type: AdjustmentType.ADD,
      ...document,
      state,
      departmentId: department.id,
      changedFields: MATTER_STATE_FIELDS,
      recordedBy,
    });
    await tx.flush();
    return version;
  });
}
