import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** A file of an installed package, found from its entry point (packages' export maps hide their other files). */
export function packageFile(name: string, relative: string): string {
  let dir = path.dirname(require.resolve(name));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) {
      const file = path.join(dir, relative);
      if (!existsSync(file)) throw new Error(`${name} has no ${relative}; is the pinned version installed?`);
      return file;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`package ${name} is not installed`);
}

/** A folder of page assets at the project root, from the sources (server/…) or the build (dist/server/…). */
export function projectDir(here: string, name: string, marker: string): string {
  for (const candidate of [path.resolve(here, '..', name), path.resolve(here, '../..', name), path.resolve(here, '../../..', name)]) {
    if (existsSync(path.join(candidate, marker))) return candidate;
  }
  throw new Error(`the page ${name}/${marker} is missing from the installation`);
}
