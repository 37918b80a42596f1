import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/sql';
import { createOrmOptions } from '../mikro-orm.config.js';
import { loadConfig } from '../server/config.js';

/**
 * `npm run migration:create [name]`: diffs the entities against a database migrated to the
 * latest migration and writes the next migration into `migrations/`, then lists it in
 * `migrations/index.ts`. Runs on a throw-away in-memory PGlite unless DATABASE_URL is set.
 */
const name = process.argv[2];
const config = loadConfig();
const database = config.database.driver === 'postgresql' ? config.database : { driver: 'pglite' as const, dataDir: 'memory://' };
const sourceDir = path.resolve(import.meta.dirname, '../../migrations');
const orm = await MikroORM.init(createOrmOptions(database, database.driver === 'pglite' ? { dbName: 'memory://', driverOptions: {} } : {}));
try {
  await orm.migrator.up();
  const result = await orm.migrator.create(sourceDir, false, false, name);
  if (!result.fileName) {
    console.log('No changes: the entities match the migrations.');
  } else {
    const className = path.basename(result.fileName, '.ts');
    const indexPath = path.join(sourceDir, 'index.ts');
    const index = await readFile(indexPath, 'utf8');
    const importLine = `import { ${className} } from './${className}.js';\n`;
    const updated = index
      .replace(/(import type \{ Migration \} from '@mikro-orm\/migrations';\n)/, `$1${importLine}`)
      .replace(/\n\];\n$/, `\n  { name: '${className}', class: ${className} },\n];\n`);
    await writeFile(indexPath, updated);
    console.log(`Created migrations/${result.fileName} and listed it in migrations/index.ts`);
  }
} finally {
  await orm.close(true);
}
