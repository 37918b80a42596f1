import { registerEnumType } from 'type-graphql';
import { HolderCodeType } from '../entities/holder-code-type.js';
import { LicenceStatus } from '../entities/licence-status.js';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { EnterpriseStatus } from '../entities/enterprise-status.js';
import { RegistrationKind } from '../entities/registration-kind.js';
import { ReceiptStatus } from '../entities/receipt-status.js';

// The domain's enums, named in the schema. Imported once by build-schema before the types that use them.
registerEnumType(EnterpriseKind, {
  name: 'EnterpriseKind',
  description: 'Kind of market entity: 公司, 分公司, 个人独资企业, 合伙企业, 农民专业合作社, 个体工商户.',
});
registerEnumType(EnterpriseStatus, { name: 'EnterpriseStatus', description: '存续 ACTIVE, 注销 DEREGISTERED, 吊销 REVOKED.' });
registerEnumType(RegistrationKind, {
  name: 'RegistrationKind',
  description: '设立 ESTABLISHMENT, 变更 CHANGE, 注销 DEREGISTRATION, 吊销 REVOCATION (business licence revoked).',
});
registerEnumType(ReceiptStatus, { name: 'ReceiptStatus', description: 'Where a receiving department stands with a registration.' });
registerEnumType(LicenceStatus, { name: 'LicenceStatus', description: '有效, 暂扣, 撤销/吊销, 失效, 注销.' });
registerEnumType(HolderCodeType, { name: 'HolderCodeType', description: 'USCC for enterprises, RESIDENT_ID for citizens.' });
