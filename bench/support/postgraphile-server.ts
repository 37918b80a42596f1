import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

/**
 * The peer of the nested-reads benchmark: PostGraphile v5 (Amber preset, grafserv on node:http)
 * over the hub's own tables, with a pool of the hub's size. Index-based behaviours are off, so the
 * page can be ordered exactly as the hub orders it (by columns that are not the first of an
 * index), which v4's default also allowed. The relations the hub keeps by code (a licence's type,
 * a trade's winner) are declared to PostGraphile by smart comments (see nested-reads.ts).
 */
const port = Number(process.env.PORT ?? 5678);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { port, graphqlPath: '/graphql', graphiql: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.close();
  void Promise.resolve(pgl.release())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
