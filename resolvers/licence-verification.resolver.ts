import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { badUserInput } from '../domain/errors.js';
import { publishedKeys, rotateSigningKey } from '../domain/licence/signing-keys.js';
import { verifyLicence } from '../domain/licence/verify-licence.js';
import { RequiresAuth } from '../schema/auth.js';
import { LicenceVerificationResult } from '../schema/licence.types.js';
import type { HubContext } from '../schema/context.js';

/** Verification is public: anyone holding a licence's identifier may check it, without a credential. */
@Resolver()
export class LicenceVerificationResolver {
  @Query(() => LicenceVerificationResult, {
    description: 'Whether a licence is valid now, and why not: bad check character, unknown, bad signature, revoked, suspended, expired …',
  })
  async verifyLicence(@Arg('identifier') identifier: string, @Ctx() { em }: HubContext): Promise<LicenceVerificationResult> {
    if (identifier.length > 200) throw badUserInput('identifier', 'must be at most 200 characters');
    const { record: _record, ...verification } = await verifyLicence(em, identifier);
    return verification;
  }

  @Query(() => GraphQLJSONObject, { description: 'The public keys licences are signed with (JWKS), also at /.well-known/jwks.json.' })
  signingKeys(@Ctx() { em }: HubContext): Promise<{ keys: object[] }> {
    return publishedKeys(em);
  }

  @Mutation(() => String, {
    description: 'Retires the signing key and makes a new one; earlier licences still verify. Returns the new key id.',
  })
  @RequiresAuth(Role.ADMIN)
  async rotateSigningKey(@Ctx() { em }: HubContext): Promise<string> {
    return (await rotateSigningKey(em)).kid;
  }
}
