import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
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

/**
 * The lists the selection on an enterprise field reads (through fragments too), so the enterprise
 * and those lists are read in one statement. A list selected under @skip or @include is counted as
 * selected: reading it costs a subquery of the same statement, not a round trip.
 */
export function enterpriseListsSelected(info: GraphQLResolveInfo): EnterpriseList[] {
  const lists = new Set<EnterpriseList>();
  const visit = (selectionSet: SelectionSetNode | undefined, fragmentsSeen: Set<string>) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === 'Field') {
        const list = LIST_OF_FIELD[selection.name.value];
        if (list) lists.add(list);
      } else if (selection.kind === 'InlineFragment') {
        visit(selection.selectionSet, fragmentsSeen);
      } else if (!fragmentsSeen.has(selection.name.value)) {
        fragmentsSeen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet, fragmentsSeen);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  return [...lists];
}
