import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
  BREAK,
} from 'graphql';
import { createRequire } from 'node:module';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/pagination.js';
import { LimitErrorCode, limitError } from '../../schema/limit-errors.js';

// The package's ESM build imports `graphql/index.mjs`, a second copy of graphql-js next to the one the
// schema is built with (`graphql`, CommonJS), whose type checks then fail; its CommonJS build shares ours.
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxRootFields: number;
}

/** What a list without a `first` argument (an enterprise's licences, …) is assumed to hold. */
export const DEFAULT_LIST_SIZE = 5;

/**
 * The operations already found within limits, per limits and document. A document's measure depends
 * on its variables only through a `first` or a directive (@include, @skip) that names one; the
 * others are measured once. Apollo keeps one parsed document per query text, so the same query
 * sent again is not measured again. Refusals are measured each time: they are rare, and each
 * gets an error of its own.
 */
const admitted = new WeakMap<QueryLimits, WeakMap<DocumentNode, Set<string>>>();

export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
): GraphQLError | null {
  if (measureDependsOnVariables(document)) return measureQuery(schema, document, operationName, variables, limits);
  let documents = admitted.get(limits);
  if (!documents) {
    documents = new WeakMap();
    admitted.set(limits, documents);
  }
  let operations = documents.get(document);
  if (!operations) {
    operations = new Set();
    documents.set(document, operations);
  }
  const operation = operationName ?? '';
  if (operations.has(operation)) return null;
  const refusal = measureQuery(schema, document, operationName, variables, limits);
  if (!refusal) operations.add(operation);
  return refusal;
}

const dependence = new WeakMap<DocumentNode, boolean>();

/** Whether a variable sets a page size (`first`) or decides whether a selection is made (a directive). */
function measureDependsOnVariables(document: DocumentNode): boolean {
  let depends = dependence.get(document);
  if (depends === undefined) {
    depends = false;
    visit(document, {
      Argument(argument) {
        if (argument.name.value === 'first' && argument.value.kind !== Kind.INT) {
          depends = true;
          return BREAK;
        }
        return undefined;
      },
      Directive(directive) {
        if (directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE)) {
          depends = true;
          return BREAK;
        }
        return undefined;
      },
    });
    dependence.set(document, depends);
  }
  return depends;
}

/**
 * Measures an operation before it runs and returns the first limit it breaks, or null. Each
 * fragment is measured once and reused, so a document built to be expensive to measure (fragments
 * spread into fragments) costs as little to check as any other; a fragment cycle counts as nothing
 * here and is refused by graphql-js's own validation.
 */
function measureQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
): GraphQLError | null {
  const operation = pickOperation(document, operationName);
  if (!operation) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const shape = new ShapeMeter(fragments);
  const rootFields = shape.rootFields(operation.selectionSet);
  if (rootFields > limits.maxRootFields) {
    return limitError(
      LimitErrorCode.TOO_MANY_ROOT_FIELDS,
      `The operation selects ${rootFields} root fields; the limit (MAX_ROOT_FIELDS) is ${limits.maxRootFields}.`,
      { name: 'MAX_ROOT_FIELDS', max: limits.maxRootFields, actual: rootFields },
    );
  }
  const aliases = shape.aliases(operation.selectionSet);
  if (aliases > limits.maxAliases) {
    return limitError(
      LimitErrorCode.TOO_MANY_ALIASES,
      `The operation uses ${aliases} aliases; the limit (MAX_ALIASES) is ${limits.maxAliases}.`,
      { name: 'MAX_ALIASES', max: limits.maxAliases, actual: aliases },
    );
  }
  const depth = shape.depth(operation.selectionSet);
  if (depth > limits.maxDepth) {
    return limitError(
      LimitErrorCode.QUERY_TOO_DEEP,
      `The operation is ${depth} fields deep; the limit (MAX_QUERY_DEPTH) is ${limits.maxDepth}.`,
      { name: 'MAX_QUERY_DEPTH', max: limits.maxDepth, actual: depth },
    );
  }
  return checkCost(schema, document, operation, variables, limits);
}

