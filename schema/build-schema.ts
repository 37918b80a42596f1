import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CatalogStatsResolver } from '../resolvers/catalog-stats.resolver.js';
import { DepartmentResolver } from '../resolvers/department.resolver.js';
import { MatterResolver } from '../resolvers/matter.resolver.js';
import { MatterImportResolver } from '../resolvers/matter-import.resolver.js';
import { PrincipalResolver } from '../resolvers/principal.resolver.js';
import { ServerClockResolver } from '../resolvers/server-clock.resolver.js';
import type { HubPubSub } from '../server/pubsub.js';
import { authChecker, authDirective } from './auth.js';

export const resolvers = [PrincipalResolver, DepartmentResolver, ServerClockResolver, MatterResolver, CatalogStatsResolver, MatterImportResolver] as const;

/** The hub's one GraphQL schema, used by HTTP, WebSocket and the emitted `schema.graphql`. */
export function buildHubSchema(pubSub: HubPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    authChecker,
    directives: [authDirective],
    // Inputs are checked by the domain, which knows the rules and names the field; class-validator would duplicate them.
    validate: false,
  });
}
