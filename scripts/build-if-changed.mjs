// Runs before `npm start`: compiles the hub only when a source changed since the last build
// (scripts/transpile.mjs, about a second; types are checked by `npm run typecheck`, not here).
// Plain JavaScript: it runs before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// BUILD_ROOT: another project to build the same way (the script's own test builds a small one).
const root = path.resolve(process.env.BUILD_ROOT ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'));
const STAMP = path.join(root, 'dist', '.build-stamp');
const ENTRY = path.join(root, 'dist', 'server', 'main.js');

const config = JSON.parse(readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
// What the build reads besides the folders it compiles: compiler settings and the installed packages' types.
const inputs = [...config.include, 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function newestChange(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder
  for (const child of readdirSync(full)) {
    if (child === 'node_modules' || child.startsWith('.')) continue;
    newest = Math.max(newest, newestChange(path.join(entry, child)));
  }
  return newest;
}

const builtAt = existsSync(STAMP) && existsSync(ENTRY) ? statSync(STAMP).mtimeMs : 0;
const changedAt = Math.max(...inputs.map(newestChange));
if (builtAt > 0 && changedAt <= builtAt) {
  console.log(`build: up to date (no source changed since ${new Date(builtAt).toISOString()})`);
  process.exit(0);
}

console.log(builtAt ? 'build: sources changed, compiling…' : 'build: first build, compiling…');
const started = new Date();
const transpile = path.join(path.dirname(new URL(import.meta.url).pathname), 'transpile.mjs');
const result = spawnSync(process.execPath, [transpile], { stdio: 'inherit', env: { ...process.env, BUILD_ROOT: root } });
if (result.status !== 0) process.exit(result.status ?? 1);
// Stamped with the time the build started: a file saved while it compiled triggers the next one.
writeFileSync(STAMP, '');
utimesSync(STAMP, started, started);
