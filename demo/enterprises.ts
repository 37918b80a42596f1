import { parseWanYuan } from '../domain/money.js';
import { residentIdCheckCharacter } from '../domain/resident-id.js';
import { usccOrganisationType } from '../domain/registration/uscc-organisation-type.js';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { EnterpriseStatus } from '../entities/enterprise-status.js';
import { checkEnterpriseFacts, type EnterpriseFacts } from '../domain/registration/enterprise-input.js';
import { composeUscc } from '../domain/uscc.js';
import { addCalendarDays } from '../domain/working-days.js';
import { DEMO_DIVISION_CODE } from './departments.js';
import { DEMO_AGENCIES, DEMO_WINNERS } from './trades.js';
import { mulberry32 } from './seeded-random.js';

/**
 * The demo district's market entities: a few hundred of every kind, generated from a fixed seed so
 * every start shows the same registry. Each carries the history the seeder writes: its
 * establishment, at most one change (变更), and its end — 注销 (deregistered) or 吊销 (business licence
 * revoked) — if it has one. The trading centre's winners and agencies are in it too, those of
 * other districts and provinces as the registry import brings them (no licence issued here).
 */
export interface DemoEnterprise extends EnterpriseFacts {
  uscc: string;
  kind: EnterpriseKind;
  establishedOn: string;
  parentUscc: string | null;
  /** False for firms of other districts: in the registry, but registered and licensed elsewhere. */
  registeredHere: boolean;
  /** A change registration: the facts before it (the enterprise holds the facts after it). */
  change: { on: string; field: 'address' | 'legalRepresentative' | 'registeredCapitalWanYuan'; oldValue: string; document: string } | null;
  end: { status: EnterpriseStatus.DEREGISTERED | EnterpriseStatus.REVOKED; on: string; document: string; reason: string } | null;
  /** 食品经营许可证: restaurants and food shops. */
  food: boolean;
  /** 税务登记证明 (before 三证合一 the tax office issued its own certificate). */
  taxCertificate: boolean;
}

/** Registrations of the generated entities fall between these dates (fixed: the same registry every day). */
const FIRST_DAY = '2012-03-01';
const LAST_DAY = '2026-10-30';

/** Where the trading centre's firms from elsewhere are (GB/T 2260). */
export const PLACES: Record<string, string> = {
  '510802': '四川省广元市利州区',
  '510104': '四川省成都市锦江区',
  '310115': '上海市浦东新区',
  '110108': '北京市海淀区',
};

