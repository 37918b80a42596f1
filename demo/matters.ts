import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../support/uuid-v7.js';
import { AdjustmentType, MatterStatus } from '../entities/adjustment-type.js';
import { MatterCategory } from '../entities/matter-category.js';
import { MatterKind } from '../entities/matter-kind.js';
import { MatterLevel } from '../entities/matter-level.js';
import { searchColumns } from '../domain/catalog/matter-search.js';
import { changedFields, checkMatterState, MATTER_STATE_FIELDS, type MatterState } from '../domain/catalog/matter-state.js';
import { MaterialForm, type MaterialState } from '../entities/matter-requirements.js';
import { Department } from '../entities/department.js';
import { Matter } from '../entities/matter.js';
import { MatterVersion } from '../entities/matter-version.js';

/**
 * The demo district's matters catalog: a few hundred matters of its departments, and the
 * adjustments the seed reports describe — 婚姻登记 handed down to the townships (report 000),
 * enterprise registration through 三证合一, 五证合一 and 多证合一, the separate organisation-code,
 * tax and statistics registrations it replaced, 施工许可 promised in fewer days (report 003).
 * National document numbers are the real ones; local ones (昭府…) are illustrative.
 */
export interface DemoAdjustment {
  type: AdjustmentType;
  documentNumber: string;
  effectiveOn: string;
  /** What changes from the previous state (the whole state for ADD). */
  changes: Partial<MatterState>;
}

export interface DemoMatter {
  code: string;
  adjustments: DemoAdjustment[];
}

const { COUNTY, TOWNSHIP, VILLAGE } = MatterLevel;
const C = MatterCategory;
const CATALOG_PUBLISHED = { documentNumber: '昭府发〔2014〕15号', effectiveOn: '2014-12-31' };

const material = (name: string, form = MaterialForm.ORIGINAL, copies = 1, required = true): MaterialState => ({
  name,
  form,
  copies,
  required,
});
const applicationForm = material('申请表');
const idCard = material('居民身份证', MaterialForm.ORIGINAL_AND_COPY);
const licence = material('营业执照', MaterialForm.COPY);

function base(
  departmentCode: string,
  name: string,
  category: MatterCategory,
  legalBasis: string,
  extra: Partial<MatterState> = {},
): MatterState {
  return {
    name,
    category,
    departmentCode,
    legalBasis,
    conditions: '',
    materials: [applicationForm],
    fees: [],
    legalTimeLimitDays: 20,
    promisedTimeLimitDays: 10,
    kind: MatterKind.PROMISED,
    levels: [COUNTY],
    lowerLevelsAcceptOnBehalf: false,
    onlineAvailable: false,
    status: MatterStatus.IN_FORCE,
    ...extra,
  };
}

const added = (state: MatterState, document = CATALOG_PUBLISHED): DemoAdjustment => ({
  type: AdjustmentType.ADD,
  ...document,
  changes: state,
});

