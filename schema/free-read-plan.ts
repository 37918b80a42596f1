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
 * compiled queries; the old ones go with the old snapshot.
 */
export function freeReadPlanner(schema: GraphQLSchema): (context: HubContext | undefined) => GraphQLSchema {
  const plans = new WeakMap<SharingPolicySnapshot, Map<ReaderKind, GraphQLSchema>>();
  return (context) => {
    if (!context?.sharing) return schema;
    const readerKind = sharingStateOf(context).reader.kind;
    if (readerKind === 'ENTERPRISE') return schema;
    const policy = context.sharing.current;
    let byKind = plans.get(policy);
    if (!byKind) plans.set(policy, (byKind = new Map()));
    let plan = byKind.get(readerKind);
    if (!plan) byKind.set(readerKind, (plan = planFreeReads(schema, policy, readerKind)));
    return plan;
  };
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
