import { cleanText, isMultiLineField } from '../../text/text-hygiene.js';
import { badUserInput } from '../../errors.js';
import { readExactHeader } from '../../spreadsheet/exact-header.js';
import { isPlainDate } from '../../working-days.js';
import { MatterStatus } from '../../../entities/adjustment-type.js';
import { parseMatterCategory } from '../matter-category.js';
import { MATTER_CATEGORY_LABELS } from '../../../entities/matter-category.js';
import { parseMatterKind } from '../matter-kind.js';
import { MATTER_KIND_LABELS } from '../../../entities/matter-kind.js';
import { parseMatterLevel } from '../matter-level.js';
import { MATTER_LEVEL_LABELS, type MatterLevel } from '../../../entities/matter-level.js';
import { MATTER_CODE, type MatterState } from '../matter-state.js';
import { MaterialForm, type FeeState, type MaterialState } from '../../../entities/matter-requirements.js';

/**
 * The columns of a catalog spreadsheet, as departments head them. A file must have exactly these
 * (in any order): a missing column would silently blank a field, an extra one means the file
 * is not what the department thinks it is.
 */
export const CATALOG_COLUMNS = {
  code: '事项编码',
  name: '事项名称',
  category: '事项类别',
  departmentCode: '实施部门',
  legalBasis: '设定依据',
  conditions: '受理条件',
  materials: '申请材料',
  fees: '收费',
  legalTimeLimitDays: '法定时限',
  promisedTimeLimitDays: '承诺时限',
  kind: '办件类型',
  levels: '行使层级',
  lowerLevelsAcceptOnBehalf: '下级代办',
  onlineAvailable: '网上办理',
  status: '状态',
  documentNumber: '调整文号',
  effectiveOn: '生效日期',
} as const;

export type CatalogField = keyof typeof CATALOG_COLUMNS;
export const CATALOG_HEADER: string[] = Object.values(CATALOG_COLUMNS);

/** Where each column sits in this file; refuses a header that is not exactly the catalog's columns. */
export function readHeader(cells: readonly string[], line: number): Map<CatalogField, number> {
  return readExactHeader(cells, line, CATALOG_COLUMNS);
}

export interface CatalogRow {
  code: string;
  state: MatterState;
  documentNumber: string;
  effectiveOn: string;
}

/**
 * One data row as a matter's state, or a DomainError naming the column (the caller adds the
 * line). The cell formats are the README's: materials `名称|原件|1|必要` and fees `项目|标准|依据`,
 * one per line or separated by `；`; levels separated by `、`; 是/否 for yes and no.
 */
export function readCatalogRow(cells: readonly string[], columns: Map<CatalogField, number>): CatalogRow {
  if (cells.length > CATALOG_HEADER.length)
    throw badUserInput('file', `has ${cells.length} cells; the header has ${CATALOG_HEADER.length}`);
  // The hub's text rules, with the column's name in the refusal (domain/text/text-hygiene.ts).
  const cell = (field: CatalogField) => cleanText(cells[columns.get(field)!] ?? '', CATALOG_COLUMNS[field], isMultiLineField(field)).trim();
  const fail = (field: CatalogField, reason: string) => badUserInput(CATALOG_COLUMNS[field], reason);

  const code = cell('code');
  if (!MATTER_CODE.test(code)) throw fail('code', `"${code}" is not a matter code (1–64 letters, digits, dots, dashes, underscores)`);
  const category = parseMatterCategory(cell('category'));
  if (!category)
    throw fail(
      'category',
      `unknown category "${cell('category')}" (one of 行政许可, 行政处罚, 行政征收, 行政强制, 行政确认, 行政裁决, 行政给付, 行政检查, 行政奖励, 其他行政权力, 公共服务)`,
    );
  const kind = parseMatterKind(cell('kind'));
  if (!kind) throw fail('kind', `unknown kind "${cell('kind')}" (即办件 or 承诺件)`);
  const levels: MatterLevel[] = [];
  for (const part of splitList(cell('levels'), /[、,，;；/\s]+/)) {
    const level = parseMatterLevel(part);
    if (!level) throw fail('levels', `unknown level "${part}" (${Object.values(MATTER_LEVEL_LABELS).join('、')})`);
    levels.push(level);
  }
  const status = parseStatus(cell('status'));
  if (!status) throw fail('status', `unknown status "${cell('status')}" (在用 or 取消)`);
  const effectiveOn = cell('effectiveOn');
  if (!isPlainDate(effectiveOn)) throw fail('effectiveOn', `"${effectiveOn}" is not a date written YYYY-MM-DD`);
  return {
    code,
    documentNumber: cell('documentNumber'),
    effectiveOn,
    state: {
      name: cell('name'),
      category,
      departmentCode: cell('departmentCode'),
      legalBasis: cell('legalBasis'),
      conditions: cell('conditions'),
      materials: splitList(cell('materials'), /[\n；;]+/).map((entry) => readMaterial(entry, fail)),
      fees: /^(不收费|免费|无)?$/.test(cell('fees')) ? [] : splitList(cell('fees'), /[\n；;]+/).map((entry) => readFee(entry, fail)),
      legalTimeLimitDays: readDays(cell('legalTimeLimitDays'), () =>
        fail('legalTimeLimitDays', `"${cell('legalTimeLimitDays')}" is not a number of working days`),
      ),
      promisedTimeLimitDays: readDays(cell('promisedTimeLimitDays'), () =>
        fail('promisedTimeLimitDays', `"${cell('promisedTimeLimitDays')}" is not a number of working days`),
      ),
      kind,
      levels,
      lowerLevelsAcceptOnBehalf: readYesNo(cell('lowerLevelsAcceptOnBehalf'), () => fail('lowerLevelsAcceptOnBehalf', '是 or 否')),
      onlineAvailable: readYesNo(cell('onlineAvailable'), () => fail('onlineAvailable', '是 or 否')),
      status,
    },
  };
}