/** The matters with a history: the reforms the seed reports tell of. */
function reformedMatters(): DemoMatter[] {
  return [
    {
      code: 'MZ-QR-001',
      adjustments: [
        added(
          base('MZ', '内地居民婚姻登记', C.ADMINISTRATIVE_CONFIRMATION, '《婚姻登记条例》（国务院令第387号）第二条、第四条', {
            conditions: '男女双方共同到一方当事人常住户口所在地的婚姻登记机关亲自申请',
            materials: [material('户口簿'), idCard, material('近期二寸半身免冠合影照片', MaterialForm.ORIGINAL, 3)],
            fees: [{ item: '结婚证工本费', standard: '每证 9 元', basis: '国家发展改革委 财政部 发改价格〔2012〕3093号' }],
            legalTimeLimitDays: 1,
            promisedTimeLimitDays: 0,
            kind: MatterKind.ON_THE_SPOT,
          }),
          { documentNumber: '国务院令第387号', effectiveOn: '2003-10-01' },
        ),
        { type: AdjustmentType.ADJUST, documentNumber: '发改价格〔2015〕2136号', effectiveOn: '2015-10-01', changes: { fees: [] } },
        {
          type: AdjustmentType.DELEGATE,
          documentNumber: '昭府发〔2016〕31号',
          effectiveOn: '2016-10-08',
          changes: { levels: [COUNTY, TOWNSHIP] },
        },
      ],
    },
    {
      code: 'SCJG-XK-001',
      adjustments: [
        added(
          base(
            'SCJG',
            '企业设立登记',
            C.ADMINISTRATIVE_LICENSING,
            '《中华人民共和国公司法》第六条；《中华人民共和国公司登记管理条例》第三条',
            {
              materials: [material('公司登记（备案）申请书'), material('公司章程'), idCard, material('住所使用证明', MaterialForm.COPY)],
              legalTimeLimitDays: 15,
              promisedTimeLimitDays: 5,
              onlineAvailable: true,
            },
          ),
          { documentNumber: '国发〔2014〕7号', effectiveOn: '2014-03-01' },
        ),
        {
          type: AdjustmentType.ADJUST,
          documentNumber: '国办发〔2015〕50号',
          effectiveOn: '2015-10-01',
          changes: {
            name: '企业设立登记（三证合一、一照一码）',
            promisedTimeLimitDays: 3,
            legalBasis: '《中华人民共和国公司法》第六条；国办发〔2015〕50号 关于加快推进“三证合一”登记制度改革的意见',
          },
        },
        {
          type: AdjustmentType.ADJUST,
          documentNumber: '国办发〔2016〕53号',
          effectiveOn: '2016-10-01',
          changes: { name: '企业设立登记（五证合一、一照一码）' },
        },
        {
          type: AdjustmentType.ADJUST,
          documentNumber: '国发〔2017〕41号',
          effectiveOn: '2017-10-01',
          changes: { name: '企业设立登记（多证合一）', promisedTimeLimitDays: 2 },
        },
      ],
    },
    {
      code: 'SCJG-XK-002',
      adjustments: [
        added(
          base('SCJG', '个体工商户设立登记（两证整合）', C.ADMINISTRATIVE_LICENSING, '《个体工商户条例》第八条；工商个字〔2016〕167号', {
            materials: [material('个体工商户开业登记申请书'), idCard],
            legalTimeLimitDays: 15,
            promisedTimeLimitDays: 1,
            levels: [COUNTY, TOWNSHIP],
            lowerLevelsAcceptOnBehalf: true,
          }),
          { documentNumber: '工商个字〔2016〕167号', effectiveOn: '2016-12-01' },
        ),
      ],
    },
    {
      code: 'ZJ-XK-001',
      adjustments: [
        added(
          base('ZJ', '组织机构代码证书核发', C.ADMINISTRATIVE_LICENSING, '《组织机构代码管理办法》（国家质量技术监督局令第2号）', {
            materials: [material('组织机构代码申报表'), licence],
            fees: [{ item: '组织机构代码证书费', standard: '正本每本 10 元', basis: '计价格〔1999〕1101号' }],
            legalTimeLimitDays: 4,
            promisedTimeLimitDays: 2,
          }),
          { documentNumber: '国家质量技术监督局令第2号', effectiveOn: '2013-01-01' },
        ),
        {
          type: AdjustmentType.CANCEL,
          documentNumber: '国办发〔2015〕50号',
          effectiveOn: '2015-10-01',
          changes: { status: MatterStatus.CANCELLED },
        },
      ],
    },
    {
      code: 'SW-QR-001',
      adjustments: [
        added(
          base('SW', '税务登记（设立）', C.ADMINISTRATIVE_CONFIRMATION, '《中华人民共和国税收征收管理法》第十五条', {
            materials: [material('税务登记表'), licence, material('组织机构代码证书', MaterialForm.COPY)],
            legalTimeLimitDays: 30,
            promisedTimeLimitDays: 5,
          }),
          { documentNumber: '国家税务总局令第36号', effectiveOn: '2014-01-01' },
        ),
        {
          type: AdjustmentType.ADJUST,
          documentNumber: '税总函〔2015〕482号',
          effectiveOn: '2015-10-01',
          changes: { name: '税务登记（三证合一后的信息确认）', materials: [licence], promisedTimeLimitDays: 1 },
        },
      ],
    },
    {
      code: 'RS-QR-001',
      adjustments: [
        added(
          base('RS', '社会保险登记', C.ADMINISTRATIVE_CONFIRMATION, '《中华人民共和国社会保险法》第五十七条', {
            materials: [material('社会保险登记表'), licence],
            legalTimeLimitDays: 15,
            promisedTimeLimitDays: 5,
          }),
          { documentNumber: '人社部令第13号', effectiveOn: '2013-01-01' },
        ),
        {
          type: AdjustmentType.ADJUST,
          documentNumber: '国办发〔2016〕53号',
          effectiveOn: '2016-10-01',
          changes: { name: '社会保险登记（五证合一后的信息确认）', materials: [licence], promisedTimeLimitDays: 1 },
        },
      ],
    },
    {
      code: 'TJ-QR-001',
      adjustments: [
        added(
          base('TJ', '统计登记', C.ADMINISTRATIVE_CONFIRMATION, '《中华人民共和国统计法实施条例》第十九条', {
            materials: [material('统计登记表'), licence],
            promisedTimeLimitDays: 3,
          }),
        ),
        {
          type: AdjustmentType.CANCEL,
          documentNumber: '国办发〔2016〕53号',
          effectiveOn: '2016-10-01',
          changes: { status: MatterStatus.CANCELLED },
        },
      ],
    },
    {
      code: 'ZJJ-XK-001',
      adjustments: [
        added(
          base(
            'ZJJ',
            '建筑工程施工许可证核发',
            C.ADMINISTRATIVE_LICENSING,
            '《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》（住房城乡建设部令第18号）',
            {
              conditions: '已办理用地批准手续；已取得规划许可证；施工图设计文件已按规定审查合格',
              materials: [
                material('建筑工程施工许可证申请表'),
                material('建设工程规划许可证', MaterialForm.COPY),
                material('施工图审查合格书', MaterialForm.COPY),
                material('中标通知书', MaterialForm.COPY),
                material('消防设计审核意见书', MaterialForm.COPY, 1, false),
              ],
              legalTimeLimitDays: 15,
              promisedTimeLimitDays: 10,
              onlineAvailable: true,
            },
          ),
          { documentNumber: '建设部令第91号', effectiveOn: '2013-01-01' },
        ),
        {
          type: AdjustmentType.ADJUST,
          documentNumber: '昭府办发〔2015〕22号',
          effectiveOn: '2015-05-01',
          changes: { promisedTimeLimitDays: 5 },
        },
      ],
    },
    {
      code: 'MZ-JF-001',
      adjustments: [
        added(
          base('MZ', '最低生活保障审批', C.ADMINISTRATIVE_PAYMENT, '《社会救助暂行办法》（国务院令第649号）第十一条', {
            materials: [material('最低生活保障申请书'), idCard, material('户口簿', MaterialForm.COPY), material('家庭收入证明')],
            legalTimeLimitDays: 30,
            promisedTimeLimitDays: 20,
          }),
          { documentNumber: '国务院令第649号', effectiveOn: '2014-05-01' },
        ),
        {
          type: AdjustmentType.DELEGATE,
          documentNumber: '昭府办发〔2015〕41号',
          effectiveOn: '2015-07-01',
          changes: { levels: [COUNTY, TOWNSHIP, VILLAGE], lowerLevelsAcceptOnBehalf: true },
        },
      ],
    },
  ];
}

