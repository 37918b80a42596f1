import type { EntityManager } from '@mikro-orm/sql';
import { MATTER_CATEGORIES, MATTER_CATEGORY_LABELS, type MatterCategory } from '../../entities/matter-category.js';
import { matterCountsInForce } from './catalog-stats-store.js';

export interface CategoryCount {
  category: MatterCategory;
  label: string;
  count: number;
  /** As the reports write it: 行政许可 12 项. */
  text: string;
}

export interface DepartmentCatalogStats {
  departmentId: string;
  departmentCode: string;
  total: number;
  byCategory: CategoryCount[];
  summary: string;
}

export interface CatalogStats {
  asOf: string;
  total: number;
  byCategory: CategoryCount[];
  byDepartment: DepartmentCatalogStats[];
  summary: string;
}

/**
 * The counts the annual reports give: matters in force on `asOf`, by category and by department,
 * and the sentence they write them in (共 N 项：行政许可 12 项、行政处罚 30 项 …). One grouped query.
 */
export async function catalogStats(em: EntityManager, asOf: string): Promise<CatalogStats> {
  const rows = await matterCountsInForce(em, asOf);
  const departments = new Map<string, { code: string; counts: Map<MatterCategory, number> }>();
  const overall = new Map<MatterCategory, number>();
  for (const row of rows) {
    const entry = departments.get(row.department_id) ?? { code: row.department_code, counts: new Map() };
    entry.counts.set(row.category, row.count);
    departments.set(row.department_id, entry);
    overall.set(row.category, (overall.get(row.category) ?? 0) + row.count);
  }
  const byDepartment = [...departments].map(([departmentId, { code, counts }]) => ({
    departmentId,
    departmentCode: code,
    ...summarise(counts),
  }));
  return { asOf, ...summarise(overall), byDepartment };
}

function summarise(counts: Map<MatterCategory, number>): { total: number; byCategory: CategoryCount[]; summary: string } {
  const byCategory = MATTER_CATEGORIES.map((category) => {
    const count = counts.get(category) ?? 0;
    const label = MATTER_CATEGORY_LABELS[category];
    return { category, label, count, text: `${label} ${count} 项` };
  });
  const total = byCategory.reduce((sum, entry) => sum + entry.count, 0);
  const listed = byCategory.filter((entry) => entry.count > 0).map((entry) => entry.text);
  return { total, byCategory, summary: listed.length > 0 ? `共 ${total} 项：${listed.join('、')}` : '共 0 项' };
}
