import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { recordSubject, writtenSubject } from '../domain/access-log/record-subject.js';
import { DomainError, ErrorCode } from '../domain/errors.js';
import type { FieldAccess } from '../domain/sharing/field-access.js';
import type { HubContext } from '../server/context.js';

/**
 * The one enforcement point of the sharing policy for GraphQL: every field resolver of every object
 * type is wrapped, so queries, mutations' payloads and subscription events alike pass through it,
 * at every depth (a nested enterprise is checked like a root one). The policy decides per field at
 * run time (policy rows are data), so covering a new type takes rows, not code:
 * - allowed: the field resolves; a read of conditional data is noted for the access log;
 * - forbidden: null, with a FORBIDDEN error at the field's path naming the missing grant;
 * - invisible (not shared): null without an error, as if the field did not exist.
 * Root mutation fields are wrapped too: each successful one is noted as a write.
 */
export function enforceSharingPolicy(schema: GraphQLSchema): GraphQLSchema {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = type === mutationType ? noteWrite(field.name, resolve) : guardRead(type.name, field.name, resolve);
    }
  }
  return schema;
}

function guardRead(typeName: string, fieldName: string, resolve: GraphQLFieldResolver<unknown, HubContext>): GraphQLFieldResolver<unknown, HubContext> {
  return (source, args, context, info) => {
    const sharing = context?.sharing;
    if (!sharing?.current.ruleFor(typeName, fieldName)) return resolve(source, args, context, info);
    const access = decide(context, typeName, fieldName);
    if (access.kind === 'invisible') return null;
    if (access.kind === 'forbidden') {
      throw new DomainError(ErrorCode.FORBIDDEN, access.reason, `${typeName}.${fieldName}`, { missingGrant: access.missingGrant });
    }
    if (access.logged) {
      const { recordId, subjectUscc } = recordSubject(source);
      context.accessLog.recordRead(typeName, recordId, subjectUscc, fieldName);
    }
    return resolve(source, args, context, info);
  };
}

/** One decision per field per request: a page of 500 records costs one evaluation of each field. */
function decide(context: HubContext, typeName: string, fieldName: string): FieldAccess {
  const decisions = context.fieldDecisions;
  // A reload (or a long-lived subscription outliving a grant) starts the decisions afresh.
  if (decisions.snapshot !== context.sharing.current) {
    decisions.snapshot = context.sharing.current;
    decisions.byField.clear();
  }
  const key = `${typeName}.${fieldName}`;
  let access = decisions.byField.get(key);
  if (!access) {
    access = context.sharing.fieldAccess(context.principal, typeName, fieldName, context.purpose);
    decisions.byField.set(key, access);
  }
  return access;
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