type Entry = [name: string, legalBasis: string, extra?: Partial<MatterState>];

/** The matters listed when the district published its 权力清单, department by department. */
const CATALOG: Record<string, Partial<Record<MatterCategory, Entry[]>>> = {
  SCJG: {
    [C.ADMINISTRATIVE_LICENSING]: [
      [
        '企业变更登记',
        '《中华人民共和国公司登记管理条例》第二十六条',
        { onlineAvailable: true, promisedTimeLimitDays: 3, legalTimeLimitDays: 15 },
      ],
      ['企业注销登记', '《中华人民共和国公司登记管理条例》第四十二条', { promisedTimeLimitDays: 3, legalTimeLimitDays: 15 }],
      ['农民专业合作社设立登记', '《农民专业合作社登记管理条例》第十一条', { promisedTimeLimitDays: 3, legalTimeLimitDays: 20 }],
      ['食品经营许可', '《中华人民共和国食品安全法》第三十五条', { promisedTimeLimitDays: 12 }],
      ['食品生产许可', '《中华人民共和国食品安全法》第三十五条', { promisedTimeLimitDays: 15 }],
      ['药品零售企业许可', '《中华人民共和国药品管理法》第十四条', { legalTimeLimitDays: 30, promisedTimeLimitDays: 20 }],
      ['医疗器械经营许可', '《医疗器械监督管理条例》第三十一条', { legalTimeLimitDays: 30, promisedTimeLimitDays: 15 }],
      ['特种设备使用登记', '《中华人民共和国特种设备安全法》第三十三条', { legalTimeLimitDays: 30, promisedTimeLimitDays: 10 }],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      [
        '企业名称预先核准',
        '《企业名称登记管理规定》第十七条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 10, onlineAvailable: true },
      ],
      [
        '动产抵押登记',
        '《中华人民共和国物权法》第一百八十九条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 5 },
      ],
    ],
    [C.ADMINISTRATIVE_INSPECTION]: [
      ['企业年度报告公示信息抽查', '《企业信息公示暂行条例》第十四条'],
      ['食品生产经营日常监督检查', '《中华人民共和国食品安全法》第一百一十条'],
    ],
    [C.ADMINISTRATIVE_COERCION]: [['查封、扣押涉嫌违法的商品', '《中华人民共和国反不正当竞争法》第十三条']],
    [C.ADMINISTRATIVE_REWARD]: [['对举报食品安全违法行为的奖励', '《中华人民共和国食品安全法》第一百一十五条']],
  },
  ZJ: {
    [C.ADMINISTRATIVE_LICENSING]: [
      ['计量器具型式批准', '《中华人民共和国计量法》第十三条', { legalTimeLimitDays: 20, promisedTimeLimitDays: 15 }],
      ['工业产品生产许可证初审', '《中华人民共和国工业产品生产许可证管理条例》第九条'],
    ],
    [C.ADMINISTRATIVE_INSPECTION]: [
      ['产品质量监督抽查', '《中华人民共和国产品质量法》第十五条'],
      ['计量器具强制检定', '《中华人民共和国计量法》第九条'],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [['计量标准考核', '《计量标准考核办法》第三条']],
  },
  SW: {
    [C.ADMINISTRATIVE_LICENSING]: [
      ['增值税专用发票最高开票限额审批', '《国务院对确需保留的行政审批项目设定行政许可的决定》第236项', { promisedTimeLimitDays: 10 }],
    ],
    [C.ADMINISTRATIVE_LEVY]: [
      [
        '增值税征收',
        '《中华人民共和国增值税暂行条例》第一条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 0 },
      ],
      [
        '企业所得税征收',
        '《中华人民共和国企业所得税法》第一条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 0 },
      ],
      [
        '个人所得税征收',
        '《中华人民共和国个人所得税法》第一条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 0 },
      ],
      [
        '城镇土地使用税征收',
        '《中华人民共和国城镇土地使用税暂行条例》第二条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 0 },
      ],
      [
        '房产税征收',
        '《中华人民共和国房产税暂行条例》第一条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 0 },
      ],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      [
        '增值税一般纳税人登记',
        '《增值税一般纳税人资格认定管理办法》第三条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 20 },
      ],
      [
        '发票领用',
        '《中华人民共和国发票管理办法》第十五条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 5, onlineAvailable: true },
      ],
    ],
    [C.ADMINISTRATIVE_COERCION]: [['税收保全措施', '《中华人民共和国税收征收管理法》第三十八条']],
  },
  RS: {
    [C.ADMINISTRATIVE_LICENSING]: [
      ['人力资源服务许可', '《人力资源市场暂行条例》第十八条'],
      ['劳务派遣经营许可', '《中华人民共和国劳动合同法》第五十七条'],
    ],
    [C.ADMINISTRATIVE_PAYMENT]: [
      [
        '失业保险金申领',
        '《失业保险条例》第十四条',
        { levels: [COUNTY, TOWNSHIP], lowerLevelsAcceptOnBehalf: true, promisedTimeLimitDays: 5 },
      ],
      ['城乡居民基本养老保险待遇支付', '国发〔2014〕8号', { levels: [COUNTY, TOWNSHIP, VILLAGE], lowerLevelsAcceptOnBehalf: true }],
      ['工伤保险待遇支付', '《工伤保险条例》第三十条'],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      [
        '就业失业登记',
        '《就业服务与就业管理规定》第六十一条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, levels: [COUNTY, TOWNSHIP] },
      ],
      ['工伤认定', '《工伤保险条例》第十七条', { legalTimeLimitDays: 60, promisedTimeLimitDays: 40 }],
      ['劳动能力鉴定', '《工伤保险条例》第二十三条', { legalTimeLimitDays: 60, promisedTimeLimitDays: 45 }],
    ],
    [C.ADMINISTRATIVE_ADJUDICATION]: [
      ['劳动人事争议仲裁', '《中华人民共和国劳动争议调解仲裁法》第四十三条', { legalTimeLimitDays: 45, promisedTimeLimitDays: 45 }],
    ],
    [C.ADMINISTRATIVE_INSPECTION]: [['劳动保障监察', '《劳动保障监察条例》第十一条']],
  },
  TJ: {
    [C.ADMINISTRATIVE_INSPECTION]: [
      ['统计执法检查', '《中华人民共和国统计法》第三十三条'],
      ['统计调查项目执行情况检查', '《中华人民共和国统计法实施条例》第十八条'],
    ],
    [C.OTHER_ADMINISTRATIVE_POWER]: [['部门统计调查项目审批', '《中华人民共和国统计法》第十二条']],
    [C.PUBLIC_SERVICE]: [
      ['统计资料查询', '《中华人民共和国统计法》第二十三条', { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0 }],
    ],
  },
  ZJJ: {
    [C.ADMINISTRATIVE_LICENSING]: [
      ['商品房预售许可', '《城市房地产开发经营管理条例》第二十三条', { legalTimeLimitDays: 10, promisedTimeLimitDays: 7 }],
      ['建筑业企业资质核准', '《建筑业企业资质管理规定》第十条'],
      ['房地产开发企业资质核定', '《房地产开发企业资质管理规定》第九条'],
      ['城市建筑垃圾处置核准', '《国务院对确需保留的行政审批项目设定行政许可的决定》第101项'],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      [
        '房屋建筑和市政基础设施工程竣工验收备案',
        '《建设工程质量管理条例》第四十九条',
        { legalTimeLimitDays: 15, promisedTimeLimitDays: 5 },
      ],
      ['建设工程招标投标情况书面报告备案', '《中华人民共和国招标投标法》第四十七条'],
    ],
    [C.ADMINISTRATIVE_LEVY]: [['城市基础设施配套费征收', '财综〔2002〕3号', { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0 }]],
    [C.ADMINISTRATIVE_INSPECTION]: [['建设工程质量安全监督检查', '《建设工程质量管理条例》第四十三条']],
  },
  MZ: {
    [C.ADMINISTRATIVE_LICENSING]: [
      ['社会团体成立登记', '《社会团体登记管理条例》第三条'],
      ['民办非企业单位成立登记', '《民办非企业单位登记管理暂行条例》第三条'],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      ['内地居民离婚登记', '《婚姻登记条例》第十条', { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 1 }],
      ['补领婚姻登记证', '《婚姻登记条例》第十七条', { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, legalTimeLimitDays: 1 }],
    ],
    [C.ADMINISTRATIVE_PAYMENT]: [
      ['临时救助', '《社会救助暂行办法》第四十七条', { levels: [COUNTY, TOWNSHIP], lowerLevelsAcceptOnBehalf: true }],
      ['特困人员供养', '《社会救助暂行办法》第十四条', { levels: [COUNTY, TOWNSHIP] }],
      ['高龄津贴发放', '川民发〔2014〕96号', { levels: [COUNTY, TOWNSHIP, VILLAGE], lowerLevelsAcceptOnBehalf: true }],
    ],
    [C.PUBLIC_SERVICE]: [
      ['婚姻登记档案查询', '《婚姻登记档案管理办法》第十六条', { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0 }],
    ],
  },
  GGZY: {
    [C.PUBLIC_SERVICE]: [
      ['工程建设项目招标投标交易服务', '《中华人民共和国招标投标法》第五条'],
      ['政府采购交易服务', '《中华人民共和国政府采购法》第三条'],
      ['国有建设用地使用权出让交易服务', '《招标拍卖挂牌出让国有建设用地使用权规定》第三条'],
      ['矿业权出让交易服务', '《矿业权出让转让管理暂行规定》第七条'],
      ['国有产权转让交易服务', '《企业国有资产交易监督管理办法》第十三条'],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [['招标文件备案', '《中华人民共和国招标投标法实施条例》第四条']],
  },
  GA: {
    [C.ADMINISTRATIVE_LICENSING]: [
      ['户口迁移审批', '《中华人民共和国户口登记条例》第十条'],
      ['大型群众性活动安全许可', '《大型群众性活动安全管理条例》第十一条', { legalTimeLimitDays: 7, promisedTimeLimitDays: 5 }],
      ['烟花爆竹零售经营许可', '《烟花爆竹安全管理条例》第十九条'],
    ],
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      [
        '居民身份证申领',
        '《中华人民共和国居民身份证法》第八条',
        { legalTimeLimitDays: 60, promisedTimeLimitDays: 30, levels: [COUNTY, TOWNSHIP] },
      ],
      [
        '出生登记',
        '《中华人民共和国户口登记条例》第七条',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, levels: [COUNTY, TOWNSHIP] },
      ],
    ],
  },
  SY: {
    [C.ADMINISTRATIVE_CONFIRMATION]: [
      ['对外贸易经营者备案登记', '《中华人民共和国对外贸易法》第九条', { legalTimeLimitDays: 5, promisedTimeLimitDays: 3 }],
      ['酒类流通备案登记', '《酒类流通管理办法》第六条', { legalTimeLimitDays: 5, promisedTimeLimitDays: 3 }],
    ],
    [C.ADMINISTRATIVE_LICENSING]: [['成品油零售经营资格初审', '《成品油市场管理办法》第七条']],
    [C.ADMINISTRATIVE_INSPECTION]: [['单用途商业预付卡监督检查', '《单用途商业预付卡管理办法（试行）》第三十二条']],
  },
  ZWFW: {
    [C.PUBLIC_SERVICE]: [
      [
        '政务服务咨询',
        '《四川省政务服务条例》',
        { kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0, levels: [COUNTY, TOWNSHIP, VILLAGE] },
      ],
      ['全程代办服务', '昭府办发〔2014〕9号', { levels: [COUNTY, TOWNSHIP, VILLAGE], lowerLevelsAcceptOnBehalf: true }],
    ],
  },
};

