import { describe, expect, it } from 'vitest';
import { describeFormerDivision, findDivision, searchDivisions } from '../../domain/divisions.js';

describe('findDivision', () => {
  it('finds a current county-level code with its full name', () => {
    expect(findDivision('110105')).toEqual({
      code: '110105',
      name: '朝阳区',
      fullName: '北京市朝阳区',
      current: true,
      listedFrom: 1980,
      retiredIn: null,
      replacedBy: [],
    });
  });

  it('finds prefecture- and province-level codes, which register entities too', () => {
    expect(findDivision('350100')).toMatchObject({ code: '350100', name: '福州市', fullName: '福建省福州市', current: true });
    expect(findDivision('350000')).toMatchObject({ code: '350000', name: '福建省', fullName: '福建省', current: true });
  });

  it('does not repeat a municipality name at the prefecture level', () => {
    expect(findDivision('110100')?.fullName).toBe('北京市');
    expect(findDivision('500229')?.fullName).toBe('重庆市城口县');
  });

  it('keeps a district abolished in 2021 as a former code (下城区, merged into 上城区)', () => {
    expect(findDivision('330103')).toEqual({
      code: '330103',
      name: '下城区',
      fullName: '浙江省杭州市下城区',
      current: false,
      listedFrom: 1980,
      retiredIn: 2022,
      // A merger names no successor by name: the prefecture it lay in still places it.
      replacedBy: [{ code: '330100', fullName: '浙江省杭州市' }],
    });
    expect(findDivision('330102')).toMatchObject({ name: '上城区', current: true });
  });

  it('keeps a county re-coded as a district (溧水县 320124 → 溧水区 320117)', () => {
    expect(findDivision('320124')).toMatchObject({
      code: '320124',
      name: '溧水县',
      fullName: '江苏省南京市溧水县',
      current: false,
      retiredIn: 2013,
      replacedBy: [{ code: '320117', fullName: '江苏省南京市溧水区' }],
    });
    expect(findDivision('320117')).toMatchObject({ name: '溧水区', current: true });
  });

  it('names a former code with the parents it had then (莱芜市, merged into 济南市 in 2019)', () => {
    expect(findDivision('371203')).toMatchObject({ fullName: '山东省莱芜市钢城区', current: false });
    expect(findDivision('371200')).toMatchObject({ name: '莱芜市', current: false });
  });

  it('uses the current name for a code that was renamed (密云县 → 密云区)', () => {
    expect(findDivision('110118')).toMatchObject({ name: '密云区', current: true });
  });

  it('keeps codes retired before 2002, from every revision since 1980 (萧山市 330181 → 萧山区 330109 in 2001)', () => {
    const xiaoshan = findDivision('330181')!;
    expect(xiaoshan).toMatchObject({ name: '萧山市', current: false, listedFrom: 1995, retiredIn: 2001 });
    expect(xiaoshan.replacedBy).toEqual([{ code: '330109', fullName: '浙江省杭州市萧山区' }]);
    expect(describeFormerDivision(xiaoshan)).toBe(
      '330181 浙江省杭州市萧山市 is a former GB/T 2260 code (1995–2001); now 330109 浙江省杭州市萧山区',
    );
    // 北京市崇文区, merged into 东城区 in 2010; 天津市蓟县, 蓟州区 since 2016.
    expect(findDivision('110103')).toMatchObject({ name: '崇文区', current: false, retiredIn: 2010 });
    expect(findDivision('120225')?.replacedBy).toEqual([{ code: '120119', fullName: '天津市蓟州区' }]);
  });

  it('follows a former code through later renumberings to the current one (莱芜市钢城区 → 济南市钢城区)', () => {
    expect(findDivision('371203')?.replacedBy).toEqual([{ code: '370117', fullName: '山东省济南市钢城区' }]);
  });

  it('returns undefined for a code no revision lists', () => {
    expect(findDivision('000000')).toBeUndefined();
    expect(findDivision('999999')).toBeUndefined();
    expect(findDivision('110199')).toBeUndefined();
  });

  it('returns undefined for anything but six digits', () => {
    expect(findDivision('11010')).toBeUndefined();
    expect(findDivision('1101050')).toBeUndefined();
    expect(findDivision('11010A')).toBeUndefined();
    expect(findDivision('')).toBeUndefined();
  });
});

describe('searchDivisions', () => {
  it('finds current divisions by a part of their full name, in code order', () => {
    const found = searchDivisions('昭化', 10);
    expect(found.map((division) => division.code)).toContain('510811');
    expect(found.every((division) => division.current && division.fullName.includes('昭化'))).toBe(true);
  });

  it('finds them by the start of their code, at most as many as asked', () => {
    const found = searchDivisions('5108', 5);
    expect(found).toHaveLength(5);
    expect(found.every((division) => division.code.startsWith('5108'))).toBe(true);
    expect(found.map((division) => division.code)).toEqual([...found.map((division) => division.code)].sort());
  });

  it('offers no former code for a new registration (下城区 was merged away in 2021)', () => {
    expect(searchDivisions('330103', 5)).toEqual([]);
    expect(searchDivisions('下城区', 5).map((division) => division.code)).not.toContain('330103');
    expect(searchDivisions('  ', 5)).toEqual([]);
  });
});
