import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { badUserInput, notFound } from '../errors.js';
import { findPage, type Page, type PageRequest } from '../pagination.js';
import { isPlainDate, todayInShanghai } from '../working-days.js';
import { MatterStatus } from '../../entities/adjustment-type.js';
import type { MatterCategory } from '../../entities/matter-category.js';
import type { MatterKind } from '../../entities/matter-kind.js';
import type { MatterLevel } from '../../entities/matter-level.js';
import { searchCondition } from './matter-search.js';

export interface MatterFilter {
  departmentCode?: string | null;
  category?: MatterCategory | null;
  level?: MatterLevel | null;
  kind?: MatterKind | null;
  /** Absent: the matters in force (the catalog proper); CANCELLED: the ones cancelled by that day. */
  status?: MatterStatus | null;
  /** A substring of the name or the legal basis (Chinese or not; case, width and spaces ignored). */
  text?: string | null;
}

/** The day asked for, checked; today in China when absent. */
export function resolveAsOf(asOf: string | null | undefined, field = 'asOf'): string {
  if (asOf === null || asOf === undefined) return todayInShanghai();
  if (!isPlainDate(asOf)) throw badUserInput(field, `must be a real date written YYYY-MM-DD, got "${asOf}"`);
  return asOf;
}

/** The versions valid on `day`: one per matter that existed then (in force or cancelled). */
export function validOn(day: string): FilterQuery<MatterVersion> {
  return { validFrom: { $lte: day }, $or: [{ validUntil: null }, { validUntil: { $gt: day } }] };
}

/** The condition a filter makes on the versions valid on `day`; the department is looked up by code. */
export async function matterFilterCondition(
  em: EntityManager,
  day: string,
  filter: MatterFilter = {},
): Promise<FilterQuery<MatterVersion>> {
  const conditions: Array<FilterQuery<MatterVersion>> = [validOn(day), { status: filter.status ?? MatterStatus.IN_FORCE }];
  if (filter.departmentCode) {
    const department = await em.findOne(Department, { code: filter.departmentCode });
    if (!department) throw notFound('filter.departmentCode', `no department ${filter.departmentCode}`);
    conditions.push({ department: department.id });
  }
  if (filter.category) conditions.push({ category: filter.category });
  if (filter.kind) conditions.push({ kind: filter.kind });
  if (filter.level) conditions.push({ levels: { $contains: [filter.level] } } as FilterQuery<MatterVersion>);
  if (filter.text) {
    if (filter.text.length > 100) throw badUserInput('filter.text', 'must be at most 100 characters');
    const search = searchCondition(filter.text);
    if (search) conditions.push(search as FilterQuery<MatterVersion>);
  }
  return { $and: conditions };
}

/** The catalog as it stood on `asOf`, filtered, by code. */
export async function findMatters(
  em: EntityManager,
  request: { asOf?: string | null; filter?: MatterFilter | null } & PageRequest,
): Promise<Page<MatterVersion>> {
  const day = resolveAsOf(request.asOf);
  const where = await matterFilterCondition(em, day, request.filter ?? {});
  return findPage(em, MatterVersion, where, { code: 'asc', id: 'asc' }, request);
}

/** A matter as it stood on `day` (in force or cancelled); null if it did not exist yet or never did. */
export function findMatterOn(em: EntityManager, code: string, day: string): Promise<MatterVersion | null> {
  return em.findOne(MatterVersion, { $and: [{ code }, validOn(day)] });
}

/**
 * The matter a case of `date` is an instance of: its version in force that day, or null when the
 * code is unknown, not yet added, or cancelled by then.
 */
export function findMatterInForce(em: EntityManager, code: string, date: string): Promise<MatterVersion | null> {
  return em.findOne(MatterVersion, { $and: [{ code, status: MatterStatus.IN_FORCE }, validOn(date)] });
}