/**
 * Penalties (行政处罚) each department's laws set: the largest part of any 权力清单. One per
 * article the department enforces, with the law's own wording of the offence.
 */
const PENALTIES: Record<string, Array<[law: string, articles: number[], offence: string]>> = {
  SCJG: [
    ['《中华人民共和国公司法》', [198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211], '违反公司登记管理规定'],
    ['《中华人民共和国食品安全法》', [122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132], '违反食品安全管理规定'],
    ['《中华人民共和国广告法》', [55, 56, 57, 58, 59, 60, 61, 62, 63, 64], '违反广告管理规定'],
    ['《中华人民共和国反不正当竞争法》', [21, 22, 23, 24, 25, 26, 27, 28, 29, 30], '不正当竞争'],
  ],
  ZJ: [
    ['《中华人民共和国产品质量法》', [49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62], '违反产品质量管理规定'],
    ['《中华人民共和国计量法》', [25, 26, 27, 28, 29, 30, 31, 32], '违反计量管理规定'],
  ],
  SW: [['《中华人民共和国税收征收管理法》', [60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74], '违反税收征收管理规定']],
  RS: [
    ['《中华人民共和国劳动合同法》', [80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94], '违反劳动合同管理规定'],
    ['《中华人民共和国社会保险法》', [84, 85, 86, 87, 88, 89, 90, 91, 92, 93], '违反社会保险管理规定'],
  ],
  TJ: [['《中华人民共和国统计法》', [37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48], '违反统计管理规定']],
  ZJJ: [
    ['《中华人民共和国建筑法》', [64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77], '违反建筑活动管理规定'],
    ['《建设工程质量管理条例》', [54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68], '违反建设工程质量管理规定'],
    ['《城市房地产开发经营管理条例》', [34, 35, 36, 37, 38, 39, 40], '违反房地产开发经营管理规定'],
  ],
  MZ: [
    ['《社会团体登记管理条例》', [33, 34, 35, 36], '违反社会团体登记管理规定'],
    ['《殡葬管理条例》', [18, 19, 20, 21, 22], '违反殡葬管理规定'],
  ],
  GA: [['《中华人民共和国治安管理处罚法》', [23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40], '违反治安管理']],
  SY: [['《单用途商业预付卡管理办法（试行）》', [36, 37, 38, 39, 40, 41], '违反预付卡管理规定']],
};

