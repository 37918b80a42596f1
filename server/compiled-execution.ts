import { BREAK, execute, GraphQLError, printSchema, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { HubContext } from '../schema/context.js';
import { answerUnderPlan, type ReadPlan } from '../schema/free-read-plan.js';

/** Compiled operations kept; the least recently used is dropped past this, so new documents cannot grow the hub without bound. */
const MAX_COMPILED = 500;

/**
 * Apollo Server's execution of an HTTP operation, by graphql-jit instead of graphql-js's
 * interpreter: each document (and operation) is compiled once into a function that resolves its
 * fields, and later requests with the same document run that function. graphql-js walked the
 * document anew for each of a page's hundreds of fields: compiled, a page costs about a quarter
 * less CPU (BENCHMARKS.md). The compiled function calls the same resolvers (the loaders, the
 * permissions) with the same arguments, so what is answered does not change, only how fast.
 *
 * A query is compiled against the schema planned for its reader and policy snapshot (`planFor`,
 * schema/free-read-plan.ts): the fields the reader reads freely are decided there, once, and
 * compiled without the policy's read guard; every other field keeps it. A query during which the
 * policy changed is answered again by graphql-js on the guarded schema (answerUnderPlan).
 *
 * Apollo takes a custom executor through its gateway interface: the schema is given once and
 * never updated. Parsing, validation, the query limits and the plugins stay Apollo's. Only
 * queries are compiled; mutations, a document whose text could change the compiled code
 * (holdsCompilerMarker), one graphql-jit cannot compile and variables it refuses are executed by
 * graphql-js. So are WebSocket operations (server/websocket.ts), whose events are executed once
 * per distinct document and reader (server/shared-subscriptions.ts), not per field of a page.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  planFor: (context: HubContext) => ReadPlan = () => ({ schema, policy: null }),
): GatewayInterface {
  // Per planned schema (schema/free-read-plan.ts): a plan's compiled queries go when its policy snapshot goes.
  const compiledByPlan = new WeakMap<GraphQLSchema, Map<string, CompiledQuery>>();
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return {
        executor: async (requestContext) => {
          // As the request named it: Apollo leaves its own `operationName` null when the document has no such operation.
          const operationName = requestContext.request.operationName ?? undefined;
          const variables = requestContext.request.variables ?? {};
          const interpret = async () =>
            (await execute({
              schema,
              document: requestContext.document,
              contextValue: requestContext.context,
              variableValues: variables,
              operationName,
            })) as never;
          // Writes are not where the time goes: they stay with graphql-js, the reference.
          // No such operation in the document: graphql-js answers it, as it always did.
          if (requestContext.operation?.operation !== 'query') return interpret();
          const context = requestContext.context as HubContext;
          const plan = planFor(context);
          let compiled = compiledByPlan.get(plan.schema);
          if (!compiled) compiledByPlan.set(plan.schema, (compiled = new Map()));
          const key = `${requestContext.queryHash}:${operationName ?? ''}`;
          let operation = compiled.get(key);
          if (operation) {
            // Most recently used last: the first key is the one to drop.
            compiled.delete(key);
          } else {
            // Checked once, before compiling: a later request with the same hash has the same text.
            if (holdsCompilerMarker(requestContext.document)) return interpret();
            const made = compileQuery(plan.schema, requestContext.document, operationName, { useExperimentalPathBasedSkipInclude: true });
            if (!isCompiledQuery(made)) return interpret();
            operation = made;
            if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
          }
          compiled.set(key, operation);
          const compiledQuery = operation;
          return answerUnderPlan(
            context,
            plan,
            async () => {
              const result = await compiledQuery.query(undefined, context, variables);
              // No `data` at all: graphql-jit refused the variables, in places more strictly than the specification (a
              // non-null input field that has a default): graphql-js decides, as it always did.
              if (!('data' in result)) return interpret();
              return (result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result) as never;
            },
            interpret,
          );
        },
      };
    },
    async stop() {},
  };
}

/**
 * Whether a string in the document holds one of graphql-jit's markers. It writes a field's literal
 * arguments into the compiled code as JSON, then turns its markers back into code (`NaN`,
 * `new Date(…)`) by replacing text: a string argument carrying the date marker would become code
 * run by the hub. Such a document is interpreted by graphql-js, which reads its values as values.
 */
export function holdsCompilerMarker(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes(COMPILER_MARKER)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** What every marker of graphql-jit's (`__MAGIC_DATE__…`, `__MAGIC_NAN__…`, …) begins with. */
const COMPILER_MARKER = '__MAGIC_';

/**
 * graphql-jit's error as graphql-js's: the same message, locations, path and original error, with
 * `extensions` always an object (graphql-jit leaves it undefined, and Apollo's error formatting
 * then fails and answers every domain error as an internal one).
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: error.locations !== undefined, writable: true });
  return converted;
}
