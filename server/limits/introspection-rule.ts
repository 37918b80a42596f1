import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * With INTROSPECTION off, `__schema` and `__type` are refused — over HTTP (Apollo's validation
 * rules) and over WebSocket (checked before a subscribe runs) by this same rule, so no transport
 * answers what the other refuses. `__typename` stays: clients need it to read unions.
 */
export const NoIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError(`Introspection (${node.name.value}) is switched off on this hub (the INTROSPECTION setting); the schema is published as schema.graphql.`, {
          nodes: [node],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'INTROSPECTION' },
        }),
      );
    }
  },
});

export function introspectionRules(allowed: boolean): ValidationRule[] {
  return allowed ? [] : [NoIntrospectionRule];
}