function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
): GraphQLError | null {
  let oversizedPage: { field: string; first: number } | null = null;
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    const hasFirst = field.args.some((argument) => argument.name === 'first');
    if (hasFirst) {
      const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
      if (first > MAX_PAGE_SIZE && !oversizedPage) oversizedPage = { field: `${type.name}.${field.name}`, first };
      return 1 + childComplexity * Math.max(1, Math.min(first, MAX_PAGE_SIZE));
    }
    // A connection's edges and nodes are its page, already counted by the field's `first`.
    const listed = isListType(getNullableType(field.type)) && !type.name.endsWith('Connection');
    const introspection = type.name.startsWith('__') || getNamedType(field.type).name.startsWith('__');
    return 1 + childComplexity * (listed && !introspection ? DEFAULT_LIST_SIZE : 1);
  };
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables: variables ?? {},
      estimators: [estimator],
      maxQueryNodes: 50_000,
    });
  } catch {
    // Bad variables or an invalid document: graphql-js reports those itself, precisely.
    return null;
  }
  const page = oversizedPage as { field: string; first: number } | null;
  if (page) {
    // Refused before execution; the domain's own check (domain/pagination.ts) stays for callers that bypass it.
    return limitError(
      LimitErrorCode.PAGE_TOO_LARGE,
      `first: ${page.first} on ${page.field} is over the largest page (${MAX_PAGE_SIZE}); page with first and after.`,
      { name: 'MAX_PAGE_SIZE', max: MAX_PAGE_SIZE, actual: page.first },
      { field: 'first' },
    );
  }
  if (cost > limits.maxCost) {
    return limitError(
      LimitErrorCode.QUERY_TOO_COSTLY,
      `The operation's estimated cost is ${cost}; the limit (MAX_QUERY_COST) is ${limits.maxCost}. Each field costs 1, times the page size (first) or ${DEFAULT_LIST_SIZE} for a list.`,
      { name: 'MAX_QUERY_COST', max: limits.maxCost, actual: cost },
    );
  }
  return null;
}

function pickOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Depth, aliases and root fields with fragments expanded, each fragment measured once. */
class ShapeMeter {
  private readonly depthOfFragment = new Map<string, number>();
  private readonly aliasesOfFragment = new Map<string, number>();
  private readonly fieldsOfFragment = new Map<string, number>();

  constructor(private readonly fragments: Map<string, FragmentDefinitionNode>) {}

  depth(selectionSet: SelectionSetNode, visiting = new Set<string>()): number {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? this.depth(selection.selectionSet, visiting) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, this.depth(selection.selectionSet, visiting));
      } else {
        deepest = Math.max(
          deepest,
          this.viaFragment(selection.name.value, visiting, this.depthOfFragment, (set, seen) => this.depth(set, seen)),
        );
      }
    }
    return deepest;
  }

  aliases(selectionSet: SelectionSetNode, visiting = new Set<string>()): number {
    let count = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) count += 1;
        if (selection.selectionSet) count += this.aliases(selection.selectionSet, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count += this.aliases(selection.selectionSet, visiting);
      } else {
        count += this.viaFragment(selection.name.value, visiting, this.aliasesOfFragment, (set, seen) => this.aliases(set, seen));
      }
    }
    return count;
  }

  rootFields(selectionSet: SelectionSetNode, visiting = new Set<string>()): number {
    let count = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) count += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += this.rootFields(selection.selectionSet, visiting);
      else count += this.viaFragment(selection.name.value, visiting, this.fieldsOfFragment, (set, seen) => this.rootFields(set, seen));
    }
    return count;
  }

  private viaFragment(
    name: string,
    visiting: Set<string>,
    memo: Map<string, number>,
    measure: (selectionSet: SelectionSetNode, visiting: Set<string>) => number,
  ): number {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || visiting.has(name)) return 0;
    visiting.add(name);
    const value = measure(fragment.selectionSet, visiting);
    visiting.delete(name);
    memo.set(name, value);
    return value;
  }
}
