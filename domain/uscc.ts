/**
 * Unified social credit code (统一社会信用代码, USCC), GB 32100-2015.
 *
 *   position 1      registration authority (登记管理部门)
 *   position 2      organisation type within that authority (机构类别)
 *   positions 3–8   GB/T 2260 division code of the registering authority
 *   positions 9–17  organisation code (GB 11714, its own check character at position 17)
 *   position 18     check character over positions 1–17
 */
import knownExceptionsFile from './uscc-exceptions.json' with { type: 'json' };
import { findDivision, type Division } from './divisions.js';
import { checkOrganisationCode, computeOrganisationCodeCheck } from './organisation-code.js';

/** The 31 USCC symbols in value order: 0–9 and A–Z without I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registrations at the central level (e.g. ministries, national associations registered by the
 * Ministry of Civil Affairs) carry 100000 in positions 3–8. GB/T 2260 has no entry for it, so
 * it is accepted here rather than added to the division data.
 */
export const CENTRAL_LEVEL_DIVISION = { code: '100000', name: '中央' } as const;

/** The rules a code is checked against; failures name one of these. */
export const USCC_RULES = [
  'LENGTH',
  'CHARACTER',
  'AUTHORITY',
  'ORGANISATION_TYPE',
  'DIVISION',
  'ORGANISATION_CODE_CHECK',
  'USCC_CHECK',
] as const;
export type UsccRule = (typeof USCC_RULES)[number];

export interface UsccFailure {
  rule: UsccRule;
  message: string;
}

// Code tables for positions 1 and 2. The 2015 text defines authorities 1, 5, 9 and Y; the others
// (2, 3, 4, 6, 7, 8, A, N) follow the tables later published by the national USCC data service
// centre (全国组织机构统一社会信用代码数据服务中心).

export interface CodeLabel {
  zh: string;
  en: string;
}

export interface AuthorityEntry extends CodeLabel {
  types: Readonly<Record<string, CodeLabel>>;
}

const OTHER: CodeLabel = { zh: '其他', en: 'other' };