const TOWNS = ['元坝镇', '昭化镇', '王家镇', '磨滩镇', '卫子镇', '柏林沟镇', '红岩镇', '虎跳镇', '太公镇', '射箭乡', '石井铺乡', '清水乡'];
const STREETS = ['解放街', '新华街', '人民路', '滨江路', '葭萌路', '临清路', '太守街', '文化路'];
const BRANDS = [
  '嘉陵',
  '葭萌',
  '白龙',
  '紫云',
  '天雄',
  '翠云',
  '鑫源',
  '恒信',
  '瑞丰',
  '金桥',
  '绿源',
  '兴旺',
  '顺达',
  '永盛',
  '华泰',
  '和润',
  '锦绣',
  '宏运',
  '德顺',
  '福临',
  '盛世',
  '安康',
  '利民',
  '新元',
  '众诚',
  '博远',
  '聚鑫',
  '益农',
  '佳禾',
  '昌隆',
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧';
const GIVEN = [
  '明',
  '华',
  '军',
  '芳',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '杰',
  '娟',
  '涛',
  '超',
  '秀英',
  '平',
  '刚',
  '桂兰',
  '建国',
  '志强',
  '小红',
  '德明',
  '玉兰',
  '国华',
];

interface Line {
  suffix: string;
  industryCode: string;
  scope: string;
  food?: boolean;
}
const COMPANY_LINES: Line[] = [
  { suffix: '商贸有限公司', industryCode: 'F5191', scope: '日用百货、五金交电、建筑材料销售' },
  { suffix: '建筑工程有限公司', industryCode: 'E4790', scope: '房屋建筑工程、市政公用工程施工' },
  { suffix: '农业开发有限公司', industryCode: 'A0190', scope: '农作物种植；农产品初加工及销售' },
  { suffix: '餐饮管理有限公司', industryCode: 'H6210', scope: '餐饮服务；预包装食品销售', food: true },
  { suffix: '旅游开发有限公司', industryCode: 'N7850', scope: '旅游景区开发与管理；旅游咨询服务' },
  { suffix: '物流有限公司', industryCode: 'G5430', scope: '普通货物道路运输；仓储服务' },
  { suffix: '建材有限公司', industryCode: 'C3021', scope: '商品混凝土生产、销售' },
  { suffix: '置业有限公司', industryCode: 'K7010', scope: '房地产开发经营' },
  { suffix: '信息技术有限公司', industryCode: 'I6510', scope: '软件开发；信息系统集成服务' },
  { suffix: '茶业有限公司', industryCode: 'C1530', scope: '茶叶种植、加工、销售', food: true },
];
const SHOP_LINES: Line[] = [
  { suffix: '餐馆', industryCode: 'H6210', scope: '中餐服务', food: true },
  { suffix: '小吃店', industryCode: 'H6299', scope: '小吃服务', food: true },
  { suffix: '副食店', industryCode: 'F5221', scope: '预包装食品、散装食品零售', food: true },
  { suffix: '五金店', industryCode: 'F5274', scope: '五金交电零售' },
  { suffix: '农资店', industryCode: 'F5166', scope: '化肥、农膜、农具零售' },
  { suffix: '理发店', industryCode: 'O8070', scope: '理发服务' },
  { suffix: '汽车修理部', industryCode: 'O8111', scope: '机动车维修' },
  { suffix: '农家乐', industryCode: 'H6110', scope: '住宿、餐饮服务', food: true },
];
const COOP_PRODUCTS = [
  '猕猴桃种植',
  '生猪养殖',
  '核桃种植',
  '蔬菜种植',
  '中药材种植',
  '茶叶',
  '水产养殖',
  '肉牛养殖',
  '土鸡养殖',
  '食用菌',
];
const SOLE_LINES: Line[] = [
  { suffix: '商行', industryCode: 'F5211', scope: '日用百货零售' },
  { suffix: '建材经营部', industryCode: 'F5165', scope: '建筑材料零售' },
  { suffix: '粮油经营部', industryCode: 'F5121', scope: '粮油批发、零售', food: true },
];
const PARTNERSHIP_LINES: Line[] = [
  { suffix: '企业管理咨询中心（有限合伙）', industryCode: 'L7243', scope: '企业管理咨询' },
  { suffix: '农业投资合伙企业（有限合伙）', industryCode: 'L7212', scope: '以自有资金从事农业项目投资' },
];

/** How many entities of each kind the district gets besides the trading centre's firms. */
const MIX: Array<[EnterpriseKind, number]> = [
  [EnterpriseKind.COMPANY, 110],
  [EnterpriseKind.INDIVIDUAL_BUSINESS, 90],
  [EnterpriseKind.FARMERS_COOPERATIVE, 36],
  [EnterpriseKind.SOLE_PROPRIETORSHIP, 20],
  [EnterpriseKind.PARTNERSHIP, 12],
  [EnterpriseKind.BRANCH, 16],
];

let cached: DemoEnterprise[] | undefined;

/** The demo registry, the same list on every call and every machine. */
export function demoEnterprises(): DemoEnterprise[] {
  return (cached ??= generate());
}

function generate(): DemoEnterprise[] {
  const rand = mulberry32(20161001);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const names = new Set<string>();
  const enterprises: DemoEnterprise[] = [];
  let serial = 200;
  let person = 0;
  const nextPerson = () => {
    const index = person++;
    const name = `${SURNAMES[index % SURNAMES.length]}${GIVEN[(index * 7 + Math.floor(index / SURNAMES.length)) % GIVEN.length]}`;
    const birth = `19${String(55 + (index % 40)).padStart(2, '0')}${String(1 + (index % 12)).padStart(2, '0')}${String(1 + ((index * 3) % 28)).padStart(2, '0')}`;
    const first17 = `${DEMO_DIVISION_CODE}${birth}${String(index % 1000).padStart(3, '0')}`;
    return { name, idNumber: `${first17}${residentIdCheckCharacter(first17)}` };
  };
  const address = () => `四川省广元市昭化区${pick(TOWNS)}${pick(STREETS)}${1 + Math.floor(rand() * 180)}号`;
  const day = (from: string, to: string) => addCalendarDays(from, Math.floor(rand() * (dayNumber(to) - dayNumber(from))));

  // The trading centre's winners and agencies, as registered where they are.
  for (const firm of [...DEMO_WINNERS, ...DEMO_AGENCIES]) {
    const divisionCode = firm.uscc.slice(2, 8);
    const local = divisionCode === DEMO_DIVISION_CODE;
    const representative = nextPerson();
    const line =
      firm.name.includes('建') || firm.name.includes('路桥')
        ? COMPANY_LINES[1]!
        : firm.name.includes('矿业')
          ? { ...COMPANY_LINES[6]!, industryCode: 'B1019', scope: '建筑用砂岩开采、销售' }
          : COMPANY_LINES[0]!;
    names.add(firm.name);
    enterprises.push(
      entity({
        uscc: firm.uscc,
        kind: EnterpriseKind.COMPANY,
        name: firm.name,
        legalRepresentative: representative.name,
        legalRepresentativeIdNumber: local ? representative.idNumber : null,
        registeredCapitalWanYuan: String(500 + Math.floor(rand() * 9500)),
        address: local
          ? address()
          : `${PLACES[divisionCode]}${pick(['天府大道', '科技路', '创业路', '人民路'])}${1 + Math.floor(rand() * 300)}号`,
        divisionCode,
        industryCode: line.industryCode,
        businessScope: line.scope,
        establishedOn: day('2008-01-01', '2014-06-30'),
        registeredHere: local,
        food: false,
      }),
    );
  }

  const companies: DemoEnterprise[] = [];
  for (const [kind, count] of MIX) {
    for (let i = 0; i < count; i++) {
      const representative = nextPerson();
      const town = pick(TOWNS);
      let name: string;
      let line: Line;
      let capital: string;
      let parentUscc: string | null = null;
      switch (kind) {
        case EnterpriseKind.COMPANY:
          line = COMPANY_LINES[i % COMPANY_LINES.length]!;
          name = `广元市昭化区${BRANDS[(i * 7 + Math.floor(i / BRANDS.length)) % BRANDS.length]}${line.suffix}`;
          capital = String(10 + Math.floor(rand() * 2990));
          break;
        case EnterpriseKind.INDIVIDUAL_BUSINESS:
          line = SHOP_LINES[i % SHOP_LINES.length]!;
          name = `昭化区${town}${representative.name}${line.suffix}`;
          capital = String(1 + Math.floor(rand() * 49));
          break;
        case EnterpriseKind.FARMERS_COOPERATIVE: {
          const product = COOP_PRODUCTS[i % COOP_PRODUCTS.length]!;
          line = {
            suffix: '专业合作社',
            industryCode: product.includes('养殖') ? 'A0313' : 'A0141',
            scope: `${product}；社员所需农业生产资料购买；农产品销售`,
          };
          name = `广元市昭化区${TOWNS[(i + Math.floor(i / COOP_PRODUCTS.length)) % TOWNS.length]}${product}专业合作社`;
          capital = String(10 + Math.floor(rand() * 290));
          break;
        }
        case EnterpriseKind.SOLE_PROPRIETORSHIP:
          line = SOLE_LINES[i % SOLE_LINES.length]!;
          name = `广元市昭化区${BRANDS[(i * 11 + 3) % BRANDS.length]}${line.suffix}`;
          capital = String(5 + Math.floor(rand() * 95));
          break;
        case EnterpriseKind.PARTNERSHIP:
          line = PARTNERSHIP_LINES[i % PARTNERSHIP_LINES.length]!;
          name = `广元市昭化区${BRANDS[(i * 13 + 5) % BRANDS.length]}${line.suffix}`;
          capital = String(100 + Math.floor(rand() * 900));
          break;
        case EnterpriseKind.BRANCH: {
          // Branches of firms elsewhere (the winners of other districts) and of the district's own companies.
          const parents = [...enterprises.filter((e) => !e.registeredHere), ...companies.slice(0, 20)];
          const parent = parents[i % parents.length]!;
          parentUscc = parent.uscc;
          line = { suffix: '分公司', industryCode: parent.industryCode, scope: parent.businessScope };
          name = `${parent.name}${parent.registeredHere ? town : '昭化'}分公司`;
          capital = '0';
          break;
        }
      }
      if (names.has(name)) continue;
      names.add(name);
      const establishedOn = day(FIRST_DAY, LAST_DAY);
      const uscc = composeUscc({
        authority: '9',
        type: usccOrganisationType(kind),
        divisionCode: DEMO_DIVISION_CODE,
        organisationCodeBody: `MA6${String(serial++).padStart(5, '0')}`,
      });
      const enterprise = entity({
        uscc,
        kind,
        name,
        legalRepresentative: representative.name,
        legalRepresentativeIdNumber:
          kind === EnterpriseKind.INDIVIDUAL_BUSINESS || kind === EnterpriseKind.BRANCH ? null : representative.idNumber,
        registeredCapitalWanYuan: capital,
        address: address(),
        divisionCode: DEMO_DIVISION_CODE,
        industryCode: line.industryCode,
        businessScope: line.scope,
        establishedOn,
        parentUscc,
        registeredHere: true,
        food: line.food === true,
        taxCertificate: establishedOn < '2015-10-01' && kind !== EnterpriseKind.INDIVIDUAL_BUSINESS && kind !== EnterpriseKind.BRANCH,
      });
      const fate = rand();
      const later = (years: number) =>
        dayNumber(establishedOn) + 30 < dayNumber(LAST_DAY)
          ? day(addCalendarDays(establishedOn, 30), minDate(addCalendarDays(establishedOn, 365 * years), LAST_DAY))
          : null;
      if (fate < 0.18) {
        const on = later(6);
        if (on) {
          const field = (['address', 'legalRepresentative', 'registeredCapitalWanYuan'] as const)[Math.floor(rand() * 3)]!;
          const oldValue = enterprise[field];
          if (field === 'address') enterprise.address = address();
          if (field === 'legalRepresentative') {
            const successor = nextPerson();
            enterprise.legalRepresentative = successor.name;
            if (enterprise.legalRepresentativeIdNumber) enterprise.legalRepresentativeIdNumber = successor.idNumber;
          }
          if (field === 'registeredCapitalWanYuan')
            enterprise.registeredCapitalWanYuan = parseWanYuan(String(Number(capital) * 2 || 1), 'demo.registeredCapitalWanYuan');
          if (enterprise[field] !== oldValue)
            enterprise.change = { on, field, oldValue, document: `昭市监变字〔${on.slice(0, 4)}〕第${100 + i}号` };
        }
      } else if (fate < 0.27 && kind !== EnterpriseKind.BRANCH) {
        const on = later(8);
        if (on)
          enterprise.end = {
            status: EnterpriseStatus.DEREGISTERED,
            on,
            document: `昭市监注字〔${on.slice(0, 4)}〕第${200 + i}号`,
            reason: '决议解散，申请注销登记',
          };
      } else if (fate < 0.3 && kind !== EnterpriseKind.BRANCH) {
        const on = later(8);
        if (on)
          enterprise.end = {
            status: EnterpriseStatus.REVOKED,
            on,
            document: `昭市监处罚〔${on.slice(0, 4)}〕${300 + i}号`,
            reason: '成立后无正当理由超过六个月未开业，吊销营业执照',
          };
      }
      enterprises.push(enterprise);
      if (kind === EnterpriseKind.COMPANY) companies.push(enterprise);
    }
  }
  return enterprises;
}

/** Every generated entity is checked by the window's own rules, so the demo cannot hold what a clerk could not enter. */
function entity(
  facts: Omit<DemoEnterprise, 'change' | 'end' | 'taxCertificate' | 'parentUscc'> &
    Partial<Pick<DemoEnterprise, 'taxCertificate' | 'parentUscc'>>,
): DemoEnterprise {
  const checked = checkEnterpriseFacts(facts, 'demo');
  return { taxCertificate: false, parentUscc: null, ...checked, change: null, end: null };
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
