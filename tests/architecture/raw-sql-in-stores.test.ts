import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The hub's own SQL lives in named functions of `*-store.ts` files beside their feature, run
 * through domain/sql-statements.ts (`em.execute` under the caller's transaction and logger
 * context, table names from entity metadata), so that callers read as domain steps and every
 * statement shows up in the query log the statement-counting tests read. This test keeps it so:
 * SQL text in a string, or a raw `execute` on an EntityManager or connection, anywhere else in
 * the hub's source fails it.
 *
 * Not scanned: migrations/ (the schema of record is SQL), tests/, bench/, scripts/ and demo/.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['domain', 'connectors', 'server', 'resolvers', 'schema', 'entities'];

/** Files allowed to hold SQL although not named `*-store.ts`, each with its reason. */
const EXCEPTIONS: Record<string, string> = {
  'domain/sql-statements.ts': 'the shared helper every store runs its statements through',
  'connectors/sql-peer.ts':
    "SQL against a department's own database (MySQL or PostgreSQL): a connector transport, not the hub's repository",
  'connectors/inbound/sql-pull.ts': "reads a department's own table through its SQL peer: a connector transport, not the hub's repository",
  'domain/spreadsheet/shared-strings-on-disk.ts':
    "an XLSX workbook's shared strings in a temporary SQLite file of the import's own (node:sqlite), not the hub's database",
};
/** Folders rewritten elsewhere, with their own rules. */
const EXCEPTED_FOLDERS: Record<string, string> = {
  'domain/registration/import/':
    "the registry import streams rows by COPY on a connection of its own and binds its JSON batches as parameters (em.execute would inline them into the SQL text): its statements are registry-staging.ts's",
};

const SQL_PATTERNS: Array<[string, RegExp]> = [
  ['select … from', /\bselect\b[\s\S]*?\bfrom\s+[\w${]/i],
  ['insert into', /\binsert\s+into\b/i],
  ['update … set', /\bupdate\s+[\w${}.]+(\s+\w+)?\s+set\b/i],
  ['delete from', /\bdelete\s+from\b/i],
];
/** An `execute` on what reads as an EntityManager or a connection: `em.execute(`, `tx.execute(`, `….fork().execute(`, `getConnection().execute(`. */
const RAW_EXECUTE = /(?:^|\.)(?:em|tx|entityManager)$|(?:fork|getConnection)\([^)]*\)$/;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

function allowed(file: string): boolean {
  return file.endsWith('-store.ts') || file in EXCEPTIONS || Object.keys(EXCEPTED_FOLDERS).some((folder) => file.startsWith(folder));
}

/** The text of every string and template literal (`${…}` kept as a marker), and every `execute` call's receiver. */
function findings(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const checkText = (node: ts.Node, literal: string) => {
    for (const [name, pattern] of SQL_PATTERNS) {
      if (pattern.test(literal)) found.push(`${file}:${line(node)}: SQL (${name}): ${literal.replace(/\s+/g, ' ').slice(0, 80)}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) checkText(node, node.text);
    else if (ts.isTemplateExpression(node))
      checkText(node, node.head.text + node.templateSpans.map((span) => '${}' + span.literal.text).join(''));
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'execute') {
      const receiver = node.expression.expression.getText(source).replace(/\s+/g, '');
      if (RAW_EXECUTE.test(receiver)) found.push(`${file}:${line(node)}: ${receiver}.execute( outside a store`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('raw SQL lives only behind named store functions', () => {
  const files = SCANNED.flatMap(sourceFiles);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('domain/sql-statements.ts');
  });

  it('has no SQL text or raw execute outside *-store.ts files and the listed exceptions', () => {
    const offences = files.filter((file) => !allowed(file)).flatMap(findings);
    expect(offences).toEqual([]);
  });

  it('lists only exceptions that still exist and still hold SQL', () => {
    for (const file of Object.keys(EXCEPTIONS)) {
      expect(files, `${file} is listed as an exception but is gone`).toContain(file);
      expect(findings(file).length, `${file} is listed as an exception but holds no SQL`).toBeGreaterThan(0);
    }
  });

  it('recognises SQL and raw execute when it sees them', () => {
    const probe = (literal: string) => SQL_PATTERNS.some(([, pattern]) => pattern.test(literal));
    expect(probe('select id from connector where id = ?')).toBe(true);
    expect(probe('update ${} c set status = ?')).toBe(true);
    expect(probe('insert into delivery (id) values (?)')).toBe(true);
    expect(probe('delete from calendar_day')).toBe(true);
    expect(probe('must be a real date written YYYY-MM-DD')).toBe(false);
    expect(RAW_EXECUTE.test('em')).toBe(true);
    expect(RAW_EXECUTE.test('this.options.em.fork()')).toBe(true);
    expect(RAW_EXECUTE.test('orm.em.fork().getConnection()')).toBe(true);
    expect(RAW_EXECUTE.test('pool')).toBe(false);
  });
});
