import { describe, expect, it } from 'vitest';
import { computeOrganisationCodeCheck } from '../../domain/organisation-code.js';
import {
  USCC_ALPHABET,
  USCC_AUTHORITIES,
  USCC_KNOWN_EXCEPTIONS,
  checkUscc,
  composeUscc,
  computeUsccCheckCharacter,
  deriveFromUscc,
  type UsccRule,
} from '../../domain/uscc.js';

const WORKED_EXAMPLE = '91350100M000100Y43';

/** Appends a correct USCC check character, so a test can break one rule and only that rule. */
function withUsccCheck(first17: string): string {
  return first17 + computeUsccCheckCharacter(first17);
}

/** Builds a code with both check characters right, whatever the other positions say. */
function build(authorityAndType: string, division: string, body8: string): string {
  return withUsccCheck(authorityAndType + division + body8 + computeOrganisationCodeCheck(body8));
}

function rules(code: string): UsccRule[] {
  return checkUscc(code).failures.map((failure) => failure.rule);
}

describe('USCC_ALPHABET', () => {
  it('has the 31 symbols in value order, without I, O, S, V, Z', () => {
    expect(USCC_ALPHABET).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const excluded of 'IOSVZ') expect(USCC_ALPHABET).not.toContain(excluded);
  });
});

