import { writeRegistryCsv } from './support/registry-csv.js';
import { writeRegistryXlsx } from './support/registry-xlsx.js';

/**
 * `node dist/bench/write-registry-file.js <file.csv|file.xlsx> <rows> [--inline-strings]`: writes a
 * registry export of that many rows, valid and distinct, for trying `npm run registry:import` on
 * files of any size. An XLSX file has its text in a shared-strings table, as Excel writes it,
 * unless --inline-strings.
 */
const [file, rows, ...flags] = process.argv.slice(2);
if (!file || !rows || !/^\d+$/.test(rows)) {
  console.error('usage: node dist/bench/write-registry-file.js <file.csv|file.xlsx> <rows> [--inline-strings]');
  process.exit(2);
}
const started = performance.now();
const bytes = file.endsWith('.xlsx')
  ? await writeRegistryXlsx(file, Number(rows), { sharedStrings: !flags.includes('--inline-strings') })
  : await writeRegistryCsv(file, Number(rows));
console.log(
  `${file}: ${Number(rows).toLocaleString('en')} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
