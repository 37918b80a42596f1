import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { Matter } from '../../entities/matter.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { badUserInput, notFound } from '../errors.js';
import { AdjustmentType, MatterStatus } from '../../entities/adjustment-type.js';
import { checkAdjustmentDocument } from './adjustment-document.js';
import { applyChanges, type MatterChangesInput } from './matter-input.js';
import { createVersion, stateOfVersion } from './matter-versions.js';
import { checkMatterState } from './matter-state.js';
import { planAdjustment } from './plan-adjustment.js';

export interface AdjustMatterInput {
  code: string;
  type: AdjustmentType;
  documentNumber: string;
  effectiveOn: string;
  changes?: MatterChangesInput | null;
}

/**
 * 取消, 下放 or 调整: appends a version holding the matter's complete new state from the
 * document's effective date, and closes the version in force. `mayChange` is asked for the
 * department that owns the matter now and, if the adjustment moves it, the one it moves to.
 */
export async function adjustMatter(
  em: EntityManager,
  input: AdjustMatterInput,
  recordedBy: string,
  mayChange: (departmentCode: string) => void,
): Promise<MatterVersion> {
  return em.transactional(async (tx) => {
    const document = checkAdjustmentDocument(input, { documentNumber: 'input.documentNumber', effectiveOn: 'input.effectiveOn' });
    // Locking the matter's identity row (which never changes) orders concurrent adjustments of it;
    // the version in force is read after the lock, so each adjustment sees the one before it.
    const matter = await tx.findOne(Matter, { code: input.code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!matter) throw notFound('input.code', `no matter ${input.code} in the catalog`);
    const open = await tx.findOneOrFail(MatterVersion, { matter, validUntil: null }, { populate: ['department'], refresh: true });
    const current = stateOfVersion(open, open.department.code);
    mayChange(current.departmentCode);
    const changes = input.changes ?? {};
    const changing = Object.values(changes).some((value) => value !== null && value !== undefined);
    if (input.type === AdjustmentType.CANCEL && changing) throw badUserInput('input.changes', 'a cancellation (CANCEL) takes no changes');
    if (input.type !== AdjustmentType.CANCEL && !changing)
      throw badUserInput('input.changes', `a ${input.type} adjustment names what changes`);
    const next =
      input.type === AdjustmentType.CANCEL
        ? { ...current, status: MatterStatus.CANCELLED }
        : checkMatterState(applyChanges(current, changes), (field) => `input.changes.${field}`);
    const plan = planAdjustment(
      { code: matter.code, addedOn: matter.addedOn, latestFrom: open.validFrom, state: current },
      { state: next, effectiveOn: document.effectiveOn },
      { code: 'input.code', type: 'input.type', effectiveOn: 'input.effectiveOn', levels: 'input.changes.levels', status: 'input.type' },
      input.type,
    );
    if (plan.type === null) throw badUserInput('input.changes', `the changes leave matter ${matter.code} as it is`);
    let departmentId = open.department.id;
    if (next.departmentCode !== current.departmentCode) {
      mayChange(next.departmentCode);
      const department = await tx.findOne(Department, { code: next.departmentCode });
      if (!department) throw notFound('input.changes.departmentCode', `no department ${next.departmentCode}`);
      departmentId = department.id;
    }
    open.validUntil = document.effectiveOn;
    // The closed version is written before the new one, so the one-open-version index never sees two.
    await tx.flush();
    const version = createVersion(tx, {
      matter,
      sequence: open.sequence + 1,
      type: plan.type,
      ...document,
      state: next,
      departmentId,
      changedFields: plan.changed,
      recordedBy,
    });
    await tx.flush();
    return version;
  });
}
