import { cleanText, isMultiLineField } from '../../text/text-hygiene.js';
import { checkUsccArgument } from '../../uscc-argument.js';
import { DomainError } from '../../errors.js';
import { checkEnterpriseFacts, checkPastDate, type EnterpriseFacts } from '../enterprise-input.js';
import { ENTERPRISE_KIND_LABELS, EnterpriseKind } from '../../../entities/enterprise-kind.js';
import { EnterpriseStatus } from '../../../entities/enterprise-status.js';

/**
 * The columns of a registry export, as registration systems head them. A file must have exactly
 * these, in any order: a missing column would blank a field, an extra one means the file is not
 * what its sender thinks it is.
 */
export const REGISTRY_COLUMNS = {
  uscc: '统一社会信用代码',
  name: '名称',
  kind: '类型',
  legalRepresentative: '法定代表人',
  registeredCapitalWanYuan: '注册资本(万元)',
  address: '住所',
  divisionCode: '行政区划代码',
  industryCode: '行业代码',
  businessScope: '经营范围',
  establishedOn: '成立日期',
  status: '登记状态',
} as const;

export type RegistryField = keyof typeof REGISTRY_COLUMNS;
export const REGISTRY_HEADER: string[] = Object.values(REGISTRY_COLUMNS);

const STATUS_LABELS: Record<string, EnterpriseStatus> = {
  存续: EnterpriseStatus.ACTIVE,
  在业: EnterpriseStatus.ACTIVE,
  注销: EnterpriseStatus.DEREGISTERED,
  吊销: EnterpriseStatus.REVOKED,
};

export interface RegistryRow extends EnterpriseFacts {
  uscc: string;
  kind: EnterpriseKind;
  establishedOn: string;
  status: EnterpriseStatus;
}

/** A row's problem: the column it is in and why. */
export class RegistryRowError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Checks one row with the same rules as a registration at the window. */
export function readRegistryRow(cells: readonly string[], columns: Map<RegistryField, number>): RegistryRow {
  // The hub's text rules first; a refusal names the cell's field like every other problem of the row.
  const cell = (field: RegistryField) => cleanText(cells[columns.get(field)!] ?? '', `row.${field}`, isMultiLineField(field)).trim();
  try {
    const uscc = checkUsccArgument(cell('uscc'), 'uscc');
    const kind = parseKind(cell('kind'));
    const facts = checkEnterpriseFacts(
      {
        name: cell('name'),
        legalRepresentative: cell('legalRepresentative'),
        registeredCapitalWanYuan: cell('registeredCapitalWanYuan'),
        address: cell('address'),
        divisionCode: cell('divisionCode'),
        industryCode: cell('industryCode'),
        businessScope: cell('businessScope'),
      },
      'row',
    );
    const establishedOn = checkPastDate(cell('establishedOn'), 'row.establishedOn');
    const status = STATUS_LABELS[cell('status')] ?? (Object.values(EnterpriseStatus) as string[]).find((value) => value === cell('status'));
    if (!status) throw new RegistryRowError('status', `"${cell('status')}" is not 存续, 注销 or 吊销`);
    return { ...facts, uscc, kind, establishedOn, status: status as EnterpriseStatus };
  } catch (error) {
    if (error instanceof DomainError)
      throw new RegistryRowError(error.field?.replace(/^row\./, '') ?? 'row', error.message.replace(/^[\w.]+: /, ''));
    throw error;
  }
}

function parseKind(value: string): EnterpriseKind {
  const byLabel = (Object.entries(ENTERPRISE_KIND_LABELS) as Array<[EnterpriseKind, string]>).find(([, label]) => label === value)?.[0];
  const kind = byLabel ?? (Object.values(EnterpriseKind) as string[]).find((candidate) => candidate === value);
  if (!kind) throw new RegistryRowError('kind', `"${value}" is not one of ${Object.values(ENTERPRISE_KIND_LABELS).join(', ')}`);
  return kind as EnterpriseKind;
}
