import 'reflect-metadata';
import { seedDemoData } from '../demo/seed-demo-data.js';
import { seedDemoEnterprises } from '../demo/seed-enterprises.js';
import { Department } from '../entities/department.js';
import { LicenceType } from '../entities/licence-type.js';
import { loadConfig } from '../server/config.js';
import { initOrm, withoutStatementLimits } from '../server/orm.js';

/**
 * `npm run demo:load`: loads the demo district into the database the hub is configured for
 * (DATABASE_URL, or the embedded one — stop the hub first, PGlite admits one process). An empty
 * database gets the whole district, as the first `npm start` does; a demo database made by an
 * older version gets the parts it lacks (the registry of market entities). Loading twice changes
 * nothing. Exit status 1 when the database holds departments that are not the demo's.
 */
const config = loadConfig();
// An offline run may take longer than any request may.
const orm = await initOrm(withoutStatementLimits(config.database));
let exitCode = 0;
try {
  const em = orm.em.fork();
  if ((await em.count(Department, {})) === 0) {
    const credentials = await seedDemoData(em, config.demoCredentialsFile);
    console.log(`loaded the demo district; ${credentials.length} demo credentials are in ${config.demoCredentialsFile}`);
  } else if (
    !(await em.count(Department, { code: 'SCJG', registersMarketEntities: true })) ||
    !(await em.count(LicenceType, { code: 'BUSINESS_LICENCE' }))
  ) {
    console.error('this database is not the demo district (no 市场监管 department SCJG or no business-licence type): nothing loaded');
    exitCode = 1;
  } else {
    const written = await em.transactional((tx) => seedDemoEnterprises(tx));
    console.log(
      written > 0
        ? `loaded ${written} demo market entities with their registrations and licences`
        : 'the demo district is already loaded: nothing to do',
    );
  }
} finally {
  await orm.close(true);
}
process.exit(exitCode);
