import { describe, expect, it } from 'vitest';
import { AdjustmentType, MatterStatus } from '../../entities/adjustment-type.js';
import { CATALOG_HEADER, readCatalogRow, readHeader, writeCatalogRow } from '../../domain/catalog/import/catalog-columns.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { planAdjustment, type CurrentMatter } from '../../domain/catalog/plan-adjustment.js';
import { DomainError } from '../../domain/errors.js';
import { catalogRow } from './catalog-files.js';

const columns = readHeader(CATALOG_HEADER, 1);
const fields = { code: 'code', type: 'type', effectiveOn: 'effectiveOn', levels: 'levels', status: 'status' };

function errorOf(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('catalog spreadsheet rows', () => {
  it('reads back what it writes, and takes the spellings departments use', () => {
    const row = catalogRow('X-1', 'MZ', {
      fees: [{ item: '工本费', standard: '每证 9 元', basis: '发改价格〔2012〕3093号' }],
      levels: [MatterLevel.COUNTY, MatterLevel.VILLAGE],
    });
    expect(readCatalogRow(writeCatalogRow(row), columns)).toEqual(row);
    const cells = writeCatalogRow(row);
    cells[CATALOG_HEADER.indexOf('行使层级')] = '区县级，村级代办点';
    cells[CATALOG_HEADER.indexOf('法定时限')] = '20个工作日';
    cells[CATALOG_HEADER.indexOf('申请材料')] = '申请书\n营业执照|复印件|2|非必要';
    cells[CATALOG_HEADER.indexOf('事项类别')] = 'ADMINISTRATIVE_LICENSING';
    const read = readCatalogRow(cells, columns);
    expect(read.state.levels).toEqual(['COUNTY', 'VILLAGE']);
    expect(read.state.legalTimeLimitDays).toBe(20);
    expect(read.state.materials).toEqual(row.state.materials);
    expect(read.state.category).toBe('ADMINISTRATIVE_LICENSING');
  });

  it('accepts the header in any order and names missing, extra and repeated columns', () => {
    expect(readHeader([...CATALOG_HEADER].reverse(), 1).get('code')).toBe(CATALOG_HEADER.length - 1);
    const error = errorOf(() => readHeader([...CATALOG_HEADER.slice(1), '备注', '备注'], 1));
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/missing column 事项编码; unexpected columns 备注, 备注; repeated column 备注/);
  });

  it('names the column of a bad cell', () => {
    const cases: Array<[string, string, string]> = [
      ['申请材料', '申请书|原件|十|必要', 'is not a number of copies'],
      ['申请材料', '申请书|影印件', 'is not 原件, 复印件 or 原件及复印件'],
      ['收费', '工本费', 'is not 项目|标准|依据'],
      ['承诺时限', '三天', 'is not a number of working days'],
      ['办件类型', '急件', 'unknown kind'],
      ['网上办理', '可以', '是 or 否'],
      ['状态', '暂停', 'unknown status'],
      ['事项编码', '编码 1', 'is not a matter code'],
    ];
    for (const [column, value, reason] of cases) {
      const cells = writeCatalogRow(catalogRow('X-2', 'MZ'));
      cells[CATALOG_HEADER.indexOf(column)] = value;
      const error = errorOf(() => readCatalogRow(cells, columns));
      expect([error.field, error.message]).toEqual([column, expect.stringContaining(reason)]);
    }
  });
});

describe('what an adjustment is', () => {
  const current: CurrentMatter = { code: 'X-3', addedOn: '2014-01-01', latestFrom: '2015-01-01', state: catalogRow('X-3', 'MZ').state };
  const next = (changes: Partial<CurrentMatter['state']>, effectiveOn = '2016-01-01') => ({
    state: { ...current.state, ...changes },
    effectiveOn,
  });

  it('follows from the change when a spreadsheet does not say', () => {
    expect(planAdjustment(current, next({}), fields)).toEqual({ type: null });
    expect(planAdjustment(current, next({ levels: [MatterLevel.COUNTY, MatterLevel.TOWNSHIP] }), fields)).toEqual({
      type: AdjustmentType.DELEGATE,
      changed: ['levels'],
    });
    expect(planAdjustment(current, next({ levels: [MatterLevel.CITY] }), fields)).toEqual({
      type: AdjustmentType.ADJUST,
      changed: ['levels'],
    });
    expect(planAdjustment(current, next({ levels: [MatterLevel.TOWNSHIP], promisedTimeLimitDays: 3 }), fields).type).toBe(
      AdjustmentType.ADJUST,
    );
    expect(planAdjustment(current, next({ status: MatterStatus.CANCELLED }), fields)).toEqual({
      type: AdjustmentType.CANCEL,
      changed: ['status'],
    });
  });

  it('refuses a date before the matter existed or before the latest adjustment, and changes to a cancelled matter', () => {
    expect(errorOf(() => planAdjustment(current, next({ name: '新名称' }, '2013-12-31'), fields))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'effectiveOn',
    });
    expect(errorOf(() => planAdjustment(current, next({ name: '新名称' }, '2014-06-01'), fields))).toMatchObject({
      code: 'CONFLICT',
      field: 'effectiveOn',
    });
    expect(errorOf(() => planAdjustment(current, next({ status: MatterStatus.CANCELLED, name: '新名称' }), fields))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'status',
    });
    const cancelled = { ...current, state: { ...current.state, status: MatterStatus.CANCELLED } };
    expect(planAdjustment(cancelled, next({ status: MatterStatus.CANCELLED }), fields)).toEqual({ type: null });
    expect(errorOf(() => planAdjustment(cancelled, next({ status: MatterStatus.CANCELLED }), fields, AdjustmentType.CANCEL))).toMatchObject(
      { code: 'CONFLICT', field: 'code' },
    );
    expect(errorOf(() => planAdjustment(current, next({ promisedTimeLimitDays: 3 }), fields, AdjustmentType.DELEGATE))).toMatchObject({
      field: 'levels',
    });
  });
});
