import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { readsFreely } from '../domain/sharing/decide.js';
import type { ReaderKind } from '../domain/sharing/reader.js';
import type { SharingPolicySnapshot } from '../domain/sharing/sharing-policy-snapshot.js';
import type { HubContext } from './context.js';
import { propertyReadBy } from './direct-field-resolvers.js';
import { beneathReadGuard } from './sharing-enforcement.js';
import { sharingStateOf } from './sharing-state.js';

/**
 * The schema a query is compiled against (server/compiled-execution.ts), planned for its reader
 * under the policy snapshot current when it starts, as PostGraphile plans a query once instead of
 * deciding per value.
 *
 * Every field still passes the one decision: a field that the reader reads freely
 * (`readsFreely`: unconditional, standing for no other field, and a reader that is not an
 * enterprise) is decided here, once for the snapshot, and loses the read guard that would only
 * have called its resolver. Where that resolver only reads its object's property of the same name,
 * the field has no resolver at all and graphql-jit reads the property inline, without the resolve
 * info, path and closures it builds for every resolver call (a third of a page's allocations).
 * Every other field keeps the guard and is decided as it is read: conditional and personal data,
 * fields that stand for another, fields with arguments (their arguments are cleaned first), and
 * every field an enterprise reads.
 *
 * A new policy snapshot (a change of the policy or of a grant) gets new plans, and with them new
 * compiled queries; the old ones go with the old snapshot. A query under way when the snapshot
 * changes is answered again, guarded (answerUnderPlan).
 */
export function freeReadPlanner(schema: GraphQLSchema): (context: HubContext | undefined) => ReadPlan {
  const guarded: ReadPlan = { schema, policy: null };
  const plans = new WeakMap<SharingPolicySnapshot, Map<ReaderKind, ReadPlan>>();
  return (context) => {
    if (!context?.sharing) return guarded;
    const readerKind = sharingStateOf(context).reader.kind;
    if (readerKind === 'ENTERPRISE') return guarded;
    const policy = context.sharing.current;
    let byKind = plans.get(policy);
    if (!byKind) plans.set(policy, (byKind = new Map()));
    let plan = byKind.get(readerKind);
    if (!plan) byKind.set(readerKind, (plan = { schema: planFreeReads(schema, policy, readerKind), policy }));
    return plan;
  };
}

/** The schema to compile a request's query against, and the policy snapshot it was planned under (null: none, every field guarded). */
export interface ReadPlan {
  schema: GraphQLSchema;
  policy: SharingPolicySnapshot | null;
}

/**
 * Runs `planned`, the query compiled for `plan`, and gives its answer when the policy it was
 * planned under is still current as it ends. When the policy changed while it ran (an admin's
 * change, a grant), its free fields were decided under the snapshot before: its answer is
 * dropped, what it noted for the access log is forgotten, and the request is answered by
 * `guarded`, the query on the guarded schema, whose every field asks the policy current when it
 * is read, as before any plan. A change that commits while a request is under way thus reaches
 * that request too.
 */
export async function answerUnderPlan<T>(
  context: HubContext,
  plan: ReadPlan,
  planned: () => Promise<T>,
  guarded: () => Promise<T>,
): Promise<T> {
  if (plan.policy === null) return planned();
  const notedBefore = context.accessLog.isEmpty ? null : context.accessLog.snapshot();
  const answer = await planned();
  if (context.sharing.current === plan.policy) return answer;
  context.accessLog.clear();
  if (notedBefore) context.accessLog.absorb(notedBefore);
  return guarded();
}

function planFreeReads(schema: GraphQLSchema, policy: SharingPolicySnapshot, readerKind: ReaderKind): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const guarded = beneathReadGuard(field.resolve);
      if (!guarded || !readsFreely(policy, readerKind, typeName, fieldName)) return field;
      const readsOwnProperty = propertyReadBy(guarded.underlying) === fieldName;
      return { ...field, resolve: readsOwnProperty ? undefined : guarded.beneath };
    },
  });
}
