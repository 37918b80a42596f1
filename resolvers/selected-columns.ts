import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { EntityManager } from '@mikro-orm/sql';
import { getMetadataStorage } from 'type-graphql';
import { readColumnNames } from '../domain/read-rows.js';
import { RECORD_FACT_COLUMNS } from '../domain/sharing/record-facts.js';

type EntityClass = new (...args: never[]) => object;

/**
 * The columns read by fields that have a resolver of their own (a relation, a computed value),
 * by GraphQL type and field. A field that is neither one of its entity's columns nor listed here
 * makes its object read whole: a resolver added later costs speed until it is listed, never a
 * value read as missing.
 */
const RESOLVER_COLUMNS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Enterprise: {
    licences: ['id'],
    registrations: ['id'],
    changes: ['id'],
    trades: ['uscc'],
    registeringAuthority: ['registeringAuthority'],
  },
  Licence: {
    type: ['licenceTypeCode'],
    // effectiveStatus: a valid licence past its last day is EXPIRED.
    status: ['status', 'validTo'],
    // Masked entry by entry, as the licence's type marks them personal, for a reader who may not see them whole.
    fields: ['fields', 'licenceTypeCode'],
  },
};

/**
 * The columns of `entity` that the fields selected on one of its objects (GraphQL type
 * `typeName`) read, with what the policy reads from any record of the type; undefined when a field
 * needs the whole row. `extra` names further fields that read columns (e.g. the department facts,
 * which read the enterprise's USCC), with their columns.
 */
export function columnsSelected(
  em: EntityManager,
  typeName: string,
  entity: EntityClass,
  fields: readonly FieldNode[],
  extra: Readonly<Record<string, readonly string[]>> = {},
): string[] | undefined {
  const columns = new Set(readColumnNames(em, entity));
  const wanted = new Set(RECORD_FACT_COLUMNS[typeName] ?? []);
  const declared = RESOLVER_COLUMNS[typeName] ?? {};
  const { resolved, propertyOf } = fieldsOfType(typeName);
  for (const field of fields) {
    const name = field.name.value;
    if (name === '__typename') continue;
    const property = propertyOf.get(name) ?? name;
    const read = declared[name] ?? extra[name] ?? (columns.has(property) && !resolved.has(name) ? [property] : undefined);
    if (!read) return undefined;
    for (const column of read) wanted.add(column);
  }
  return [...wanted];
}

/** The fields selected on what `path` (field names from `fields` down) leads to, through fragments. */
export function fieldsAt(info: GraphQLResolveInfo, fields: readonly FieldNode[], path: readonly string[]): FieldNode[] {
  const selected = fields.flatMap((field) => fieldsOf(info, field.selectionSet, new Set()));
  if (path.length === 0) return selected;
  return fieldsAt(
    info,
    selected.filter((field) => field.name.value === path[0]),
    path.slice(1),
  );
}

/** The fields of a selection set, those of its inline fragments and fragment spreads included. */
function fieldsOf(info: GraphQLResolveInfo, selectionSet: SelectionSetNode | undefined, fragmentsSeen: Set<string>): FieldNode[] {
  return (selectionSet?.selections ?? []).flatMap((selection) => {
    if (selection.kind === 'Field') return [selection];
    if (selection.kind === 'InlineFragment') return fieldsOf(info, selection.selectionSet, fragmentsSeen);
    if (fragmentsSeen.has(selection.name.value)) return [];
    fragmentsSeen.add(selection.name.value);
    return fieldsOf(info, info.fragments[selection.name.value]?.selectionSet, fragmentsSeen);
  });
}

interface TypeFields {
  /** The fields type-graphql resolves with a method or getter rather than by reading a property. */
  resolved: ReadonlySet<string>;
  /** The property each field reads, where the field is named otherwise. */
  propertyOf: ReadonlyMap<string, string>;
}

const typeFields = new Map<string, TypeFields>();

/** What type-graphql's metadata says of a GraphQL object type's fields. */
function fieldsOfType(typeName: string): TypeFields {
  let fields = typeFields.get(typeName);
  if (!fields) {
    const storage = getMetadataStorage();
    const nameOf = new Map(storage.objectTypes.map((type) => [type.target, type.name]));
    const found = new Set(
      storage.fieldResolvers
        .filter((resolver) => {
          const target = resolver.getObjectType?.() ?? resolver.resolverClassMetadata?.getObjectType();
          return target !== undefined && nameOf.get(target) === typeName;
        })
        .map((resolver) => resolver.schemaName),
    );
    const propertyOf = new Map<string, string>();
    for (const field of storage.fields) {
      if (nameOf.get(field.target) !== typeName) continue;
      // A getter or method with @Field on the class itself computes its value from other properties.
      if (isComputed(field.target, field.name)) found.add(field.schemaName);
      if (field.name !== field.schemaName) propertyOf.set(field.schemaName, field.name);
    }
    typeFields.set(typeName, (fields = { resolved: found, propertyOf }));
  }
  return fields;
}

/** A getter of the class's own (the ORM's property accessors have a setter too) or a method. */
function isComputed(target: { prototype: unknown }, name: string): boolean {
  for (
    let prototype = target.prototype as object | null;
    prototype && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (descriptor) return (descriptor.get !== undefined && descriptor.set === undefined) || typeof descriptor.value === 'function';
  }
  return false;
}