const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 198 → 一百九十八, as the laws number their articles. */
function articleNumber(value: number): string {
  const hundreds = Math.floor(value / 100);
  const tens = Math.floor((value % 100) / 10);
  const ones = value % 10;
  let text = hundreds > 0 ? `${CHINESE_NUMERALS[hundreds]}百` : '';
  if (tens > 0) text += `${hundreds === 0 && tens === 1 ? '' : CHINESE_NUMERALS[tens]}十`;
  else if (hundreds > 0 && ones > 0) text += '零';
  if (ones > 0) text += CHINESE_NUMERALS[ones];
  return `第${text}条`;
}

const CATEGORY_CODES: Record<MatterCategory, string> = {
  ADMINISTRATIVE_LICENSING: 'XK',
  ADMINISTRATIVE_PENALTY: 'CF',
  ADMINISTRATIVE_LEVY: 'ZS',
  ADMINISTRATIVE_COERCION: 'QZ',
  ADMINISTRATIVE_CONFIRMATION: 'QR',
  ADMINISTRATIVE_ADJUDICATION: 'CJ',
  ADMINISTRATIVE_PAYMENT: 'JF',
  ADMINISTRATIVE_INSPECTION: 'JC',
  ADMINISTRATIVE_REWARD: 'JL',
  OTHER_ADMINISTRATIVE_POWER: 'QT',
  PUBLIC_SERVICE: 'GG',
};

