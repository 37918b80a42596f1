import { badUserInput, conflict } from '../errors.js';
import { AdjustmentType, MatterStatus } from '../../entities/adjustment-type.js';
import { MATTER_LEVELS, type MatterLevel } from '../../entities/matter-level.js';
import { changedFields, type MatterState } from './matter-state.js';

/** What the catalog holds for a matter when an adjustment arrives. */
export interface CurrentMatter {
  code: string;
  addedOn: string;
  /** The effective date of the version now in force (the latest adjustment). */
  latestFrom: string;
  state: MatterState;
}

export interface AdjustmentFields {
  code: string;
  type: string;
  effectiveOn: string;
  levels: string;
  status: string;
}

export type AdjustmentPlan = { type: AdjustmentType; changed: Array<keyof MatterState> } | { type: null };

/**
 * Decides what an adjustment to `current` that leads to `next` is, or refuses it. With no
 * `requestedType` (a spreadsheet row) the type follows from the change: a lower level added is a
 * delegation (下放), a status of cancelled a cancellation (取消), anything else an adjustment; a
 * row equal to the state in force changes nothing, so importing a file twice is harmless.
 */
export function planAdjustment(
  current: CurrentMatter,
  next: { state: MatterState; effectiveOn: string },
  fields: AdjustmentFields,
  requestedType?: AdjustmentType,
): AdjustmentPlan {
  if (next.effectiveOn < current.addedOn) {
    throw badUserInput(
      fields.effectiveOn,
      `matter ${current.code} was added on ${current.addedOn}; an adjustment cannot take effect before it exists (${next.effectiveOn})`,
    );
  }
  const changed = changedFields(current.state, next.state);
  if (current.state.status === MatterStatus.CANCELLED) {
    if (changed.length === 0 && requestedType === undefined) return { type: null };
    throw conflict(fields.code, `matter ${current.code} was cancelled on ${current.latestFrom}; a cancelled matter is not adjusted again`);
  }
  if (changed.length === 0) return { type: null };
  if (next.effectiveOn < current.latestFrom) {
    throw conflict(
      fields.effectiveOn,
      `matter ${current.code} already has an adjustment effective ${current.latestFrom}; a later document cannot take effect earlier (${next.effectiveOn})`,
    );
  }
  if (next.state.status === MatterStatus.CANCELLED) {
    if (requestedType !== undefined && requestedType !== AdjustmentType.CANCEL) {
      throw badUserInput(fields.status, 'only a cancellation (CANCEL) takes a matter out of the catalog');
    }
    const others = changed.filter((field) => field !== 'status');
    if (others.length > 0)
      throw badUserInput(fields.status, `a cancellation changes nothing else (this one also changes ${others.join(', ')})`);
    return { type: AdjustmentType.CANCEL, changed };
  }
  const handedDown = lowest(next.state.levels) > lowest(current.state.levels);
  if (requestedType === AdjustmentType.DELEGATE && !handedDown) {
    throw badUserInput(fields.levels, `a delegation (下放) hands the matter down to a lower level than ${current.state.levels.join(', ')}`);
  }
  if (requestedType === AdjustmentType.CANCEL || requestedType === AdjustmentType.ADD) {
    throw badUserInput(
      fields.type,
      requestedType === AdjustmentType.ADD ? 'the matter exists already; ADD is addMatter' : 'a cancellation takes no changes',
    );
  }
  if (requestedType) return { type: requestedType, changed };
  const onlyLevels = changed.every((field) => field === 'levels' || field === 'lowerLevelsAcceptOnBehalf');
  return { type: handedDown && onlyLevels ? AdjustmentType.DELEGATE : AdjustmentType.ADJUST, changed };
}

/** Position of the lowest implementing level (province 0 … village 4). */
function lowest(levels: readonly MatterLevel[]): number {
  return Math.max(...levels.map((level) => MATTER_LEVELS.indexOf(level)));
}
