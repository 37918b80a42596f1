// Compiles the hub's TypeScript to dist/ without type-checking: each file on its own with the oxc
// transformer — the one Vitest runs the same sources through, with the same legacy decorators and
// decorator metadata that type-graphql and MikroORM read — in about a second where `tsc` takes ten.
// Types are checked by `npm run typecheck`, which CI runs before the tests.
// Plain JavaScript: it runs before anything is built.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'oxc-transform';

const root = path.resolve(process.env.BUILD_ROOT ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'));
const config = JSON.parse(readFileSync(path.join(root, process.argv[2] ?? 'tsconfig.build.json'), 'utf8'));
const base = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions;
const outDir = path.join(root, base.outDir ?? 'dist');
const options = {
  lang: 'ts',
  sourceType: 'module',
  target: base.target.toLowerCase(),
  sourcemap: true,
  decorator: { legacy: Boolean(base.experimentalDecorators), emitDecoratorMetadata: Boolean(base.emitDecoratorMetadata) },
};

function* sourceFiles(entry) {
  const full = path.join(root, entry);
  if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) {
    for (const child of readdirSync(full)) {
      if (child === 'node_modules' || child.startsWith('.')) continue;
      yield* sourceFiles(path.join(entry, child));
    }
  } else if (/\.(ts|json)$/.test(entry) && !entry.endsWith('.d.ts')) {
    yield entry;
  }
}

let compiled = 0;
const problems = [];
for (const entry of config.include) {
  for (const file of sourceFiles(entry)) {
    const target = path.join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    // JSON that modules import is read beside the compiled module, as tsc's resolveJsonModule copies it.
    if (file.endsWith('.json')) {
      copyFileSync(path.join(root, file), target);
      continue;
    }
    const result = transformSync(file, readFileSync(path.join(root, file), 'utf8'), options);
    if (result.errors.length > 0) {
      problems.push(...result.errors.map((error) => `${file}: ${error.message}`));
      continue;
    }
    const mapName = `${path.basename(target)}.map`;
    writeFileSync(target, `${result.code}\n//# sourceMappingURL=${mapName}\n`);
    writeFileSync(
      `${target}.map`,
      JSON.stringify({ ...result.map, sources: [path.relative(path.dirname(target), path.join(root, file))] }),
    );
    compiled++;
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`transpiled ${compiled} files to ${path.relative(root, outDir) || '.'}/`);
