import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { Matter } from '../../entities/matter.js';
import { MatterVersion } from '../../entities/matter-version.js';
import type { AdjustmentType } from '../../entities/adjustment-type.js';
import { searchColumns } from './matter-search.js';
import { MATTER_STATE_FIELDS, type MatterState } from './matter-state.js';

/** The state a version holds, in canonical form (JSON columns come back with their keys reordered). */
export function stateOfVersion(version: MatterVersion, departmentCode: string): MatterState {
  return {
    name: version.name,
    category: version.category,
    departmentCode,
    legalBasis: version.legalBasis,
    conditions: version.conditions,
    materials: version.materials.map(({ name, form, copies, required }) => ({ name, form, copies, required })),
    fees: version.fees.map(({ item, standard, basis }) => ({ item, standard, basis })),
    legalTimeLimitDays: version.legalTimeLimitDays,
    promisedTimeLimitDays: version.promisedTimeLimitDays,
    kind: version.kind,
    levels: [...version.levels],
    lowerLevelsAcceptOnBehalf: version.lowerLevelsAcceptOnBehalf,
    onlineAvailable: version.onlineAvailable,
    status: version.status,
  };
}

export interface NewVersion {
  matter: Matter;
  sequence: number;
  type: AdjustmentType;
  documentNumber: string;
  effectiveOn: string;
  state: MatterState;
  departmentId: string;
  changedFields: ReadonlyArray<keyof MatterState>;
  recordedBy: string;
}

/** The version row an adjustment appends (persisted with the unit of work). */
export function createVersion(em: EntityManager, version: NewVersion): MatterVersion {
  const { state } = version;
  return em.create(MatterVersion, {
    matter: version.matter,
    code: version.matter.code,
    sequence: version.sequence,
    adjustmentType: version.type,
    documentNumber: version.documentNumber,
    validFrom: version.effectiveOn,
    changedFields: MATTER_STATE_FIELDS.filter((field) => version.changedFields.includes(field)),
    recordedBy: version.recordedBy,
    name: state.name,
    category: state.category,
    department: em.getReference(Department, version.departmentId),
    legalBasis: state.legalBasis,
    conditions: state.conditions,
    materials: state.materials,
    fees: state.fees,
    legalTimeLimitDays: state.legalTimeLimitDays,
    promisedTimeLimitDays: state.promisedTimeLimitDays,
    kind: state.kind,
    levels: state.levels,
    lowerLevelsAcceptOnBehalf: state.lowerLevelsAcceptOnBehalf,
    onlineAvailable: state.onlineAvailable,
    status: state.status,
    ...searchColumns(state),
  });
}
