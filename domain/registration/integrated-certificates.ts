import type { EntityManager } from '@mikro-orm/sql';
import { IntegratedCertificate } from '../../entities/integrated-certificate.js';
import type { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { referenceDataOf } from '../reference-data/reference-data.js';

/** The certificates a licence of `kind` integrates on `date`, with their departments loaded, by code. */
export async function certificatesInForce(em: EntityManager, kind: EnterpriseKind, date: string): Promise<IntegratedCertificate[]> {
  const referenceData = referenceDataOf(em);
  if (!referenceData) {
    return em.find(
      IntegratedCertificate,
      { kinds: { $contains: [kind] }, effectiveFrom: { $lte: date }, $or: [{ effectiveTo: null }, { effectiveTo: { $gte: date } }] },
      { populate: ['department'], orderBy: { code: 'asc' } },
    );
  }
  // The process's copy, in code order; dates are YYYY-MM-DD, so they compare as text.
  return (await referenceData.allCertificates()).filter(
    (certificate) =>
      certificate.kinds.includes(kind) &&
      certificate.effectiveFrom <= date &&
      (certificate.effectiveTo == null || certificate.effectiveTo >= date),
  );
}
