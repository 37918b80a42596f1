import type { EntityManager } from '@mikro-orm/sql';
import { HolderCodeType } from '../entities/holder-code-type.js';
import { LicenceStatus } from '../entities/licence-status.js';
import { composeUscc } from '../domain/uscc.js';
import { Department } from '../entities/department.js';
import { LicenceType } from '../entities/licence-type.js';

/**
 * GB/T 36904 type codes begin with the defining ministry's USCC. These are made-up, well-formed
 * central-level codes standing for the ministries in the demo, not their real codes.
 */
const demoMinistryUscc = (serial: number) =>
  composeUscc({ authority: '1', type: '1', divisionCode: '100000', organisationCodeBody: `0000000${serial}` });
const MARKET_REGULATION = demoMinistryUscc(1);
const HOUSING = demoMinistryUscc(2);
const CIVIL_AFFAIRS = demoMinistryUscc(3);
const TAXATION = demoMinistryUscc(4);

const DATE = { type: 'string', format: 'date' };
const TEXT = { type: 'string', minLength: 1, maxLength: 500 };
const WAN_YUAN = { type: 'string', pattern: '^\\d{1,14}(\\.\\d{1,6})?$', description: '万元, exact decimal' };

/** The licence types the seed reports mention. */
export const demoLicenceTypes = [
  {
    code: 'BUSINESS_LICENCE',
    name: '营业执照',
    typeCode: `${MARKET_REGULATION}001`,
    issuerCode: 'SCJG',
    holderCodeTypes: [HolderCodeType.USCC],
    defaultValidityMonths: null,
    fieldsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'legalRepresentative', 'registeredCapitalWanYuan', 'address', 'businessScope', 'establishedOn'],
      properties: {
        kind: TEXT,
        legalRepresentative: TEXT,
        registeredCapitalWanYuan: WAN_YUAN,
        address: TEXT,
        businessScope: { type: 'string', maxLength: 2000 },
        establishedOn: DATE,
      },
    },
    publicFields: ['kind', 'legalRepresentative', 'registeredCapitalWanYuan', 'address', 'businessScope', 'establishedOn'],
    sourceStatusCodes: {
      '1': LicenceStatus.VALID,
      存续: LicenceStatus.VALID,
      '2': LicenceStatus.REVOKED,
      吊销: LicenceStatus.REVOKED,
      '3': LicenceStatus.CANCELLED,
      注销: LicenceStatus.CANCELLED,
    },
    subscriberDepartmentCodes: [],
  },
  {
    code: 'CONSTRUCTION_PERMIT',
    name: '建筑工程施工许可证',
    typeCode: `${HOUSING}001`,
    issuerCode: 'ZJJ',
    holderCodeTypes: [HolderCodeType.USCC],
    defaultValidityMonths: null,
    fieldsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['projectName', 'projectAddress', 'constructionAreaSqm', 'contractPriceWanYuan', 'contractor', 'startDate'],
      properties: {
        projectName: TEXT,
        projectAddress: TEXT,
        constructionAreaSqm: { type: 'number', exclusiveMinimum: 0 },
        contractPriceWanYuan: WAN_YUAN,
        contractor: TEXT,
        startDate: DATE,
      },
    },
    publicFields: ['projectName', 'projectAddress', 'constructionAreaSqm', 'contractor'],
    sourceStatusCodes: {
      '01': LicenceStatus.VALID,
      '02': LicenceStatus.SUSPENDED,
      '03': LicenceStatus.REVOKED,
      '04': LicenceStatus.CANCELLED,
      '05': LicenceStatus.EXPIRED,
    },
    subscriberDepartmentCodes: ['GGZY', 'SW'],
  },
  {
    code: 'FOOD_BUSINESS_LICENCE',
    name: '食品经营许可证',
    typeCode: `${MARKET_REGULATION}002`,
    issuerCode: 'SCJG',
    holderCodeTypes: [HolderCodeType.USCC],
    defaultValidityMonths: 60,
    fieldsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['mainBusinessType', 'businessItems', 'premises'],
      properties: { mainBusinessType: TEXT, businessItems: { type: 'array', minItems: 1, items: TEXT }, premises: TEXT },
    },
    publicFields: ['mainBusinessType', 'businessItems', 'premises'],
    sourceStatusCodes: {
      有效: LicenceStatus.VALID,
      暂扣: LicenceStatus.SUSPENDED,
      吊销: LicenceStatus.REVOKED,
      注销: LicenceStatus.CANCELLED,
      失效: LicenceStatus.EXPIRED,
    },
    subscriberDepartmentCodes: ['SW'],
  },
  {
    code: 'MARRIAGE_CERTIFICATE',
    name: '结婚证',
    typeCode: `${CIVIL_AFFAIRS}001`,
    issuerCode: 'MZ',
    holderCodeTypes: [HolderCodeType.RESIDENT_ID],
    defaultValidityMonths: null,
    fieldsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['spouseName', 'registeredOn', 'registrationOffice'],
      properties: { spouseName: { ...TEXT, personal: true }, registeredOn: DATE, registrationOffice: TEXT },
    },
    publicFields: [],
    sourceStatusCodes: { '1': LicenceStatus.VALID, '9': LicenceStatus.CANCELLED },
    subscriberDepartmentCodes: [],
  },
  {
    code: 'TAX_REGISTRATION',
    name: '税务登记证明',
    typeCode: `${TAXATION}001`,
    issuerCode: 'SW',
    holderCodeTypes: [HolderCodeType.USCC],
    defaultValidityMonths: null,
    fieldsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['taxpayerType', 'taxAuthority'],
      properties: { taxpayerType: { enum: ['一般纳税人', '小规模纳税人'] }, taxAuthority: TEXT },
    },
    publicFields: ['taxpayerType'],
    sourceStatusCodes: { '03': LicenceStatus.VALID, '05': LicenceStatus.SUSPENDED, '07': LicenceStatus.CANCELLED },
    subscriberDepartmentCodes: [],
  },
];

export async function seedLicenceTypes(em: EntityManager): Promise<void> {
  for (const { issuerCode, ...type } of demoLicenceTypes) {
    em.create(LicenceType, { ...type, issuer: await em.findOneOrFail(Department, { code: issuerCode }) });
  }
  await em.flush();
}
