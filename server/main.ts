import 'reflect-metadata';
import { nodeVersionProblem } from './node-version.js';

const versionProblem = nodeVersionProblem();
if (versionProblem) {
  console.error(versionProblem);
  process.exit(1);
}

const { ConfigurationError, loadConfig } = await import('./config.js');
const { createLogger } = await import('../support/logger.js');
const { startHub } = await import('./hub.js');
const { seedDemoData } = await import('../demo/seed-demo-data.js');
const { connectSimulatedSystems } = await import('../demo/simulated-department-systems.js');
const { initOrm } = await import('./orm.js');
const { seedSharingLevels } = await import('../domain/sharing/seed-sharing-policy.js');
const { databaseStartMessage } = await import('./database-start-error.js');

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const database = config.database.driver === 'postgresql' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite at ${config.database.dataDir}`;
logger.info({ database }, 'starting the hub');
let orm;
try {
  orm = await initOrm(config.database);
} catch (error) {
  console.error(databaseStartMessage(config.database, error));
  process.exit(1);
}
const demoCredentials = config.demoData ? await seedDemoData(orm.em.fork(), config.demoCredentialsFile) : [];
// A field added since the database was made gets its default sharing level (levels admins set are kept).
await seedSharingLevels(orm.em.fork());
let hub;
try {
  hub = await startHub(config, logger, { orm });
} catch (error) {
  const code = (error as { code?: unknown })?.code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
  const why =
    code === 'EADDRINUSE'
      ? 'another process already listens there'
      : code === 'EACCES'
        ? 'this process may not listen there'
        : 'this machine has no such address';
  console.error(`Cannot listen on ${config.host}:${config.port} (${String(code)}): ${why}. Set PORT (and HOST) to a free address.`);
  process.exit(1);
}
if (demoCredentials.length > 0) {
  // The demo's department systems, simulated in this process, reached over the loopback.
  const loopback = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  await connectSimulatedSystems(orm.em.fork(), `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${hub.port}`);
}

const lines = [
  '',
  `  Government data hub is running on ${database}`,
  `  GraphQL (HTTP):      ${hub.url}/graphql`,
  `  GraphQL (WebSocket): ${hub.url.replace(/^http/, 'ws')}/graphql`,
  `  Explorer (browser):  ${hub.url}/explorer   Dashboard: ${hub.url}/dashboard`,
  `  Health:              ${hub.url}/healthz  ${hub.url}/readyz   Metrics: ${hub.url}/metrics`,
];
if (demoCredentials.length) {
  lines.push('', `  Demo credentials (also in ${config.demoCredentialsFile}); send as "Authorization: Bearer <token>":`);
  for (const credential of demoCredentials) {
    lines.push(
      `    ${credential.department.padEnd(5)} ${credential.roles.join(',').padEnd(10)} ${credential.label.padEnd(28)} ${credential.token}`,
    );
  }
  lines.push('', `  Try: curl -s ${hub.url}/graphql -H 'content-type: application/json' \\`);
  lines.push(`         -H 'authorization: Bearer ${demoCredentials[0].token}' -d '{"query":"{ me { department { code name } roles } }"}'`);
}
// For the person at the terminal, on stderr: stdout carries nothing but the JSON log lines.
process.stderr.write(lines.join('\n') + '\n\n');
logger.info({ url: hub.url, database, demoCredentials: demoCredentials.length }, 'hub listening');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    const started = Date.now();
    logger.info({ signal }, 'shutting down');
    // The shutdown's own time bounds are unref'd timers: with the sockets closed and a step waiting
    // on nothing else, the process would end mid-shutdown without its last line. This keeps it
    // alive until the shutdown settles, which then exits.
    setInterval(() => undefined, 1_000);
    hub.close().then(
      () => {
        // The last line an operator sees: the hub let go of its port and database on purpose.
        logger.info({ signal, shutdownMs: Date.now() - started, uptimeSeconds: Math.round(process.uptime()) }, 'hub stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error, signal, shutdownMs: Date.now() - started }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  });
}
