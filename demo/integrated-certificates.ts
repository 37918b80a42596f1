import type { EntityManager } from '@mikro-orm/sql';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { Department } from '../entities/department.js';
import { IntegratedCertificate } from '../entities/integrated-certificate.js';

const ENTERPRISES = Object.values(EnterpriseKind).filter((kind) => kind !== EnterpriseKind.INDIVIDUAL_BUSINESS);
const ALL = Object.values(EnterpriseKind);

/**
 * The national integration as it grew: 三证合一 (2015-10-01), 五证合一 (2016-10-01), and the
 * two-certificate integration of individual businesses (两证整合, 2016-12-01).
 */
export const demoIntegratedCertificates = [
  {
    code: 'BUSINESS_LICENCE',
    name: '营业执照',
    departmentCode: 'SCJG',
    kinds: ALL,
    effectiveFrom: '2015-10-01',
    basis: '国办发〔2015〕50号',
  },
  {
    code: 'ORGANISATION_CODE',
    name: '组织机构代码证',
    departmentCode: 'ZJ',
    kinds: ENTERPRISES,
    effectiveFrom: '2015-10-01',
    basis: '国办发〔2015〕50号',
  },
  {
    code: 'TAX_REGISTRATION',
    name: '税务登记证',
    departmentCode: 'SW',
    kinds: ENTERPRISES,
    effectiveFrom: '2015-10-01',
    basis: '国办发〔2015〕50号',
  },
  {
    code: 'SOCIAL_INSURANCE',
    name: '社会保险登记证',
    departmentCode: 'RS',
    kinds: ENTERPRISES,
    effectiveFrom: '2016-10-01',
    basis: '国办发〔2016〕53号',
  },
  {
    code: 'STATISTICS',
    name: '统计登记证',
    departmentCode: 'TJ',
    kinds: ENTERPRISES,
    effectiveFrom: '2016-10-01',
    basis: '国办发〔2016〕53号',
  },
  {
    code: 'TAX_REGISTRATION',
    name: '税务登记证',
    departmentCode: 'SW',
    kinds: [EnterpriseKind.INDIVIDUAL_BUSINESS],
    effectiveFrom: '2016-12-01',
    basis: '工商个字〔2016〕167号',
  },
];

export async function seedIntegratedCertificates(em: EntityManager): Promise<void> {
  for (const { departmentCode, ...certificate } of demoIntegratedCertificates) {
    em.create(IntegratedCertificate, { ...certificate, department: await em.findOneOrFail(Department, { code: departmentCode }) });
  }
  await em.flush();
}
