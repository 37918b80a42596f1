import { badUserInput } from '../errors.js';
import { MatterCategory } from '../../entities/matter-category.js';
import { MatterKind } from '../../entities/matter-kind.js';
import { sortLevels } from './matter-level.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { MatterStatus } from '../../entities/adjustment-type.js';
import type { FeeState, MaterialState } from '../../entities/matter-requirements.js';

/**
 * Everything the catalog says about a matter on one day. Every adjustment stores a complete state,
 * so the catalog of any past day is read directly rather than replayed from diffs.
 */
export interface MatterState {
  name: string;
  category: MatterCategory;
  departmentCode: string;
  legalBasis: string;
  conditions: string;
  materials: MaterialState[];
  /** Empty: the matter is free of charge (不收费). */
  fees: FeeState[];
  legalTimeLimitDays: number;
  promisedTimeLimitDays: number;
  kind: MatterKind;
  levels: MatterLevel[];
  /** Whether lower levels (township centres, village agency points) accept on behalf of the implementing level (代办). */
  lowerLevelsAcceptOnBehalf: boolean;
  onlineAvailable: boolean;
  status: MatterStatus;
}

export const MATTER_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_TIME_LIMIT_DAYS = 3650;

/** The state's fields, in the order history and reports show them. */
export const MATTER_STATE_FIELDS = [
  'name',
  'category',
  'departmentCode',
  'legalBasis',
  'conditions',
  'materials',
  'fees',
  'legalTimeLimitDays',
  'promisedTimeLimitDays',
  'kind',
  'levels',
  'lowerLevelsAcceptOnBehalf',
  'onlineAvailable',
  'status',
] as const satisfies ReadonlyArray<keyof MatterState>;

/**
 * Checks and normalises a complete state. `field` maps a state field to the name the caller's
 * client knows it by (`input.promisedTimeLimitDays`, or a spreadsheet column), so the error
 * names what the client sent.
 */
export function checkMatterState(state: MatterState, field: (name: keyof MatterState) => string): MatterState {
  const text = (name: 'name' | 'legalBasis' | 'conditions', min: number, max: number) => {
    const value = state[name].trim();
    if (value.length < min || value.length > max) {
      throw badUserInput(field(name), min > 0 ? `must be ${min}–${max} characters` : `must be at most ${max} characters`);
    }
    return value;
  };
  const name = text('name', 1, 200);
  const legalBasis = text('legalBasis', 1, 4000);
  const conditions = text('conditions', 0, 4000);
  for (const key of ['legalTimeLimitDays', 'promisedTimeLimitDays'] as const) {
    const days = state[key];
    if (!Number.isInteger(days) || days < 0 || days > MAX_TIME_LIMIT_DAYS) {
      throw badUserInput(field(key), `must be a whole number of working days from 0 to ${MAX_TIME_LIMIT_DAYS}`);
    }
  }
  if (state.promisedTimeLimitDays > state.legalTimeLimitDays) {
    throw badUserInput(
      field('promisedTimeLimitDays'),
      `the promised limit (${state.promisedTimeLimitDays} working days) may not exceed the legal limit (${state.legalTimeLimitDays})`,
    );
  }
  if (state.kind === MatterKind.ON_THE_SPOT && state.promisedTimeLimitDays !== 0) {
    throw badUserInput(field('promisedTimeLimitDays'), 'an on-the-spot matter (即办件) is completed at once: its promised limit is 0');
  }
  if (state.kind === MatterKind.PROMISED && state.promisedTimeLimitDays < 1) {
    throw badUserInput(field('promisedTimeLimitDays'), 'a promised matter (承诺件) needs a promised limit of at least 1 working day');
  }
  if (state.levels.length === 0) throw badUserInput(field('levels'), 'at least one level implements the matter');
  if (new Set(state.levels).size !== state.levels.length) throw badUserInput(field('levels'), 'lists a level twice');
  if (state.materials.length > 100) throw badUserInput(field('materials'), 'at most 100 materials');
  const materials = state.materials.map((material, index) => {
    const materialName = material.name.trim();
    if (materialName.length < 1 || materialName.length > 200)
      throw badUserInput(field('materials'), `material ${index + 1}: the name must be 1–200 characters`);
    if (!Number.isInteger(material.copies) || material.copies < 1 || material.copies > 99) {
      throw badUserInput(field('materials'), `material ${index + 1} (${materialName}): copies must be a whole number from 1 to 99`);
    }
    return { name: materialName, form: material.form, copies: material.copies, required: material.required };
  });
  if (new Set(materials.map((material) => material.name)).size !== materials.length) {
    throw badUserInput(field('materials'), 'lists a material twice');
  }
  if (state.fees.length > 50) throw badUserInput(field('fees'), 'at most 50 fee items');
  const fees = state.fees.map((fee, index) => {
    const item = fee.item.trim();
    const standard = fee.standard.trim();
    const basis = fee.basis.trim();
    if (item.length < 1 || item.length > 200) throw badUserInput(field('fees'), `fee ${index + 1}: the item must be 1–200 characters`);
    if (standard.length < 1 || standard.length > 200)
      throw badUserInput(field('fees'), `fee ${index + 1} (${item}): the standard must be 1–200 characters`);
    if (basis.length > 500) throw badUserInput(field('fees'), `fee ${index + 1} (${item}): the basis must be at most 500 characters`);
    return { item, standard, basis };
  });
  return { ...state, name, legalBasis, conditions, materials, fees, levels: sortLevels(state.levels) };
}

/** The fields whose values differ between two states (deep, order-sensitive for lists). */
export function changedFields(before: MatterState, after: MatterState): Array<keyof MatterState> {
  return MATTER_STATE_FIELDS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
