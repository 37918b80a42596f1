import { MatterStatus } from '../../entities/adjustment-type.js';
import type { MatterCategory } from '../../entities/matter-category.js';
import type { MatterKind } from '../../entities/matter-kind.js';
import type { MatterLevel } from '../../entities/matter-level.js';
import type { MatterState } from './matter-state.js';
import type { FeeState, MaterialState } from '../../entities/matter-requirements.js';

/** A matter's state as a client sends it: the optional parts may be left out. */
export interface MatterStateInput {
  name: string;
  category: MatterCategory;
  departmentCode: string;
  legalBasis: string;
  conditions?: string | null;
  materials?: MaterialState[] | null;
  fees?: FeeState[] | null;
  legalTimeLimitDays: number;
  promisedTimeLimitDays: number;
  kind: MatterKind;
  levels: MatterLevel[];
  lowerLevelsAcceptOnBehalf?: boolean | null;
  onlineAvailable?: boolean | null;
}

export interface AddMatterInput extends MatterStateInput {
  code: string;
  documentNumber: string;
  effectiveOn: string;
}

export type MatterChangesInput = { [K in keyof MatterStateInput]?: MatterStateInput[K] | null };

export function stateFromInput(input: MatterStateInput): MatterState {
  return {
    name: input.name,
    category: input.category,
    departmentCode: input.departmentCode,
    legalBasis: input.legalBasis,
    conditions: input.conditions ?? '',
    materials: input.materials ?? [],
    fees: input.fees ?? [],
    legalTimeLimitDays: input.legalTimeLimitDays,
    promisedTimeLimitDays: input.promisedTimeLimitDays,
    kind: input.kind,
    levels: input.levels,
    lowerLevelsAcceptOnBehalf: input.lowerLevelsAcceptOnBehalf ?? false,
    onlineAvailable: input.onlineAvailable ?? false,
    status: MatterStatus.IN_FORCE,
  };
}

/** The state after applying the fields a client sent (null and absent both mean "unchanged"). */
export function applyChanges(state: MatterState, changes: MatterChangesInput): MatterState {
  const next: MatterState = { ...state };
  for (const [key, value] of Object.entries(changes)) {
    if (value !== null && value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}
