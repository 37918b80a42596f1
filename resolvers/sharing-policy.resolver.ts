import { defaultSharingPolicy, eventEnvelopeTypes } from '../domain/sharing/default-sharing-policy.js';
import { isNonNullType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { forbidden } from '../domain/errors.js';
import { findPage } from '../domain/pagination.js';
import { grantSharing, revokeSharingGrant, setFieldSharing, type DescribeField } from '../domain/sharing/manage-sharing-policy.js';
import { SHARING_POLICY_CHANGED } from '../domain/sharing/sharing-policy-cache.js';
import { SharingGrant } from '../entities/sharing-grant.js';
import { SharingPolicy } from '../entities/sharing-policy.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { GrantSharingInput, SetFieldSharingInput, SharingGrantConnection, SharingPolicyConnection } from '../schema/sharing.types.js';
import type { HubContext } from '../schema/context.js';
import { departmentScope } from '../domain/sharing/decide.js';
import { sharingStateOf } from '../schema/sharing-state.js';

/** The sharing policy and grants: readable by every department, changed by the hub's administrators. */
@Resolver()
export class SharingPolicyResolver {
  @Query(() => SharingPolicyConnection, { description: 'The sharing policy, by type and field.' })
  @RequiresAuth(Role.ADMIN, Role.CLERK, Role.SYSTEM)
  async sharingPolicies(
    @Ctx() { em }: HubContext,
    @Arg('typeName', () => String, { nullable: true }) typeName?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<SharingPolicy>> {
    const page = await findPage(
      em,
      SharingPolicy,
      typeName ? { typeName } : {},
      { typeName: 'asc', fieldName: 'asc', id: 'asc' },
      { first, after },
      { populate: ['owner'] },
    );
    return toConnection(page, after);
  }

  @Query(() => SharingGrantConnection, { description: 'Grants, newest first: an administrator sees all, a department its own.' })
  @RequiresAuth(Role.ADMIN, Role.CLERK, Role.SYSTEM)
  async sharingGrants(
    @Ctx() context: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<SharingGrant>> {
    const scope = departmentScope(sharingStateOf(context).reader);
    if (scope.kind === 'none') throw forbidden('grants are listed to administrators and department systems', 'sharingGrants');
    const where = scope.kind === 'all' ? {} : { department: scope.departmentId };
    const page = await findPage(
      context.em,
      SharingGrant,
      where,
      { createdAt: 'desc', id: 'desc' },
      { first, after },
      { populate: ['department'] },
    );
    return toConnection(page, after);
  }

  @Mutation(() => SharingPolicy, {
    description: 'Sets the owner and sharing level of a field; in force for the next request, on every instance.',
  })
  @RequiresAuth(Role.ADMIN)
  async setFieldSharing(
    @Arg('input') input: SetFieldSharingInput,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SharingPolicy> {
    const rule = await setFieldSharing(context.em, principalOf(context), input, describeFields(info));
    await policyChanged(context);
    return rule;
  }

  @Mutation(() => SharingGrant, {
    description: 'Grants a department the reading of conditional fields for the purposes listed, until expiresAt.',
  })
  @RequiresAuth(Role.ADMIN)
  async grantSharing(
    @Arg('input') input: GrantSharingInput,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SharingGrant> {
    const grant = await grantSharing(context.em, principalOf(context), input, describeFields(info));
    await policyChanged(context);
    return grant;
  }

  @Mutation(() => SharingGrant, { description: 'Revokes a grant at once.' })
  @RequiresAuth(Role.ADMIN)
  async revokeSharingGrant(@Arg('id', () => ID) id: string, @Ctx() context: HubContext): Promise<SharingGrant> {
    const grant = await revokeSharingGrant(context.em, id);
    await policyChanged(context);
    return grant;
  }
}

function principalOf(context: HubContext) {
  if (!context.principal) throw forbidden('a credential is required');
  return context.principal;
}

/** After the commit: this instance reloads before answering, the others when the PubSub tells them. */
async function policyChanged(context: HubContext): Promise<void> {
  await context.sharing.reload();
  context.pubSub.publish(SHARING_POLICY_CHANGED, { at: new Date().toISOString() });
}

/**
 * Policy rows name fields of the API's object types (not the root types), which the schema says
 * exist, or fields of an outbound event's envelope, which the default policy lists.
 */
function describeFields(info: GraphQLResolveInfo): DescribeField {
  const roots = new Set([info.schema.getQueryType(), info.schema.getMutationType(), info.schema.getSubscriptionType()]);
  return (typeName, fieldName) => {
    if (eventEnvelopeTypes.has(typeName)) return { exists: fieldName in defaultSharingPolicy[typeName].fields, nullable: true };
    const type = info.schema.getType(typeName);
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) return { exists: false, nullable: false };
    const field = type.getFields()[fieldName];
    return field ? { exists: true, nullable: !isNonNullType(field.type) } : { exists: false, nullable: false };
  };
}
