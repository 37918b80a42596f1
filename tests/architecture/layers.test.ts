import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering check (`npm run check:layers`, run by `npm test` before the tests) must keep
 * firing: this runs the project's own script and rules on a small tree of modules, some of whose
 * imports break a rule of docs/ARCHITECTURE.md and some of which are allowed, and asks for
 * exactly the broken ones. A config that stops matching (a renamed folder, a rule gone) fails here
 * rather than passing silently.
 */
const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Files of the fixture tree: path → imports (each a path in the tree). */
const tree: Record<string, string[]> = {
  'support/logger.ts': [],
  'entities/case.ts': ['entities/case-status.ts', 'support/logger.ts'],
  'entities/case-status.ts': [],
  'entities/licence.ts': ['domain/licence/licence-rules.ts'],
  'domain/licence/licence-rules.ts': ['entities/case.ts', 'support/logger.ts'],
  'domain/cases/accept-case.ts': ['server/context.ts', 'resolvers/case.resolver.ts', 'schema/case.types.ts', 'connectors/worker.ts'],
  'reads/loaders.ts': ['entities/case.ts', 'domain/licence/licence-rules.ts'],
  'connectors/worker.ts': ['domain/licence/licence-rules.ts', 'server/logger-setup.ts'],
  'connectors/inbound.ts': ['resolvers/case.resolver.ts', 'schema/case.types.ts'],
  'schema/context.ts': ['reads/loaders.ts', 'domain/licence/licence-rules.ts'],
  'schema/case.types.ts': ['server/pubsub.ts', 'resolvers/case.resolver.ts'],
  'resolvers/case.resolver.ts': ['schema/context.ts', 'reads/loaders.ts', 'connectors/worker.ts', 'server/context.ts'],
  'server/context.ts': ['schema/context.ts', 'reads/loaders.ts'],
  'server/pubsub.ts': [],
  'server/logger-setup.ts': ['resolvers/case.resolver.ts', 'connectors/worker.ts', 'domain/cases/accept-case.ts'],
  'tests/case.test.ts': ['server/context.ts', 'domain/cases/accept-case.ts'],
};
/** Imports `type`-only, which tie layers as much as any. */
const typeOnly = new Set(['schema/case.types.ts → server/pubsub.ts']);

const forbidden = [
  ['entities/licence.ts', 'domain/licence/licence-rules.ts', 'entities-import-only-entities'],
  ['domain/cases/accept-case.ts', 'server/context.ts', 'domain-imports-no-layer-above'],
  ['domain/cases/accept-case.ts', 'resolvers/case.resolver.ts', 'domain-imports-no-layer-above'],
  ['domain/cases/accept-case.ts', 'schema/case.types.ts', 'domain-imports-no-layer-above'],
  ['domain/cases/accept-case.ts', 'connectors/worker.ts', 'domain-imports-no-layer-above'],
  ['connectors/worker.ts', 'server/logger-setup.ts', 'connectors-import-no-api-or-server'],
  ['connectors/inbound.ts', 'resolvers/case.resolver.ts', 'connectors-import-no-api-or-server'],
  ['connectors/inbound.ts', 'schema/case.types.ts', 'connectors-import-no-api-or-server'],
  ['schema/case.types.ts', 'server/pubsub.ts', 'schema-imports-no-resolvers-or-server'],
  ['schema/case.types.ts', 'resolvers/case.resolver.ts', 'schema-imports-no-resolvers-or-server'],
  ['resolvers/case.resolver.ts', 'server/context.ts', 'resolvers-import-no-server'],
].map(([from, to, rule]) => `${rule}: ${from} → ${to}`);

let work: string;

function importLine(from: string, to: string, index: number): string {
  let specifier = path.relative(path.dirname(from), to).replace(/\.ts$/, '.js');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return typeOnly.has(`${from} → ${to}`)
    ? `import type { Thing as T${index} } from '${specifier}';\nexport type U${index} = T${index};`
    : `import { thing as t${index} } from '${specifier}';\nexport const u${index} = t${index};`;
}

async function checkLayers(): Promise<{ failed: boolean; output: string }> {
  const script = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).scripts['check:layers'] as string;
  const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` };
  try {
    const { stdout, stderr } = await run('sh', ['-c', script], { cwd: work, env });
    return { failed: false, output: stdout + stderr };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { failed: true, output: stdout + stderr };
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'hub-layers-'));
  await copyFile(path.join(root, '.dependency-cruiser.cjs'), path.join(work, '.dependency-cruiser.cjs'));
  await writeFile(
    path.join(work, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['.'] }),
  );
  for (const [file, imports] of Object.entries(tree)) {
    await mkdir(path.join(work, path.dirname(file)), { recursive: true });
    const body = [...imports.map((to, index) => importLine(file, to, index)), 'export const thing = 1;', 'export type Thing = number;'];
    await writeFile(path.join(work, file), `${body.join('\n')}\n`);
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run check:layers', () => {
  it('fails on every forbidden import, type-only ones too, and on nothing else', async () => {
    const { failed, output } = await checkLayers();
    expect(failed).toBe(true);
    const reported = [...output.matchAll(/error ([\w-]+): (\S+) → (\S+)/g)].map(([, rule, from, to]) => `${rule}: ${from} → ${to}`);
    expect(reported.sort()).toEqual([...forbidden].sort());
  }, 60_000);

  it('passes on the hub itself', async () => {
    const script = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).scripts['check:layers'] as string;
    const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` };
    const { stdout } = await run('sh', ['-c', script], { cwd: root, env });
    expect(stdout).toContain('no dependency violations found');
  }, 60_000);
});
