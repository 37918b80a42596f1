import type { FilterQuery } from '@mikro-orm/core';
import type { Enterprise } from '../../entities/enterprise.js';
import { findDivision } from '../divisions.js';
import { badUserInput } from '../errors.js';
import { escapeLike, normalise, queryGrams } from '../search-grams.js';
import { isPlainDate } from '../working-days.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';

export interface EnterpriseFilterInput {
  kind?: EnterpriseKind | null;
  status?: EnterpriseStatus | null;
  divisionCode?: string | null;
  establishedFrom?: string | null;
  establishedTo?: string | null;
  nameContains?: string | null;
}

/**
 * Turns a department's filter into a query the indexes serve: the name part through the GIN
 * index on the name's grams (confirmed by a LIKE on the folded name), a division through a prefix
 * of its code, so a city finds the entities of all its counties.
 */
export function enterpriseWhere(filter: EnterpriseFilterInput | null | undefined): FilterQuery<Enterprise> {
  const where: Record<string, unknown> = {};
  if (!filter) return where;
  if (filter.kind) where.kind = filter.kind;
  if (filter.status) where.status = filter.status;
  if (filter.divisionCode) where.divisionCode = { $like: `${divisionPrefix(filter.divisionCode)}%` };
  const from = filter.establishedFrom ? checkDate(filter.establishedFrom, 'filter.establishedFrom') : null;
  const to = filter.establishedTo ? checkDate(filter.establishedTo, 'filter.establishedTo') : null;
  if (from && to && from > to) throw badUserInput('filter.establishedTo', `is before filter.establishedFrom (${from})`);
  if (from || to) where.establishedOn = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
  const part = normalise(filter.nameContains ?? '');
  if (part.length > 100) throw badUserInput('filter.nameContains', 'must be at most 100 characters');
  if (part) {
    where.nameGrams = { $contains: queryGrams(part) };
    where.searchName = { $like: `%${escapeLike(part)}%` };
  }
  return where as FilterQuery<Enterprise>;
}

/** '510000' → '51', '510800' → '5108', '510811' → '510811'. */
function divisionPrefix(code: string): string {
  if (!findDivision(code)) throw badUserInput('filter.divisionCode', `${code} is not a GB/T 2260 division code`);
  return code.replace(/(00){1,2}$/, '');
}

function checkDate(value: string, field: string): string {
  if (!isPlainDate(value)) throw badUserInput(field, 'must be a calendar date YYYY-MM-DD');
  return value;
}
