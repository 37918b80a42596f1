import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { cleanValue, isMultiLineField } from '../domain/text/text-hygiene.js';

/**
 * Every argument of every field — mutation inputs, filters, subscription scopes, over HTTP and
 * WebSocket — passes the hub's text rules (domain/text/text-hygiene.ts) before its resolver runs:
 * strings come in NFC, and a NUL, a control character, a bidirectional override or an unpaired
 * surrogate is a BAD_USER_INPUT naming the argument (`input.address`) instead of reaching the
 * database (where NUL was an internal error) or the departments' systems. Fields without
 * arguments are left as they are, so reading rows costs nothing more.
 */
export function enforceTextHygiene(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      if (field.resolve) field.resolve = withCleanArguments(field.resolve);
      if (field.subscribe) field.subscribe = withCleanArguments(field.subscribe);
    }
  }
  return schema;
}

function withCleanArguments<TSource, TContext>(resolve: GraphQLFieldResolver<TSource, TContext>): GraphQLFieldResolver<TSource, TContext> {
  return (source, args, context, info) => {
    const cleaned: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(args)) cleaned[name] = cleanValue(value, name, isMultiLineField, isMultiLineField(name));
    return resolve(source, cleaned, context, info);
  };
}
