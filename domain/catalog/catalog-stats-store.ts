import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { selectRows, tablesOf } from '../sql-statements.js';
import type { MatterCategory } from '../../entities/matter-category.js';

/** The one grouped statement behind the catalogue's report counts (catalog-stats.ts). */

export interface MatterCountRow {
  category: MatterCategory;
  department_id: string;
  department_code: string;
  count: number;
}

/** Matters in force on `asOf`, counted by category and department, in department code order. */
export function matterCountsInForce(em: EntityManager, asOf: string): Promise<MatterCountRow[]> {
  const t = tablesOf(em, { matterVersion: MatterVersion, department: Department });
  return selectRows<MatterCountRow>(
    em,
    `select v.category, v.department_id, d.code as department_code, count(*)::int as count
       from ${t.matterVersion} v join ${t.department} d on d.id = v.department_id
      where v.valid_from <= ? and (v.valid_until is null or v.valid_until > ?) and v.status = 'IN_FORCE'
      group by v.category, v.department_id, d.code
      order by d.code`,
    [asOf, asOf],
  );
}