/** Every demo matter with its adjustments, oldest first. */
export function demoMatters(): DemoMatter[] {
  const matters = reformedMatters();
  const taken = new Set(matters.map((matter) => matter.code));
  const nextCode = (department: string, category: MatterCategory) => {
    for (let serial = 1; ; serial++) {
      const code = `${department}-${CATEGORY_CODES[category]}-${String(serial).padStart(3, '0')}`;
      if (!taken.has(code)) {
        taken.add(code);
        return code;
      }
    }
  };
  for (const [department, categories] of Object.entries(CATALOG)) {
    for (const [category, entries] of Object.entries(categories) as Array<[MatterCategory, Entry[]]>) {
      for (const [name, legalBasis, extra] of entries) {
        matters.push({ code: nextCode(department, category), adjustments: [added(base(department, name, category, legalBasis, extra))] });
      }
    }
  }
  for (const [department, laws] of Object.entries(PENALTIES)) {
    for (const [law, articles, offence] of laws) {
      for (const article of articles) {
        const state = base(
          department,
          `对${offence}行为的行政处罚（${law}${articleNumber(article)}）`,
          C.ADMINISTRATIVE_PENALTY,
          `${law}${articleNumber(article)}`,
          {
            materials: [],
            legalTimeLimitDays: 90,
            promisedTimeLimitDays: 60,
          },
        );
        matters.push({ code: nextCode(department, C.ADMINISTRATIVE_PENALTY), adjustments: [added(state)] });
      }
    }
  }
  return matters;
}

