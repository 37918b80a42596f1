// @ts-check
/**
 * The hub's layering (docs/ARCHITECTURE.md), checked by `npm run check:layers`, which `npm test`
 * runs first. Each top-level folder may import only the folders below it:
 *
 *   server/                              the composition root: may import anything
 *   resolvers/                           support, entities, domain, reads, connectors, schema
 *   schema/                              support, entities, domain, reads
 *   reads/  connectors/  demo/           support, entities, domain (not each other)
 *   domain/                              support, entities
 *   entities/  migrations/               support (entities also each other)
 *   support/                             nothing of the hub
 *
 * Since the order has no loop, no two top-level folders can import each other, directly or round
 * about. tests/, bench/ and scripts/ stand outside the rules, as does mikro-orm.config.ts, which
 * belongs to the composition root (the MikroORM CLI reads it from the project's root).
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */

const LAYERS = ['support', 'entities', 'migrations', 'domain', 'reads', 'connectors', 'demo', 'schema', 'resolvers', 'server'];

/** A forbidden import from the folder `from` to any of the folders `to`. */
const forbid = (name, from, to, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: `^(${to.join('|')})/` },
});

module.exports = {
  forbidden: [
    forbid('support-imports-nothing-of-the-hub', 'support', ['entities', 'migrations', 'domain', 'reads', 'connectors', 'demo', 'schema', 'resolvers', 'server'],
      'support/ holds plumbing every layer may use (logger, PubSub, the HTTP error body); it knows none of them.'),
    forbid('entities-import-only-entities', 'entities', ['migrations', 'domain', 'reads', 'connectors', 'demo', 'schema', 'resolvers', 'server'],
      'Entities, and the enums and value types they store, are the bottom of the model: rules that use them live in domain/.'),
    forbid('migrations-stay-frozen', 'migrations', ['domain', 'reads', 'connectors', 'demo', 'schema', 'resolvers', 'server'],
      'A migration is the schema of record at one point in time: it must not change when the code above it does.'),
    forbid('domain-imports-no-layer-above', 'domain', ['migrations', 'reads', 'connectors', 'demo', 'schema', 'resolvers', 'server'],
      'The rules are free of GraphQL, of the request pipeline and of connector transports.'),
    forbid('reads-serve-the-api-only', 'reads', ['migrations', 'connectors', 'demo', 'schema', 'resolvers', 'server'],
      'The read path (per-request loaders) builds on entities and domain; the API layers use it, not the other way round.'),
    forbid('connectors-import-no-api-or-server', 'connectors', ['migrations', 'reads', 'demo', 'schema', 'resolvers', 'server'],
      'Connectors get what they need from the server (logger, PubSub, ORM) passed in, never by importing it.'),
    forbid('demo-imports-no-api-or-server', 'demo', ['migrations', 'reads', 'connectors', 'schema', 'resolvers', 'server'],
      'The demo data and simulated department systems use the domain as a department would.'),
    forbid('schema-imports-no-resolvers-or-server', 'schema', ['migrations', 'connectors', 'demo', 'resolvers', 'server'],
      'schema/ describes the API (types, context, errors); the resolvers build on it and server/ assembles both.'),
    forbid('resolvers-import-no-server', 'resolvers', ['migrations', 'demo', 'server'],
      'Resolvers see the request only through schema/context.ts (HubContext); server/ creates it.'),
    {
      name: 'no-unresolvable-import',
      comment: 'An import the check cannot resolve could hide a forbidden one.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // `import type` counts too: a type-only import still ties a layer to the one it names.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // The layered folders, and what they import that cannot be resolved (its path stays as written,
    // `../server/gone.js`); everything else (tests/, bench/, scripts/, the root's config files) stands outside.
    includeOnly: { path: `^((${LAYERS.join('|')})/|\\.\\.?/)` },
  },
};
