import {
  defaultFieldResolver,
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { recordSubject, writtenSubject } from '../domain/access-log/record-subject.js';
import { DomainError, ErrorCode } from '../domain/errors.js';
import { decide, decideRecord, dependsOnRecord, readsFreely, type Decision } from '../domain/sharing/decide.js';
import type { SharingPolicySnapshot } from '../domain/sharing/sharing-policy-snapshot.js';
import type { HubContext } from './context.js';
import { maskedValue } from './masked-value.js';
import { sharingStateOf } from './sharing-state.js';

/**
 * The one enforcement point of the sharing policy for GraphQL: every field resolver of every object
 * type is wrapped, so queries, mutations' payloads and subscription events alike pass through it,
 * at every depth (a nested enterprise is checked like a root one), over HTTP and WebSocket. It asks
 * the one decision function (domain/sharing/decide.ts) and carries out its answer:
 * - allowed: the field resolves; a read of conditional or personal data is noted for the access log;
 * - forbidden: null, with a FORBIDDEN error at the field's path naming the reason and missing grant;
 *   personal data in a field that cannot be null resolves masked instead;
 * - invisible (not shared): null without an error, as if the field did not exist.
 * For an ENTERPRISE credential every record a field returns is also checked: another enterprise's
 * record is refused at the relation that reached it, before any of its fields resolve.
 * Root mutation fields are wrapped too: each successful one is noted as a write.
 */
export function enforceSharingPolicy(schema: GraphQLSchema): GraphQLSchema {
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const underlying = field.resolve ?? defaultFieldResolver;
      const resolve = guardRecords(field, rootTypes.has(type) && scopedToEnterprise(field), underlying);
      if (type === schema.getMutationType()) field.resolve = noteWrite(field.name, resolve);
      else if (rootTypes.has(type)) field.resolve = resolve;
      else {
        field.resolve = guardRead(type.name, field, resolve);
        guardedReads.set(field.resolve, { beneath: resolve, underlying });
      }
      // A subscription's event passes through its resolve; the stream itself is not data.
    }
  }
  return schema;
}

type Resolve = GraphQLFieldResolver<unknown, HubContext>;

/**
 * What each field's read guard calls: `beneath`, the field's resolver with the policy's record
 * checks (a no-op for all but enterprise readers), and `underlying`, the resolver the schema had.
 */
const guardedReads = new WeakMap<Resolve, { beneath: Resolve; underlying: Resolve }>();

/**
 * For a field's resolver that is the policy's read guard: the resolvers beneath it. A query planned
 * for a reader who reads the field freely (schema/free-read-plan.ts) calls them without the guard,
 * which for that reader would only have called them.
 */
export function beneathReadGuard(resolve: Resolve | undefined): { beneath: Resolve; underlying: Resolve } | undefined {
  return resolve && guardedReads.get(resolve);
}

function guardRead(
  typeName: string,
  field: GraphQLField<unknown, HubContext>,
  resolve: GraphQLFieldResolver<unknown, HubContext>,
): GraphQLFieldResolver<unknown, HubContext> {
  const fieldName = field.name;
  const nonNull = isNonNullType(field.type);
  const key = `${typeName}.${fieldName}`;
  // Whether the field is read freely in the last policy it was read from: a policy snapshot never
  // changes, so a page's hundreds of calls of this field look it up once, not once each.
  let decidedIn: SharingPolicySnapshot | undefined;
  let free = false;
  return (source, args, context, info) => {
    if (!context?.sharing) return resolve(source, args, context, info);
    const state = sharingStateOf(context);
    // Most fields are read freely: for every reader but an enterprise they resolve without a decision to cache.
    if (state.reader.kind !== 'ENTERPRISE') {
      const policy = context.sharing.current;
      if (policy !== decidedIn) {
        // The answer is the same for every reader kind but ENTERPRISE.
        free = readsFreely(policy, state.reader.kind, typeName, fieldName);
        decidedIn = policy;
      }
      if (free) return resolve(source, args, context, info);
    }
    const access = decisionFor(context, key, typeName, fieldName, source);
    if (access.kind === 'invisible') {
      if (!nonNull) return null;
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        `${typeName}.${fieldName} is not shared with this credential.`,
        `${typeName}.${fieldName}`,
      );
    }
    if (access.kind === 'forbidden') {
      if (access.personal && nonNull) {
        return Promise.resolve(resolve(source, args, context, info)).then((value) =>
          maskedValue(context, typeName, fieldName, source, value, access.reason),
        );
      }
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        access.reason,
        `${typeName}.${fieldName}`,
        access.missingGrant ? { missingGrant: access.missingGrant } : undefined,
      );
    }
    if (access.logged) {
      const { recordId, subjectUscc } = recordSubject(source);
      context.accessLog.recordRead(typeName, recordId, subjectUscc, fieldName);
    }
    return resolve(source, args, context, info);
  };
}

