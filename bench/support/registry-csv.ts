import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { encodeSerial } from '../../domain/registration/allocate-uscc.js';
import { usccOrganisationType } from '../../domain/registration/uscc-organisation-type.js';
import { ENTERPRISE_KIND_LABELS, EnterpriseKind } from '../../entities/enterprise-kind.js';
import { REGISTRY_HEADER } from '../../domain/registration/import/registry-columns.js';
import { composeUscc } from '../../domain/uscc.js';
import { DEMO_DIVISION_CODE } from '../../demo/departments.js';

const KINDS = [
  EnterpriseKind.COMPANY,
  EnterpriseKind.COMPANY,
  EnterpriseKind.INDIVIDUAL_BUSINESS,
  EnterpriseKind.FARMERS_COOPERATIVE,
  EnterpriseKind.PARTNERSHIP,
];
const TOWNS = ['元坝镇', '昭化镇', '王家镇', '磨滩镇', '卫子镇', '柏林沟镇', '红岩镇', '虎跳镇', '太公镇', '射箭乡'];
const TRADES = ['建材', '农业', '商贸', '餐饮', '运输', '建筑', '养殖', '旅游', '电子', '服务'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
/** Far from the hub's own sequence and from the read benchmark's seed. */
const SERIAL_BASE = 31 ** 5 * 25;

/**
 * A registry export of `rows` market entities, as the importer reads it (its exact header, UTF-8,
 * 类型 and 登记状态 in Chinese): every USCC valid, every name distinct, no field needing quotes.
 * Returns the file's size in bytes.
 */
export async function writeRegistryCsv(file: string, rows: number, offset = 0): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(REGISTRY_HEADER.join(',') + '\n');
  for (let index = offset; index < offset + rows; index++) await write(registryRowCells(index).join(',') + '\n');
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** The cells of the registry export's row `index` (0-based), in REGISTRY_HEADER's order. */
export function registryRowCells(index: number): string[] {
  const kind = KINDS[index % KINDS.length]!;
  const uscc = composeUscc({
    authority: '9',
    type: usccOrganisationType(kind),
    divisionCode: DEMO_DIVISION_CODE,
    organisationCodeBody: 'MA' + encodeSerial(SERIAL_BASE + index),
  });
  const town = TOWNS[index % TOWNS.length]!;
  const trade = TRADES[Math.floor(index / 10) % TRADES.length]!;
  const suffix =
    kind === EnterpriseKind.INDIVIDUAL_BUSINESS ? '经营部' : kind === EnterpriseKind.FARMERS_COOPERATIVE ? '专业合作社' : '有限公司';
  const day = new Date(Date.UTC(2000, 0, 1 + (index % 9000))).toISOString().slice(0, 10);
  return [
    uscc,
    `广元市昭化区${town}${trade}第${index + 1}号${suffix}`,
    ENTERPRISE_KIND_LABELS[kind],
    `${SURNAMES[index % SURNAMES.length]}${index % 7 === 0 ? '晓燕' : '明'}`,
    `${10 + (index % 500)}.5`,
    `昭化区${town}解放街${(index % 300) + 1}号`,
    DEMO_DIVISION_CODE,
    'F5211',
    `${trade}销售、咨询服务`,
    day,
    '存续',
  ];
}
