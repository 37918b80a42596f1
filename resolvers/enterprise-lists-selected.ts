import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { EnterpriseList } from '../reads/enterprise-lists.js';
import { DEPARTMENT_FACT_FIELDS } from './enterprise-department-facts.resolver.js';

/** The enterprise's fields that read a list, by the list they read. */
const LIST_OF_FIELD: Readonly<Record<string, EnterpriseList>> = {
  licences: 'licences',
  registrations: 'registrations',
  changes: 'changes',
  trades: 'trades',
  ...Object.fromEntries([...DEPARTMENT_FACT_FIELDS].map((field) => [field, 'departmentFacts'])),
};

/** Where a connection's selection holds its enterprises. */
export const CONNECTION_NODES: ReadonlyArray<readonly string[]> = [['nodes'], ['edges', 'node']];

/**
 * The lists the selection on an enterprise field reads (through fragments too), so the enterprise
 * and those lists are read in one statement; for a connection of enterprises, pass where its
 * selection holds them (CONNECTION_NODES). A list selected under @skip or @include is counted as
 * selected: reading it costs a subquery of the same statement, not a round trip.
 */
export function enterpriseListsSelected(info: GraphQLResolveInfo, within: ReadonlyArray<readonly string[]> = [[]]): EnterpriseList[] {
  const lists = new Set<EnterpriseList>();
  for (const path of within) {
    for (const field of fieldsAt(info, info.fieldNodes, path)) {
      const list = LIST_OF_FIELD[field.name.value];
      if (list) lists.add(list);
    }
  }
  return [...lists];
}

/** The fields selected on what `path` (field names from the given fields down) leads to. */
function fieldsAt(info: GraphQLResolveInfo, fields: readonly FieldNode[], path: readonly string[]): FieldNode[] {
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
