import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';

export const SCHEMA_FILE_HEADER =
  "# The hub's GraphQL schema, emitted from the resolvers by `npm run schema:emit`.\n" +
  '# A test fails when this file and the code disagree. `@auth` marks what needs a credential.\n\n';

/** The schema as checked in: sorted, with applied directives (`@auth`) kept. */
export function printHubSchema(schema: GraphQLSchema): string {
  return SCHEMA_FILE_HEADER + printSchemaWithDirectives(lexicographicSortSchema(schema)) + '\n';
}