/**
 * Writes the demo catalog in two multi-row inserts (a few hundred matters, under a second even on
 * PGlite), called once, when the demo district is first loaded.
 */
export async function seedDemoMatters(em: EntityManager): Promise<number> {
  const departments = new Map((await em.find(Department, {})).map((department) => [department.code, department.id]));
  const matterRows: Array<Record<string, unknown>> = [];
  const versionRows: Array<Record<string, unknown>> = [];
  const now = new Date();
  for (const demo of demoMatters()) {
    const matterId = uuidv7();
    matterRows.push({ id: matterId, code: demo.code, addedOn: demo.adjustments[0].effectiveOn, createdAt: now });
    let previous: MatterState | null = null;
    demo.adjustments.forEach((adjustment, index) => {
      const state = checkMatterState({ ...(previous ?? ({} as MatterState)), ...adjustment.changes }, (field) => `${demo.code}.${field}`);
      const next = demo.adjustments[index + 1];
      const { departmentCode, ...columns } = state;
      versionRows.push({
        id: uuidv7(),
        matter: matterId,
        code: demo.code,
        sequence: index + 1,
        adjustmentType: adjustment.type,
        documentNumber: adjustment.documentNumber,
        validFrom: adjustment.effectiveOn,
        validUntil: next ? next.effectiveOn : null,
        changedFields: previous ? changedFields(previous, state) : [...MATTER_STATE_FIELDS],
        recordedBy: 'demo data',
        recordedAt: now,
        ...columns,
        department: departments.get(departmentCode),
        ...searchColumns(state),
      });
      previous = state;
    });
  }
  await em.insertMany(Matter, matterRows as never[]);
  await em.insertMany(MatterVersion, versionRows as never[]);
  return matterRows.length;
}