/** How a state is written back into a row: the inverse of readCatalogRow (used for exports and tests). */
export function writeCatalogRow(row: CatalogRow): string[] {
  const { state } = row;
  const values: Record<CatalogField, string> = {
    code: row.code,
    name: state.name,
    category: MATTER_CATEGORY_LABELS[state.category],
    departmentCode: state.departmentCode,
    legalBasis: state.legalBasis,
    conditions: state.conditions,
    materials: state.materials
      .map((material) => [material.name, FORM_WORDS[material.form], material.copies, material.required ? '必要' : '非必要'].join('|'))
      .join('；'),
    fees: state.fees.length === 0 ? '不收费' : state.fees.map((fee) => [fee.item, fee.standard, fee.basis].join('|')).join('；'),
    legalTimeLimitDays: String(state.legalTimeLimitDays),
    promisedTimeLimitDays: String(state.promisedTimeLimitDays),
    kind: MATTER_KIND_LABELS[state.kind],
    levels: state.levels.map((level) => MATTER_LEVEL_LABELS[level]).join('、'),
    lowerLevelsAcceptOnBehalf: state.lowerLevelsAcceptOnBehalf ? '是' : '否',
    onlineAvailable: state.onlineAvailable ? '是' : '否',
    status: state.status === MatterStatus.CANCELLED ? '取消' : '在用',
    documentNumber: row.documentNumber,
    effectiveOn: row.effectiveOn,
  };
  return (Object.keys(CATALOG_COLUMNS) as CatalogField[]).map((field) => values[field]);
}

const FORM_WORDS: Record<MaterialForm, string> = { ORIGINAL: '原件', COPY: '复印件', ORIGINAL_AND_COPY: '原件及复印件' };
const FORMS: Record<string, MaterialForm> = {
  原件: MaterialForm.ORIGINAL,
  复印件: MaterialForm.COPY,
  原件及复印件: MaterialForm.ORIGINAL_AND_COPY,
  原件和复印件: MaterialForm.ORIGINAL_AND_COPY,
  ...Object.fromEntries(Object.values(MaterialForm).map((form) => [form, form])),
};

function readMaterial(entry: string, fail: (field: CatalogField, reason: string) => Error): MaterialState {
  const [name = '', form = '原件', copies = '1', required = '必要', ...rest] = entry.split('|').map((part) => part.trim());
  const problem = (reason: string) => fail('materials', `"${entry}": ${reason} (write 名称|原件|1|必要)`);
  if (rest.length > 0) throw problem('too many parts');
  if (!(form in FORMS)) throw problem(`"${form}" is not 原件, 复印件 or 原件及复印件`);
  if (!/^\d{1,2}$/.test(copies)) throw problem(`"${copies}" is not a number of copies`);
  const isRequired = { 必要: true, 必需: true, 是: true, 非必要: false, 可选: false, 否: false }[required];
  if (isRequired === undefined) throw problem(`"${required}" is not 必要 or 非必要`);
  return { name, form: FORMS[form], copies: Number(copies), required: isRequired };
}

function readFee(entry: string, fail: (field: CatalogField, reason: string) => Error): FeeState {
  const [item = '', standard = '', basis = '', ...rest] = entry.split('|').map((part) => part.trim());
  if (rest.length > 0 || !item || !standard) throw fail('fees', `"${entry}" is not 项目|标准|依据 (or 不收费)`);
  return { item, standard, basis };
}

function readDays(text: string, problem: () => Error): number {
  const match = /^(\d{1,4})\s*(个工作日|工作日)?$/.exec(text);
  if (!match) throw problem();
  return Number(match[1]);
}

function readYesNo(text: string, problem: () => Error): boolean {
  if (text === '' || text === '否' || text === 'N' || text === 'false') return false;
  if (text === '是' || text === 'Y' || text === 'true') return true;
  throw problem();
}

function parseStatus(text: string): MatterStatus | undefined {
  if (text === '' || text === '在用' || text === MatterStatus.IN_FORCE) return MatterStatus.IN_FORCE;
  if (text === '取消' || text === '已取消' || text === MatterStatus.CANCELLED) return MatterStatus.CANCELLED;
  return undefined;
}

function splitList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}