export const USCC_AUTHORITIES: Readonly<Record<string, AuthorityEntry>> = {
  '1': {
    zh: '机构编制',
    en: 'public-sector establishment administration',
    types: {
      '1': { zh: '机关', en: 'state organ' },
      '2': { zh: '事业单位', en: 'public institution' },
      '3': {
        zh: '中央编办直接管理机构编制的群众团体',
        en: 'mass organisation whose establishment the central establishment office manages',
      },
      '9': OTHER,
    },
  },
  '2': {
    zh: '外交',
    en: 'foreign affairs',
    types: {
      '1': { zh: '外国常驻新闻机构', en: 'resident office of a foreign news organisation' },
      '9': OTHER,
    },
  },
  '3': {
    zh: '司法行政',
    en: 'judicial administration',
    types: {
      '1': { zh: '律师执业机构', en: 'law firm' },
      '2': { zh: '公证处', en: 'notary office' },
      '3': { zh: '基层法律服务所', en: 'grassroots legal service office' },
      '4': { zh: '司法鉴定机构', en: 'forensic appraisal institution' },
      '5': { zh: '仲裁委员会', en: 'arbitration commission' },
      '9': OTHER,
    },
  },
  '4': {
    zh: '文化',
    en: 'culture',
    types: {
      '1': { zh: '外国在华文化中心', en: 'foreign cultural centre in China' },
      '9': OTHER,
    },
  },
  '5': {
    zh: '民政',
    en: 'civil affairs',
    types: {
      '1': { zh: '社会团体', en: 'social organisation' },
      '2': { zh: '民办非企业单位', en: 'private non-enterprise unit' },
      '3': { zh: '基金会', en: 'foundation' },
      '9': OTHER,
    },
  },
  '6': {
    zh: '旅游',
    en: 'tourism',
    types: {
      '1': { zh: '外国旅游部门常驻代表机构', en: 'resident office of a foreign tourism authority' },
      '2': {
        zh: '港澳台地区旅游部门常驻内地（大陆）代表机构',
        en: 'resident mainland office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      '9': OTHER,
    },
  },
  '7': {
    zh: '宗教',
    en: 'religious affairs',
    types: {
      '1': { zh: '宗教活动场所', en: 'venue for religious activities' },
      '2': { zh: '宗教院校', en: 'religious school' },
      '9': OTHER,
    },
  },
  '8': {
    zh: '工会',
    en: 'trade unions',
    types: {
      '1': { zh: '基层工会', en: 'grassroots trade union' },
      '9': OTHER,
    },
  },
  '9': {
    zh: '工商',
    en: 'market regulation (industry and commerce)',
    types: {
      '1': { zh: '企业', en: 'enterprise' },
      '2': { zh: '个体工商户', en: 'individual business' },
      '3': { zh: '农民专业合作社', en: "farmers' specialised co-operative" },
    },
  },
  A: {
    zh: '中央军委改革和编制办公室',
    en: 'Central Military Commission reform and establishment office',
    types: {
      '1': { zh: '军队事业单位', en: 'military public institution' },
      '9': OTHER,
    },
  },
  N: {
    zh: '农业',
    en: 'agriculture',
    types: {
      '1': { zh: '组级集体经济组织', en: 'group-level collective economic organisation' },
      '2': { zh: '村级集体经济组织', en: 'village-level collective economic organisation' },
      '3': { zh: '乡镇级集体经济组织', en: 'township-level collective economic organisation' },
      '9': OTHER,
    },
  },
  Y: {
    zh: '其他',
    en: 'other',
    // The table does not subdivide this authority: its only type code is 1.
    types: {
      '1': { zh: '其他', en: 'other' },
    },
  },
};

export interface UsccParts {
  authority: { code: string; zh: string | null; en: string | null };
  organisationType: { code: string; zh: string | null; en: string | null };
  divisionCode: string;
  /** Full name of the division (province + city + county), null when the code is unknown. */
  divisionName: string | null;
  /** The code as GB/T 2260 lists it: current or former, and what replaced a former one. */
  division: Division | null;
  /** Positions 9–17, without the hyphen. */
  organisationCode: string;
  checkCharacter: string;
}

export interface UsccKnownException {
  code: string;
  reason: string;
  source: string;
}

export interface UsccCheckResult {
  valid: boolean;
  code: string;
  /** Present once the code has 18 characters from the USCC alphabet. */
  parts?: UsccParts;
  /**
   * Every failed rule. A known exception still lists its USCC_CHECK failure, so the reader sees
   * why the exception was needed.
   */
  failures: UsccFailure[];
  /** True when the code is valid only because it is on the known-exceptions list. */
  acceptedAsKnownException: boolean;
  /** The list entry that made the code acceptable, when acceptedAsKnownException. */
  knownException?: UsccKnownException;
}

export interface UsccCheckOptions {
  /** Defaults to domain/uscc-exceptions.json. */
  knownExceptions?: readonly UsccKnownException[];
}

export const USCC_KNOWN_EXCEPTIONS: readonly UsccKnownException[] = knownExceptionsFile.entries;

function usccValue(char: string): number {
  return USCC_ALPHABET.indexOf(char);
}

/** The position-18 check character for the first 17 characters of a code. */
export function computeUsccCheckCharacter(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`expected 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = usccValue(first17[i]!);
    if (value < 0) {
      throw new RangeError(`"${first17[i]}" at position ${i + 1} is not a USCC character`);
    }
    sum += value * WEIGHTS[i]!;
  }
  // 31 − 0 would be 31, which has no symbol: the standard writes it as 0.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Checks a code against every GB 32100 rule; see UsccCheckResult. Input is not trimmed or upper-cased. */
export function checkUscc(code: string, options: UsccCheckOptions = {}): UsccCheckResult {
  const failures: UsccFailure[] = [];

  if (code.length !== 18) {
    failures.push({ rule: 'LENGTH', message: `a USCC has 18 characters, this has ${code.length}` });
  }
  [...code].forEach((char, i) => {
    if (usccValue(char) < 0) {
      failures.push({ rule: 'CHARACTER', message: characterMessage(char, i + 1) });
    }
  });
  // Without 18 valid symbols the positions mean nothing, so no later rule can be judged.
  if (failures.length > 0) {
    return { valid: false, code, failures, acceptedAsKnownException: false };
  }

  const authorityCode = code[0]!;
  const typeCode = code[1]!;
  const divisionCode = code.slice(2, 8);
  const organisationCode = code.slice(8, 17);
  const checkCharacter = code[17]!;

  const authority = USCC_AUTHORITIES[authorityCode];
  const type = authority?.types[typeCode];
  if (!authority) {
    failures.push({
      rule: 'AUTHORITY',
      message: `position 1 "${authorityCode}" is not a registration authority code (${Object.keys(USCC_AUTHORITIES).join(', ')})`,
    });
  } else if (!type) {
    failures.push({
      rule: 'ORGANISATION_TYPE',
      message: `position 2 "${typeCode}" is not an organisation type under authority ${authorityCode} ${authority.zh} (${Object.keys(authority.types).join(', ')})`,
    });
  }

  const divisionName = divisionNameOf(divisionCode);
  if (divisionName === null) {
    failures.push({
      rule: 'DIVISION',
      // Stryker disable next-line Regex: divisionCode is always 6 characters (positions 3–8), so either anchor alone matches the same strings
      message: /^\d{6}$/.test(divisionCode)
        ? `positions 3–8 "${divisionCode}" are not a GB/T 2260 division code, current or former`
        : `positions 3–8 "${divisionCode}" must be six digits`,
    });
  }

  const organisationCheck = checkOrganisationCode(organisationCode);
  if (!organisationCheck.valid) {
    failures.push({
      rule: 'ORGANISATION_CODE_CHECK',
      message: `positions 9–17 "${organisationCode}" are not a valid organisation code: ${organisationCheck.message}`,
    });
  }

  const expectedCheck = computeUsccCheckCharacter(code.slice(0, 17));
  if (checkCharacter !== expectedCheck) {
    failures.push({
      rule: 'USCC_CHECK',
      message: `check character is "${checkCharacter}" but positions 1–17 require "${expectedCheck}"`,
    });
  }

  const parts: UsccParts = {
    authority: { code: authorityCode, zh: authority?.zh ?? null, en: authority?.en ?? null },
    organisationType: { code: typeCode, zh: type?.zh ?? null, en: type?.en ?? null },
    divisionCode,
    divisionName,
    division: findDivision(divisionCode) ?? null,
    organisationCode,
    checkCharacter,
  };

  const onlyCheckFails = failures.length === 1 && failures[0]!.rule === 'USCC_CHECK';
  const exception = onlyCheckFails ? (options.knownExceptions ?? USCC_KNOWN_EXCEPTIONS).find((entry) => entry.code === code) : undefined;
  if (exception) {
    return { valid: true, code, parts, failures, acceptedAsKnownException: true, knownException: exception };
  }
  return { valid: failures.length === 0, code, parts, failures, acceptedAsKnownException: false };
}

function characterMessage(char: string, position: number): string {
  if ('IOSVZ'.includes(char)) {
    return `"${char}" at position ${position} is excluded from USCCs (I, O, S, V and Z are never used)`;
  }
  if (USCC_ALPHABET.includes(char.toUpperCase())) {
    return `"${char}" at position ${position} is lower case; USCCs use upper-case letters only`;
  }
  return `"${char}" at position ${position} is not one of ${USCC_ALPHABET}`;
}

function divisionNameOf(divisionCode: string): string | null {
  if (divisionCode === CENTRAL_LEVEL_DIVISION.code) return CENTRAL_LEVEL_DIVISION.name;
  return findDivision(divisionCode)?.fullName ?? null;
}

export interface UsccDerivedNumbers {
  /** Positions 9–17, e.g. M000100Y4. */
  organisationCode: string;
  /** The same with the hyphen printed on old certificates, e.g. M000100Y-4. */
  organisationCodeWithHyphen: string;
  /** Positions 3–17: the tax registration number that 三证合一 replaced. */
  taxRegistrationNumber: string;
}

/** The pre-三证合一 numbers carried inside a code. Throws for a code checkUscc rejects. */
export function deriveFromUscc(code: string, options: UsccCheckOptions = {}): UsccDerivedNumbers {
  const result = checkUscc(code, options);
  if (!result.valid) {
    throw new RangeError(`cannot derive numbers from invalid USCC "${code}": ${describeFailures(result)}`);
  }
  const organisationCode = code.slice(8, 17);
  return {
    organisationCode,
    organisationCodeWithHyphen: `${organisationCode.slice(0, 8)}-${organisationCode[8]}`,
    taxRegistrationNumber: code.slice(2, 17),
  };
}

export interface UsccComponents {
  /** Position 1, e.g. '9' for market regulation. */
  authority: string;
  /** Position 2, e.g. '1' for an enterprise. */
  type: string;
  /** Positions 3–8. */
  divisionCode: string;
  /** The 8-character organisation code body; its check character is computed. */
  organisationCodeBody: string;
}

/** Builds a code from its parts, computing both check characters. Throws if the result is invalid. */
export function composeUscc(components: UsccComponents): string {
  const { authority, type, divisionCode, organisationCodeBody } = components;
  if (authority.length !== 1 || type.length !== 1 || divisionCode.length !== 6 || organisationCodeBody.length !== 8) {
    throw new RangeError('authority and type take 1 character, divisionCode 6, organisationCodeBody 8');
  }
  const first16 = `${authority}${type}${divisionCode}${organisationCodeBody}`;
  // GB 11714 allows I, O, S, V and Z in an organisation code body; a USCC does not.
  const badPosition = [...first16].findIndex((char) => usccValue(char) < 0);
  if (badPosition >= 0) {
    throw new RangeError(characterMessage(first16[badPosition]!, badPosition + 1));
  }
  const first17 = `${first16}${computeOrganisationCodeCheck(organisationCodeBody)}`;
  const code = `${first17}${computeUsccCheckCharacter(first17)}`;
  // Stryker disable next-line ObjectLiteral: both check characters are computed, so USCC_CHECK never fails and no exception list can apply
  const result = checkUscc(code, { knownExceptions: [] });
  if (!result.valid) {
    throw new RangeError(`composed USCC "${code}" is invalid: ${describeFailures(result)}`);
  }
  return code;
}

function describeFailures(result: UsccCheckResult): string {
  return result.failures.map((failure) => `${failure.rule}: ${failure.message}`).join('; ');
}
