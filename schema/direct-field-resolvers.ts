import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type FieldMetadata = ReturnType<typeof getMetadataStorage>['fields'][number];
type FieldResolverMetadata = ReturnType<typeof getMetadataStorage>['fieldResolvers'][number];
type ParamMetadata = NonNullable<FieldResolverMetadata['params']>[number];
type Resolve = GraphQLFieldResolver<unknown, unknown>;
type Class = abstract new (...args: never[]) => unknown;

/**
 * type-graphql resolves each field through a wrapper built for middlewares and role checks: per
 * call it allocates the resolver's data, a closure, and a sorted copy and a mapped copy of the
 * method's parameters. A page of 50 enterprises calls field resolvers some 550 times, and these
 * were a quarter of the bytes its request allocated. The hub declares neither middlewares nor
 * roles (the sharing policy and the request pipeline decide access), so where a field's resolver
 * is only that:
 * - a field that reads its object's property reads it directly (type-graphql's basic resolver:
 *   `root[name]`, the property's name, not the schema's);
 * - a field resolver method whose parameters are the object (@Root), the context (@Ctx) and the
 *   info is called with them directly, on one instance of its resolver class (what type-graphql's
 *   default container keeps). Methods taking arguments keep type-graphql's resolver, which converts
 *   and validates them.
 * Run on the schema type-graphql built from `resolverClasses`, before the sharing policy wraps every field.
 */
export function resolveFieldsDirectly(schema: GraphQLSchema, resolverClasses: readonly unknown[]): GraphQLSchema {
  const storage = getMetadataStorage();
  // The field resolvers type-graphql built the schema from: a class's own, and those of the resolver classes it was given.
  const fieldResolvers = storage.fieldResolvers.filter(
    (resolver) => resolver.kind === 'internal' || resolverClasses.includes(resolver.target),
  );
  const resolverInstances = new Map<unknown, object>();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const field of objectType.fields ?? []) {
      const schemaField = fields[field.schemaName];
      if (!schemaField?.resolve || declaresMiddlewareOrRoles(field)) continue;
      const resolvers = fieldResolvers.filter(
        (resolver) => resolver.getObjectType?.() === field.target && resolver.methodName === field.name,
      );
      if (resolvers.length === 0) {
        schemaField.resolve = propertyReader(field.name);
        continue;
      }
      const [resolver] = resolvers;
      if (resolvers.length > 1 || resolver!.kind !== 'external' || declaresMiddlewareOrRoles(resolver!)) continue;
      const params = [...(resolver!.params ?? [])].sort((a, b) => a.index - b.index);
      if (!params.every(isPassedAsIs)) continue;
      let instance = resolverInstances.get(resolver!.target);
      if (!instance) resolverInstances.set(resolver!.target, (instance = new (resolver!.target as new () => object)()));
      schemaField.resolve = methodCall(instance, resolver!.methodName, params, schemaField.resolve);
    }
  }
  return schema;
}

function declaresMiddlewareOrRoles(metadata: Pick<FieldMetadata, 'middlewares' | 'roles'>): boolean {
  return (metadata.middlewares?.length ?? 0) > 0 || metadata.roles !== undefined;
}

/**
 * Parameters type-graphql hands over as they come: the context and the info, and the object when
 * it already is of the parameter's class (type-graphql would otherwise copy it into one).
 */
function isPassedAsIs(param: ParamMetadata): boolean {
  if (param.kind === 'info') return true;
  if (param.kind === 'context') return param.propertyName === undefined;
  return param.kind === 'root' && param.propertyName === undefined;
}

/** The property each property reader reads. */
const readProperties = new WeakMap<object, string>();

function propertyReader(name: string): Resolve {
  const read: Resolve = (source) => (source as Record<string, unknown>)[name];
  readProperties.set(read, name);
  return read;
}

/** The name of the property a resolver made here reads, or undefined when it does more than read a property. */
export function propertyReadBy(resolve: object): string | undefined {
  return readProperties.get(resolve);
}

/**
 * Calls the method with its parameters in order. An object that is not yet of the root parameter's
 * class (a plain object some payloads are) goes to type-graphql's own resolver, which copies it
 * into one, as before.
 */
function methodCall(instance: object, methodName: string, params: readonly ParamMetadata[], typeGraphQLResolve: Resolve): Resolve {
  const method = (instance as Record<string, (...values: unknown[]) => unknown>)[methodName]!;
  const kinds = params.map((param) => param.kind);
  const rootClass = params
    .map((param) => (param.kind === 'root' ? param.getType?.() : undefined))
    .find((type): type is Class => typeof type === 'function');
  return (source, args, context, info) => {
    if (rootClass && typeof source === 'object' && source !== null && !(source instanceof rootClass)) {
      return typeGraphQLResolve(source, args, context, info);
    }
    const values = new Array<unknown>(kinds.length);
    for (let index = 0; index < kinds.length; index++) {
      const kind = kinds[index];
      values[index] = kind === 'root' ? source : kind === 'context' ? context : info;
    }
    return method.apply(instance, values);
  };
}