/** One decision per field per request where the row cannot change it: a page of 500 records costs one evaluation of each field. */
function decisionFor(context: HubContext, key: string, typeName: string, fieldName: string, source: unknown): Decision {
  const state = sharingStateOf(context);
  const policy = context.sharing.current;
  const now = Date.now();
  // A reload, or a grant expiring while a subscription lives, starts the decisions afresh.
  if (state.snapshot !== policy || now >= state.validUntil) {
    state.snapshot = policy;
    state.validUntil = policy.nextGrantExpiryAfter(new Date(now));
    state.byField.clear();
  }
  let planned = state.byField.get(key);
  if (planned === undefined) {
    planned = dependsOnRecord(policy, state.reader, typeName, fieldName)
      ? null
      : decide(policy, state.reader, typeName, fieldName, context.purpose);
    state.byField.set(key, planned);
  }
  if (planned !== null) return planned;
  const reachedFromOwn = typeof source === 'object' && source !== null && state.ownRecords.has(source);
  return decide(policy, state.reader, typeName, fieldName, context.purpose, { record: source, reachedFromOwn });
}

/**
 * For ENTERPRISE readers, the records a field returns: each must be the enterprise's own or of a
 * public type, and own ones pass their ownership on to what is reached through them. A root field
 * that the enterprise's own role is named for (e.g. myDataAccesses) returns only its own records.
 */
function guardRecords(
  field: GraphQLField<unknown, HubContext>,
  rootOwn: boolean,
  resolve: GraphQLFieldResolver<unknown, HubContext>,
): GraphQLFieldResolver<unknown, HubContext> {
  const returned = getNamedType(field.type);
  if (!isObjectType(returned)) return resolve;
  const typeName = returned.name;
  return (source, args, context, info) => {
    const result = resolve(source, args, context, info);
    if (!context?.sharing || sharingStateOf(context).reader.kind !== 'ENTERPRISE') return result;
    const check = (value: unknown): unknown => {
      const state = sharingStateOf(context);
      const parentOwn = rootOwn || (typeof source === 'object' && source !== null && state.ownRecords.has(source));
      for (const record of flatten(value)) {
        const seen = decideRecord(state.reader, typeName, { record, reachedFromOwn: parentOwn });
        if (!seen.visible) throw new DomainError(ErrorCode.FORBIDDEN, seen.reason, `${info.parentType.name}.${info.fieldName}`);
        if (seen.own) state.ownRecords.add(record as object);
      }
      return value;
    };
    return isPromise(result) ? result.then(check) : check(result);
  };
}

function* flatten(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) for (const item of value) yield* flatten(item);
  else if (typeof value === 'object' && value !== null) yield value;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown>)?.then === 'function';

/** Whether a root field is marked `@auth(roles: [..."ENTERPRISE"...])`: its resolver returns the enterprise's own records only. */
function scopedToEnterprise(field: GraphQLField<unknown, HubContext>): boolean {
  const auth = field.astNode?.directives?.find((directive) => directive.name.value === 'auth');
  const roles = auth?.arguments?.find((argument) => argument.name.value === 'roles')?.value;
  return roles?.kind === Kind.LIST && roles.values.some((role) => role.kind === Kind.STRING && role.value === 'ENTERPRISE');
}

function noteWrite(fieldName: string, resolve: GraphQLFieldResolver<unknown, HubContext>): GraphQLFieldResolver<unknown, HubContext> {
  return async (source, args, context, info) => {
    const result = await resolve(source, args, context, info);
    if (context?.accessLog) {
      const { recordId, subjectUscc } = writtenSubject(args, result);
      context.accessLog.recordWrite(fieldName, recordId, subjectUscc);
    }
    return result;
  };
}
