import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { badUserInput } from '../errors.js';
import { readRows } from '../read-rows.js';

/** The partial unique index that keeps active names unique per registering authority. */
export const ACTIVE_NAME_INDEX = 'enterprise_active_name_unique';

/**
 * Refuses a name already held by an active entity of the same registering authority. The index is
 * the guarantee under concurrency; this check gives the usual case a clear answer before any write.
 */
export async function checkActiveNameFree(
  em: EntityManager,
  authorityId: string,
  name: string,
  field: string,
  exceptId?: string,
): Promise<void> {
  const [holder] = await readRows(
    em,
    Enterprise,
    {
      registeringAuthority: authorityId,
      name,
      status: EnterpriseStatus.ACTIVE,
      ...(exceptId ? { id: { $ne: exceptId } } : {}),
    },
    undefined,
    1,
  );
  if (holder) throw badUserInput(field, `${name} is already the name of active market entity ${holder.uscc}`);
}
