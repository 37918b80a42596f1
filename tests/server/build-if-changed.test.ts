import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npm start`'s prestart step, run on a small project of the same layout. */
const SCRIPT = path.resolve('scripts/build-if-changed.mjs');
let root: string;
const run = () => execFileSync(process.execPath, [SCRIPT], { env: { ...process.env, BUILD_ROOT: root }, encoding: 'utf8' });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'build-if-changed-'));
  await mkdir(path.join(root, 'server'));
  await writeFile(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.', module: 'NodeNext', target: 'ES2022', skipLibCheck: true } }),
  );
  await writeFile(path.join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['server'] }));
  await writeFile(path.join(root, 'server', 'main.ts'), 'export const answer: number = 42;\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('building before a start', () => {
  it('compiles the first time, skips when nothing changed, and compiles again after a change', async () => {
    expect(run()).toMatch(/first build, compiling/);
    expect(existsSync(path.join(root, 'dist', 'server', 'main.js'))).toBe(true);
    expect(run()).toMatch(/up to date/);

    // A source saved after the build: the stamp is put an hour back, so file-system time resolution cannot hide the edit.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(path.join(root, 'dist', '.build-stamp'), anHourAgo, anHourAgo);
    await writeFile(path.join(root, 'server', 'main.ts'), 'export const answer: number = 43;\n');
    expect(run()).toMatch(/sources changed, compiling/);
    expect(run()).toMatch(/up to date/);

    await rm(path.join(root, 'dist', 'server', 'main.js'));
    expect(run()).toMatch(/compiling/);
  }, 120_000);
});
