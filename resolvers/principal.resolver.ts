import { Ctx, Query, Resolver } from 'type-graphql';
import { RequiresAuth } from '../schema/auth.js';
import { PrincipalType } from '../schema/principal.type.js';
import type { HubContext } from '../schema/context.js';

@Resolver()
export class PrincipalResolver {
  @Query(() => PrincipalType, { description: 'The department (and clerk) this request acts as.' })
  @RequiresAuth()
  me(@Ctx() { principal }: HubContext): PrincipalType {
    const { department, clerk, roles, credentialLabel } = principal!;
    return { department, clerk, roles, credentialLabel };
  }
}
