import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from '@mikro-orm/sql';
import { EnterpriseChange } from '../entities/enterprise-change.js';
import { Enterprise } from '../entities/enterprise.js';
import { Licence } from '../entities/licence.js';
import { Registration } from '../entities/registration.js';
import { Trade } from '../entities/trade.js';
import { enterpriseReadOf, type EnterpriseList, type EnterpriseRead, type ListSelected } from '../reads/enterprise-lists.js';
import { DEPARTMENT_FACT_FIELDS } from './enterprise-department-facts.resolver.js';
import { columnsSelected, fieldsAt } from './selected-columns.js';

/** The enterprise's fields that read a list, by the list they read. */
const LIST_OF_FIELD: Readonly<Record<string, EnterpriseList>> = {
  licences: 'licences',
  registrations: 'registrations',
  changes: 'changes',
  trades: 'trades',
  ...Object.fromEntries([...DEPARTMENT_FACT_FIELDS].map((field) => [field, 'departmentFacts'])),
};

/** The GraphQL type and entity of each list whose columns follow its selection; the department facts are read whole. */
const LIST_ITEMS: Partial<Record<EnterpriseList, { typeName: string; entity: new (...args: never[]) => object }>> = {
  licences: { typeName: 'Licence', entity: Licence },
  registrations: { typeName: 'Registration', entity: Registration },
  changes: { typeName: 'EnterpriseChange', entity: EnterpriseChange },
  trades: { typeName: 'Trade', entity: Trade },
};

/** The department facts are a record of their own, found by the enterprise's USCC. */
const DEPARTMENT_FACT_COLUMNS = Object.fromEntries([...DEPARTMENT_FACT_FIELDS].map((field) => [field, ['uscc']]));

/** An enterprise field holds the enterprise itself. */
const THE_FIELD_ITSELF: ReadonlyArray<readonly string[]> = [[]];

/** Where a connection's selection holds its enterprises. */
export const CONNECTION_NODES: ReadonlyArray<readonly string[]> = [['nodes'], ['edges', 'node']];

/**
 * How to read the enterprises an enterprise field's selection asks for (through fragments too):
 * the lists it reads, so the enterprise and those lists are read in one statement, and the columns
 * of each that its fields need (selected-columns.ts). For a connection of enterprises, pass where
 * its selection holds them (CONNECTION_NODES). A field selected under @skip or @include is counted
 * as selected: reading it costs a subquery or a column of the same statement, not a round trip.
 */
export function enterpriseReadSelected(
  em: EntityManager,
  info: GraphQLResolveInfo,
  within: ReadonlyArray<readonly string[]> = THE_FIELD_ITSELF,
): EnterpriseRead {
  // Worked out once per place in a document: the same query sent again reaches the same field nodes
  // (Apollo keeps one parsed document per text), with the same fragments.
  let byNode = readsOfDocuments.get(em.getMetadata());
  if (!byNode) readsOfDocuments.set(em.getMetadata(), (byNode = new WeakMap()));
  let reads = byNode.get(info.fieldNodes[0]!);
  if (!reads) byNode.set(info.fieldNodes[0]!, (reads = []));
  const known = reads.find((read) => read.within === within && sameNodes(read.fieldNodes, info.fieldNodes));
  if (known) return known.read;
  const read = readSelected(em, info, within);
  // A field node is merged with others at one place or a few; this bounds a document built to vary them.
  if (reads.length < 8) reads.push({ fieldNodes: [...info.fieldNodes], within, read });
  return read;
}

const readsOfDocuments = new WeakMap<
  object,
  WeakMap<FieldNode, Array<{ fieldNodes: readonly FieldNode[]; within: ReadonlyArray<readonly string[]>; read: EnterpriseRead }>>
>();

const sameNodes = (a: readonly FieldNode[], b: readonly FieldNode[]) =>
  a.length === b.length && a.every((node, index) => node === b[index]);

function readSelected(em: EntityManager, info: GraphQLResolveInfo, within: ReadonlyArray<readonly string[]>): EnterpriseRead {
  const fields = within.flatMap((path) => fieldsAt(info, info.fieldNodes, path));
  const listFields = new Map<EnterpriseList, typeof fields>();
  for (const field of fields) {
    const list = LIST_OF_FIELD[field.name.value];
    if (list) listFields.set(list, [...(listFields.get(list) ?? []), field]);
  }
  const lists = [...listFields].map(([list, selected]): ListSelected => {
    const items = LIST_ITEMS[list];
    return { list, columns: items && columnsSelected(em, items.typeName, items.entity, fieldsAt(info, selected, [])) };
  });
  return enterpriseReadOf(em, columnsSelected(em, 'Enterprise', Enterprise, fields, DEPARTMENT_FACT_COLUMNS), lists);
}
