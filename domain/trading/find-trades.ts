import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { findPage, type Page, type PageRequest } from '../pagination.js';
import { Trade } from '../../entities/trade.js';
import type { TradeCategory } from '../../entities/trade-category.js';
import type { TradeMethod } from '../../entities/trade-method.js';
import type { TradeStatus } from '../../entities/trade-status.js';
import { checkFilterDate, checkPartyUscc } from './trade-input.js';
import { divisionPrefix } from './trade-stats.js';

export interface TradesFilter {
  categories?: TradeCategory[] | null;
  methods?: TradeMethod[] | null;
  statuses?: TradeStatus[] | null;
  divisionCode?: string | null;
  winnerUscc?: string | null;
  agencyUscc?: string | null;
  announcedFrom?: string | null;
  announcedTo?: string | null;
  dealFrom?: string | null;
  dealTo?: string | null;
}

/** A page of trades, newest announcement first. */
export function findTrades(em: EntityManager, filter: TradesFilter | null | undefined, page: PageRequest): Promise<Page<Trade>> {
  const where: FilterQuery<Trade> & Record<string, unknown> = {};
  if (filter?.categories?.length) where.category = { $in: filter.categories };
  if (filter?.methods?.length) where.method = { $in: filter.methods };
  if (filter?.statuses?.length) where.status = { $in: filter.statuses };
  if (filter?.divisionCode) where.divisionCode = { $like: `${divisionPrefix(filter.divisionCode, 'filter.divisionCode')}%` };
  if (filter?.winnerUscc) where.winnerUscc = checkPartyUscc(filter.winnerUscc, 'filter.winnerUscc');
  if (filter?.agencyUscc) where.agencyUscc = checkPartyUscc(filter.agencyUscc, 'filter.agencyUscc');
  const range = (fromField: 'announcedFrom' | 'dealFrom', toField: 'announcedTo' | 'dealTo') => {
    const bounds: Record<string, string> = {};
    if (filter?.[fromField]) bounds.$gte = checkFilterDate(filter[fromField]!, `filter.${fromField}`);
    if (filter?.[toField]) bounds.$lte = checkFilterDate(filter[toField]!, `filter.${toField}`);
    return Object.keys(bounds).length > 0 ? bounds : undefined;
  };
  const announced = range('announcedFrom', 'announcedTo');
  if (announced) where.announcedOn = announced;
  const dealt = range('dealFrom', 'dealTo');
  if (dealt) where.dealOn = dealt;
  return findPage(em, Trade, where as FilterQuery<Trade>, { announcedOn: 'desc', id: 'desc' }, page);
}
