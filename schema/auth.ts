import { DirectiveLocation, GraphQLDirective, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';
import { Authorized, Directive, type AuthCheckerFn } from 'type-graphql';
import { hasAnyRole } from '../domain/auth/principal.js';
import type { Role } from '../entities/role.js';
import type { HubContext } from './context.js';
import { forbidden, unauthenticated } from '../domain/errors.js';

/**
 * `@auth(roles: [...])` in the emitted schema tells client developers which fields need a
 * credential and which roles; an empty list means any authenticated department.
 */
export const authDirective = new GraphQLDirective({
  name: 'auth',
  description: 'The field needs a credential; when roles are listed, one of them.',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT],
  args: { roles: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))) } },
});

/** Marks a field as needing an authenticated principal with one of `roles` (any when empty). */
export function RequiresAuth(...roles: Role[]): MethodDecorator & PropertyDecorator {
  const directive = Directive(`@auth(roles: [${roles.map((role) => JSON.stringify(role)).join(', ')}])`);
  const authorized = Authorized(...roles);
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    directive(target, key, descriptor as PropertyDescriptor);
    authorized(target, key, descriptor as PropertyDescriptor);
  };
}

export const authChecker: AuthCheckerFn<HubContext, Role> = ({ context, info }, roles) => {
  const principal = context.principal;
  if (!principal)
    throw unauthenticated(`${info.parentType.name}.${info.fieldName} needs a credential: send "Authorization: Bearer <token>".`);
  if (!hasAnyRole(principal, roles)) {
    throw forbidden(`${info.parentType.name}.${info.fieldName} needs one of the roles ${roles.join(', ')}.`, info.fieldName);
  }
  return true;
};