describe('computeUsccCheckCharacter', () => {
  it('computes the worked example of GB 32100-2015', () => {
    expect(computeUsccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('writes a result of 31 as 0', () => {
    // Σ = 0, so 31 − 0 = 31, which the standard writes 0.
    expect(computeUsccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('gives a letter when the result is 10 or more', () => {
    expect(computeUsccCheckCharacter('91110108551385082')).toBe('Q');
  });

  it('refuses input that is not 17 USCC characters', () => {
    expect(() => computeUsccCheckCharacter('91350100M000100Y')).toThrow(new RangeError('expected 17 characters, got 16'));
    expect(() => computeUsccCheckCharacter('91350100M000100Y43')).toThrow(new RangeError('expected 17 characters, got 18'));
    expect(() => computeUsccCheckCharacter('91350100M000100I4')).toThrow(/position 16/);
  });
});

describe('checkUscc: valid codes', () => {
  it('accepts the worked example and splits it into labelled parts', () => {
    expect(checkUscc(WORKED_EXAMPLE)).toEqual({
      valid: true,
      code: WORKED_EXAMPLE,
      parts: {
        authority: { code: '9', zh: '工商', en: 'market regulation (industry and commerce)' },
        organisationType: { code: '1', zh: '企业', en: 'enterprise' },
        divisionCode: '350100',
        divisionName: '福建省福州市',
        division: {
          code: '350100',
          name: '福州市',
          fullName: '福建省福州市',
          current: true,
          listedFrom: 1980,
          retiredIn: null,
          replacedBy: [],
        },
        organisationCode: 'M000100Y4',
        checkCharacter: '3',
      },
      failures: [],
      acceptedAsKnownException: false,
    });
  });

  // Codes printed on these companies' business licences; each passes both check characters.
  it.each([
    ['914403001922038216', '华为技术有限公司', '广东省深圳市'],
    ['91440300708461136T', '深圳市腾讯计算机系统有限公司', '广东省深圳市'],
    ['91330100799655058B', '阿里巴巴（中国）有限公司', '浙江省杭州市'],
    ['91110108551385082Q', '小米科技有限责任公司', '北京市海淀区'],
    ['91110000802100433B', '百度在线网络技术（北京）有限公司', '北京市'],
    ['91110000710925462X', '中国石油天然气股份有限公司', '北京市'],
  ])('accepts the published code %s (%s)', (code, _holder, divisionName) => {
    const result = checkUscc(code);
    expect(result.failures).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.parts?.divisionName).toBe(divisionName);
  });

  it.each([
    [{ authority: '9', type: '1', divisionCode: '110105', organisationCodeBody: 'MA01ABCD' }, '91110105MA01ABCD5F', '企业'],
    [{ authority: '9', type: '2', divisionCode: '330103', organisationCodeBody: 'L1234567' }, '92330103L12345674K', '个体工商户'],
    [{ authority: '9', type: '3', divisionCode: '320124', organisationCodeBody: 'MA1MXX12' }, '93320124MA1MXX1214', '农民专业合作社'],
    [{ authority: '1', type: '2', divisionCode: '350100', organisationCodeBody: '48800000' }, '12350100488000003F', '事业单位'],
    [{ authority: '5', type: '1', divisionCode: '100000', organisationCodeBody: '50000000' }, '51100000500000007W', '社会团体'],
    [{ authority: 'N', type: '2', divisionCode: '350000', organisationCodeBody: '12345678' }, 'N23500001234567883', '村级集体经济组织'],
    [{ authority: 'Y', type: '1', divisionCode: '110105', organisationCodeBody: '00000000' }, 'Y11101050000000006', '其他'],
  ])('composes %o into %s and accepts it back', (components, expected, typeName) => {
    const code = composeUscc(components);
    expect(code).toBe(expected);
    const result = checkUscc(code);
    expect(result.valid).toBe(true);
    expect(result.parts?.organisationType.zh).toBe(typeName);
    expect(result.parts?.divisionCode).toBe(components.divisionCode);
  });

  it('accepts a former division code (下城区, abolished 2021) for codes issued before', () => {
    expect(checkUscc(build('92', '330103', 'L1234567')).parts?.divisionName).toBe('浙江省杭州市下城区');
  });

  // Authorities kept codes GB/T 2260 retired before the 2002 revision: 萧山市 330181 became 萧山区
  // 330109 in 2001, 蓟县 120225 became 蓟州区 120119 in 2016.
  it.each([
    ['330181', '浙江省杭州市萧山市', 2001, '330109'],
    ['120225', '天津市蓟县', 2016, '120119'],
    ['110103', '北京市崇文区', 2010, '110100'],
  ])('accepts the retired division code %s (%s) and says it is former and what replaced it', (divisionCode, fullName, retiredIn, now) => {
    const result = checkUscc(build('91', divisionCode, 'MA01ABCD'));
    expect(result.failures).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.parts?.divisionName).toBe(fullName);
    expect(result.parts?.division).toMatchObject({ current: false, retiredIn });
    expect(result.parts?.division?.replacedBy.map((ref) => ref.code)).toEqual([now]);
  });

  it('accepts the central-level division 100000', () => {
    const result = checkUscc(build('51', '100000', '50000000'));
    expect(result.valid).toBe(true);
    expect(result.parts?.divisionName).toBe('中央');
  });
});

describe('checkUscc: LENGTH', () => {
  it.each([
    ['17 characters', WORKED_EXAMPLE.slice(0, 17), 17],
    ['19 characters', `${WORKED_EXAMPLE}0`, 19],
    ['empty', '', 0],
  ])('rejects %s and stops there', (_label, code, length) => {
    const result = checkUscc(code);
    expect(result.valid).toBe(false);
    expect(result.failures).toEqual([{ rule: 'LENGTH', message: `a USCC has 18 characters, this has ${length}` }]);
    expect(result.parts).toBeUndefined();
  });
});

describe('checkUscc: CHARACTER', () => {
  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the excluded letter %s, naming it and its position', (letter) => {
    const code = `91350100M${letter}00100Y43`;
    const result = checkUscc(code);
    expect(result.valid).toBe(false);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.rule).toBe('CHARACTER');
    expect(result.failures[0]!.message).toContain(`"${letter}" at position 10`);
    expect(result.parts).toBeUndefined();
  });

  it('says why a character is refused: excluded letter, lower case, or not a USCC symbol at all', () => {
    expect(checkUscc('91350100M000100Y4O').failures).toEqual([
      { rule: 'CHARACTER', message: '"O" at position 18 is excluded from USCCs (I, O, S, V and Z are never used)' },
    ]);
    expect(checkUscc('91350100M000100Y4é').failures).toEqual([
      { rule: 'CHARACTER', message: `"é" at position 18 is not one of ${USCC_ALPHABET}` },
    ]);
    // A lower-case excluded letter is no USCC symbol in either case.
    expect(checkUscc('91350100M000100Y4z').failures[0]!.message).toBe(`"z" at position 18 is not one of ${USCC_ALPHABET}`);
  });

  it('a code refused for its shape is not an exception and has no parts', () => {
    for (const code of ['9135', '91350100M000100Y4O']) {
      const result = checkUscc(code, { knownExceptions: [{ code, reason: 'r', source: 's' }] });
      expect(result).toEqual({ valid: false, code, failures: expect.any(Array), acceptedAsKnownException: false });
    }
  });

  it('reports every bad character, including lower case and punctuation', () => {
    const result = checkUscc('91350100m000100-43');
    expect(result.failures.map((f) => f.rule)).toEqual(['CHARACTER', 'CHARACTER']);
    expect(result.failures[0]!.message).toBe('"m" at position 9 is lower case; USCCs use upper-case letters only');
    expect(result.failures[1]!.message).toContain('"-" at position 16');
  });

  it('reports LENGTH and CHARACTER together and judges nothing else', () => {
    // Position 1 "B" would also fail AUTHORITY, but nothing past the structure is judged.
    expect(rules('B1350100MO00100Y4')).toEqual(['LENGTH', 'CHARACTER']);
  });
});

describe('checkUscc: AUTHORITY', () => {
  it.each(['0', 'B', 'X'])('rejects registration authority %s', (authority) => {
    const code = build(`${authority}1`, '350100', 'M000100Y');
    const result = checkUscc(code);
    expect(result.valid).toBe(false);
    expect(result.failures.map((f) => f.rule)).toEqual(['AUTHORITY']);
    expect(result.failures[0]!.message).toContain(`position 1 "${authority}"`);
    expect(result.parts?.authority).toEqual({ code: authority, zh: null, en: null });
  });

  it.each([
    ['2', '外交'],
    ['3', '司法行政'],
    ['4', '文化'],
    ['6', '旅游'],
    ['7', '宗教'],
    ['8', '工会'],
    ['A', '中央军委改革和编制办公室'],
    ['N', '农业'],
  ])('accepts the later authority %s (%s)', (authority, name) => {
    const result = checkUscc(build(`${authority}1`, '350100', 'M000100Y'));
    expect(result.valid).toBe(true);
    expect(result.parts?.authority.zh).toBe(name);
  });
});

describe('checkUscc: ORGANISATION_TYPE', () => {
  it('lists the types the authority has', () => {
    const result = checkUscc(build('94', '350100', 'M000100Y'));
    expect(result.failures[0]!.message).toMatch(/ \(1, 2, 3\)$/);
  });

  it.each([
    ['94', '9', '4'],
    ['99', '9', '9'],
    ['14', '1', '4'],
    ['54', '5', '4'],
    ['Y2', 'Y', '2'],
    ['N4', 'N', '4'],
    ['36', '3', '6'],
  ])('rejects %s: type %s is not under authority %s', (prefix, authority, type) => {
    const result = checkUscc(build(prefix, '350100', 'M000100Y'));
    expect(result.failures.map((f) => f.rule)).toEqual(['ORGANISATION_TYPE']);
    expect(result.failures[0]!.message).toContain(`position 2 "${type}"`);
    expect(result.parts?.authority.code).toBe(authority);
    expect(result.parts?.organisationType).toEqual({ code: type, zh: null, en: null });
  });

  it.each([
    ['11', '机关'],
    ['13', '中央编办直接管理机构编制的群众团体'],
    ['19', '其他'],
    ['52', '民办非企业单位'],
    ['53', '基金会'],
    ['59', '其他'],
    ['35', '仲裁委员会'],
    ['72', '宗教院校'],
    ['N3', '乡镇级集体经济组织'],
  ])('accepts %s (%s)', (prefix, typeName) => {
    const result = checkUscc(build(prefix, '350100', 'M000100Y'));
    expect(result.valid).toBe(true);
    expect(result.parts?.organisationType.zh).toBe(typeName);
  });
});

describe('checkUscc: DIVISION', () => {
  it('rejects a six-digit code no GB/T 2260 revision lists', () => {
    const result = checkUscc(build('91', '999999', 'M000100Y'));
    expect(result.failures).toEqual([
      {
        rule: 'DIVISION',
        message: 'positions 3–8 "999999" are not a GB/T 2260 division code, current or former',
      },
    ]);
    expect(result.parts?.divisionName).toBeNull();
  });

  it('rejects letters in the division positions', () => {
    const result = checkUscc(build('91', '35A100', 'M000100Y'));
    expect(result.failures.map((f) => f.rule)).toEqual(['DIVISION']);
    expect(result.failures[0]!.message).toContain('must be six digits');
  });

  it('accepts province- and prefecture-level registering authorities', () => {
    expect(checkUscc(build('91', '350000', 'M000100Y')).parts?.divisionName).toBe('福建省');
    expect(checkUscc(build('91', '350100', 'M000100Y')).valid).toBe(true);
  });
});

describe('checkUscc: ORGANISATION_CODE_CHECK', () => {
  it('rejects positions 9–17 whose own check character is wrong', () => {
    // M000100Y calls for 4; 5 is wrong, and position 18 is recomputed so only this rule fails.
    const result = checkUscc(withUsccCheck('91350100M000100Y5'));
    expect(result.failures.map((f) => f.rule)).toEqual(['ORGANISATION_CODE_CHECK']);
    expect(result.failures[0]!.message).toContain('requires "4"');
  });

  it('rejects a position 17 that no organisation code can end with', () => {
    expect(rules(withUsccCheck('91350100M000100YA'))).toEqual(['ORGANISATION_CODE_CHECK']);
  });

  it('accepts an organisation code whose check character is X', () => {
    expect(checkUscc(build('91', '350100', 'D2143569')).parts?.organisationCode).toBe('D2143569X');
    expect(checkUscc(build('91', '350100', 'D2143569')).valid).toBe(true);
  });
});

describe('checkUscc: USCC_CHECK', () => {
  it('rejects a wrong position 18, naming the expected character', () => {
    expect(checkUscc('91350100M000100Y44')).toMatchObject({
      valid: false,
      failures: [{ rule: 'USCC_CHECK', message: 'check character is "4" but positions 1–17 require "3"' }],
      acceptedAsKnownException: false,
    });
  });

  it('rejects a transposition of two characters', () => {
    expect(rules('91351000M000100Y43')).toContain('USCC_CHECK');
  });
});

describe('checkUscc: several failures', () => {
  it('reports every failing rule, in rule order', () => {
    // Authority B, division 999999, organisation check 5 instead of 4, check character 0.
    expect(rules('B1999999M000100Y50')).toEqual(['AUTHORITY', 'DIVISION', 'ORGANISATION_CODE_CHECK', 'USCC_CHECK']);
  });

  it('reports the type and the division together', () => {
    expect(rules(build('96', '999999', 'M000100Y'))).toEqual(['ORGANISATION_TYPE', 'DIVISION']);
  });
});

describe('USCC_AUTHORITIES: the code tables of positions 1 and 2', () => {
  it('decodes every authority and organisation type, in Chinese and English', () => {
    // [authority, its name, in English, type, the type's name, in English], as the national tables print them.
    const expected = [
      ['1', '机构编制', 'public-sector establishment administration', '1', '机关', 'state organ'],
      ['1', '机构编制', 'public-sector establishment administration', '2', '事业单位', 'public institution'],
      [
        '1',
        '机构编制',
        'public-sector establishment administration',
        '3',
        '中央编办直接管理机构编制的群众团体',
        'mass organisation whose establishment the central establishment office manages',
      ],
      ['1', '机构编制', 'public-sector establishment administration', '9', '其他', 'other'],
      ['2', '外交', 'foreign affairs', '1', '外国常驻新闻机构', 'resident office of a foreign news organisation'],
      ['2', '外交', 'foreign affairs', '9', '其他', 'other'],
      ['3', '司法行政', 'judicial administration', '1', '律师执业机构', 'law firm'],
      ['3', '司法行政', 'judicial administration', '2', '公证处', 'notary office'],
      ['3', '司法行政', 'judicial administration', '3', '基层法律服务所', 'grassroots legal service office'],
      ['3', '司法行政', 'judicial administration', '4', '司法鉴定机构', 'forensic appraisal institution'],
      ['3', '司法行政', 'judicial administration', '5', '仲裁委员会', 'arbitration commission'],
      ['3', '司法行政', 'judicial administration', '9', '其他', 'other'],
      ['4', '文化', 'culture', '1', '外国在华文化中心', 'foreign cultural centre in China'],
      ['4', '文化', 'culture', '9', '其他', 'other'],
      ['5', '民政', 'civil affairs', '1', '社会团体', 'social organisation'],
      ['5', '民政', 'civil affairs', '2', '民办非企业单位', 'private non-enterprise unit'],
      ['5', '民政', 'civil affairs', '3', '基金会', 'foundation'],
      ['5', '民政', 'civil affairs', '9', '其他', 'other'],
      ['6', '旅游', 'tourism', '1', '外国旅游部门常驻代表机构', 'resident office of a foreign tourism authority'],
      [
        '6',
        '旅游',
        'tourism',
        '2',
        '港澳台地区旅游部门常驻内地（大陆）代表机构',
        'resident mainland office of a Hong Kong, Macao or Taiwan tourism authority',
      ],
      ['6', '旅游', 'tourism', '9', '其他', 'other'],
      ['7', '宗教', 'religious affairs', '1', '宗教活动场所', 'venue for religious activities'],
      ['7', '宗教', 'religious affairs', '2', '宗教院校', 'religious school'],
      ['7', '宗教', 'religious affairs', '9', '其他', 'other'],
      ['8', '工会', 'trade unions', '1', '基层工会', 'grassroots trade union'],
      ['8', '工会', 'trade unions', '9', '其他', 'other'],
      ['9', '工商', 'market regulation (industry and commerce)', '1', '企业', 'enterprise'],
      ['9', '工商', 'market regulation (industry and commerce)', '2', '个体工商户', 'individual business'],
      ['9', '工商', 'market regulation (industry and commerce)', '3', '农民专业合作社', "farmers' specialised co-operative"],
      [
        'A',
        '中央军委改革和编制办公室',
        'Central Military Commission reform and establishment office',
        '1',
        '军队事业单位',
        'military public institution',
      ],
      ['A', '中央军委改革和编制办公室', 'Central Military Commission reform and establishment office', '9', '其他', 'other'],
      ['N', '农业', 'agriculture', '1', '组级集体经济组织', 'group-level collective economic organisation'],
      ['N', '农业', 'agriculture', '2', '村级集体经济组织', 'village-level collective economic organisation'],
      ['N', '农业', 'agriculture', '3', '乡镇级集体经济组织', 'township-level collective economic organisation'],
      ['N', '农业', 'agriculture', '9', '其他', 'other'],
      ['Y', '其他', 'other', '1', '其他', 'other'],
    ];
    const decoded = Object.entries(USCC_AUTHORITIES).flatMap(([code, authority]) =>
      Object.entries(authority.types).map(([type, label]) => [code, authority.zh, authority.en, type, label.zh, label.en]),
    );
    expect(decoded).toEqual(expected);
    // And checkUscc reads the parts from the same tables.
    const civilAffairsFoundation = build('53', '350100', 'M000100Y');
    expect(checkUscc(civilAffairsFoundation).parts).toMatchObject({
      authority: { code: '5', zh: '民政', en: 'civil affairs' },
      organisationType: { code: '3', zh: '基金会', en: 'foundation' },
    });
  });
});

describe('checkUscc: known exceptions', () => {
  const failsOnlyCheck = '91350100M000100Y44';
  const entry = { code: failsOnlyCheck, reason: 'test entry', source: 'this test' };

  it('accepts a listed code that fails only the check character, and says so', () => {
    const result = checkUscc(failsOnlyCheck, { knownExceptions: [entry] });
    expect(result.valid).toBe(true);
    expect(result.acceptedAsKnownException).toBe(true);
    expect(result.knownException).toEqual(entry);
    expect(result.failures.map((f) => f.rule)).toEqual(['USCC_CHECK']);
  });

  it('still rejects a listed code that fails another rule as well', () => {
    const alsoBadDivision = 'B1350100M000100Y44';
    const result = checkUscc(alsoBadDivision, {
      knownExceptions: [{ ...entry, code: alsoBadDivision }],
    });
    expect(result.valid).toBe(false);
    expect(result.acceptedAsKnownException).toBe(false);
  });

  it('rejects by default a code that is not listed', () => {
    expect(checkUscc(failsOnlyCheck).valid).toBe(false);
  });

  it('applies an entry to its own code only', () => {
    const otherFailing = '91350100M000100Y45';
    const result = checkUscc(otherFailing, { knownExceptions: [entry] });
    expect(result).toMatchObject({ valid: false, acceptedAsKnownException: false });
    expect(result.knownException).toBeUndefined();
    expect(result.failures.map((f) => f.rule)).toEqual(['USCC_CHECK']);
    // Nor to a code that differs only in case or spacing from a listed one.
    expect(checkUscc(failsOnlyCheck, { knownExceptions: [{ ...entry, code: ` ${failsOnlyCheck}` }] }).valid).toBe(false);
  });

  it('excuses the check character only: a listed code failing its organisation code check alone is refused', () => {
    // Position 17 wrong (the organisation code M000100Y needs 4), position 18 computed over it: only ORGANISATION_CODE_CHECK fails.
    const badOrganisationCode = withUsccCheck('91350100M000100Y5');
    expect(rules(badOrganisationCode)).toEqual(['ORGANISATION_CODE_CHECK']);
    const result = checkUscc(badOrganisationCode, { knownExceptions: [{ ...entry, code: badOrganisationCode }] });
    expect(result).toMatchObject({ valid: false, acceptedAsKnownException: false });
    expect(result.knownException).toBeUndefined();
  });

  it('does not mark a code that is valid anyway as an exception, listed or not', () => {
    const result = checkUscc(WORKED_EXAMPLE, { knownExceptions: [{ ...entry, code: WORKED_EXAMPLE }] });
    expect(result).toMatchObject({ valid: true, acceptedAsKnownException: false, failures: [] });
    expect(result.knownException).toBeUndefined();
  });

  it('ships a list whose every entry is sourced and fails only the check character', () => {
    for (const listed of USCC_KNOWN_EXCEPTIONS) {
      expect(listed.reason.trim()).not.toBe('');
      expect(listed.source.trim()).not.toBe('');
      expect(checkUscc(listed.code, { knownExceptions: [] }).failures.map((f) => f.rule)).toEqual(['USCC_CHECK']);
      expect(checkUscc(listed.code).acceptedAsKnownException).toBe(true);
    }
  });
});

describe('deriveFromUscc', () => {
  it('derives the organisation code and the tax registration number', () => {
    expect(deriveFromUscc(WORKED_EXAMPLE)).toEqual({
      organisationCode: 'M000100Y4',
      organisationCodeWithHyphen: 'M000100Y-4',
      taxRegistrationNumber: '350100M000100Y4',
    });
  });

  it('derives from a known exception too', () => {
    const code = '91350100M000100Y44';
    const derived = deriveFromUscc(code, { knownExceptions: [{ code, reason: 'r', source: 's' }] });
    expect(derived.taxRegistrationNumber).toBe('350100M000100Y4');
  });

  it('refuses an invalid code, naming the failed rule', () => {
    expect(() => deriveFromUscc('91350100M000100Y44')).toThrow(/USCC_CHECK/);
  });

  it('names every failed rule, one after the other', () => {
    expect(() => deriveFromUscc('B1350100M000100Y44')).toThrow(
      new RangeError(
        'cannot derive numbers from invalid USCC "B1350100M000100Y44": AUTHORITY: position 1 "B" is not a registration authority code (1, 2, 3, 4, 5, 6, 7, 8, 9, A, N, Y); USCC_CHECK: check character is "4" but positions 1–17 require "1"',
      ),
    );
  });
});

describe('composeUscc', () => {
  it('computes both check characters for the worked example', () => {
    expect(composeUscc({ authority: '9', type: '1', divisionCode: '350100', organisationCodeBody: 'M000100Y' })).toBe(WORKED_EXAMPLE);
  });

  it('refuses a body with a letter the USCC excludes, though GB 11714 allows it', () => {
    expect(() => composeUscc({ authority: '9', type: '1', divisionCode: '350100', organisationCodeBody: 'MA01ABCS' })).toThrow(
      /"S" at position 16/,
    );
  });

  it('refuses components that break a rule', () => {
    expect(() => composeUscc({ authority: '9', type: '1', divisionCode: '999999', organisationCodeBody: 'M000100Y' })).toThrow(/DIVISION/);
    expect(() => composeUscc({ authority: '9', type: '4', divisionCode: '350100', organisationCodeBody: 'M000100Y' })).toThrow(
      /ORGANISATION_TYPE/,
    );
  });

  it('refuses components of the wrong length, saying which length each takes', () => {
    const lengths = 'authority and type take 1 character, divisionCode 6, organisationCodeBody 8';
    const valid = { authority: '9', type: '1', divisionCode: '350100', organisationCodeBody: 'M000100Y' };
    for (const wrong of [
      { authority: '91' },
      { authority: '' },
      { type: '12' },
      { divisionCode: '35010' },
      { divisionCode: '3501000' },
      { organisationCodeBody: 'M000100' },
      { organisationCodeBody: 'M000100YA' },
    ]) {
      expect(() => composeUscc({ ...valid, ...wrong }), JSON.stringify(wrong)).toThrow(new RangeError(lengths));
    }
  });

  it('names the first character a USCC excludes, by its position', () => {
    expect(() => composeUscc({ authority: 'I', type: '1', divisionCode: '350100', organisationCodeBody: 'M000100Y' })).toThrow(
      new RangeError('"I" at position 1 is excluded from USCCs (I, O, S, V and Z are never used)'),
    );
    expect(() => composeUscc({ authority: '9', type: '1', divisionCode: '350100', organisationCodeBody: 'MO00100S' })).toThrow(
      /^"O" at position 10 /,
    );
  });
});
