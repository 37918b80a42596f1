import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** "query enterprise", "mutation changeEnterprise", or the operation's name when it has one. */
export function operationLabel(operation: OperationDefinitionNode | undefined | null, operationName?: string | null): string {
  if (!operation) return operationName ?? 'unknown';
  const name = operation.name?.value ?? operationName;
  if (name) return `${operation.operation} ${name}`;
  const roots = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '…'));
  return `${operation.operation} ${roots.join(',')}`;
}

/** The operation a document runs, as graphql-js picks it. */
export function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
}
