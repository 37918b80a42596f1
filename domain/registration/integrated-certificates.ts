import type { EntityManager } from '@mikro-orm/sql';
import { IntegratedCertificate } from '../../entities/integrated-certificate.js';
import type { EnterpriseKind } from '../../entities/enterprise-kind.js';

/** The certificates a licence of `kind` integrates on `date`, with their departments loaded. */
export function certificatesInForce(em: EntityManager, kind: EnterpriseKind, date: string): Promise<IntegratedCertificate[]> {
  return em.find(
    IntegratedCertificate,
    {
      kinds: { $contains: [kind] },
      effectiveFrom: { $lte: date },
      $or: [{ effectiveTo: null }, { effectiveTo: { $gte: date } }],
    },
    { populate: ['department'], orderBy: { code: 'asc' } },
  );
}
