import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { forbidden } from '../domain/errors.js';
import { changeLicenceStatus, LicenceAction, lockLicence } from '../domain/licence/change-licence-status.js';
import { issueLicence } from '../domain/licence/issue-licence.js';
import { licenceActor } from '../domain/licence/licence-actor.js';
import { renewLockedLicence } from '../domain/licence/renew-licence.js';
import { applySourceStatus } from '../domain/licence/source-status.js';
import { useLicence } from '../domain/licence/use-licence.js';
import { Licence } from '../entities/licence.js';
import { LicenceUse } from '../entities/licence-use.js';
import { RequiresAuth } from '../schema/auth.js';
import { IssueLicenceInput, RenewLicenceInput } from '../schema/licence.types.js';
import type { HubContext } from '../schema/context.js';

const ACTORS = [Role.CLERK, Role.SYSTEM];

/** Issue and life of a licence: only its issuing department acts on it; every act is in its history. */
@Resolver(() => Licence)
export class LicenceMutationResolver {
  @Mutation(() => Licence, { description: 'Issues a licence of a type this department issues, signed by the hub.' })
  @RequiresAuth(...ACTORS)
  async issueLicence(@Arg('input') input: IssueLicenceInput, @Ctx() context: HubContext): Promise<Licence> {
    return issueLicence(context.em, actorOf(context), input);
  }

  @Mutation(() => Licence, { description: 'Suspends (暂扣) a valid licence.' })
  @RequiresAuth(...ACTORS)
  suspendLicence(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() context: HubContext,
    @Arg('document', () => String, { nullable: true }) document?: string | null,
  ) {
    return changeLicenceStatus(context.em, actorOf(context), { id, action: LicenceAction.SUSPEND, reason, document });
  }

  @Mutation(() => Licence, { description: 'Lifts a suspension.' })
  @RequiresAuth(...ACTORS)
  reinstateLicence(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() context: HubContext,
    @Arg('document', () => String, { nullable: true }) document?: string | null,
  ) {
    return changeLicenceStatus(context.em, actorOf(context), { id, action: LicenceAction.REINSTATE, reason, document });
  }

  @Mutation(() => Licence, { description: 'Revokes (撤销/吊销) a licence.' })
  @RequiresAuth(...ACTORS)
  revokeLicence(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() context: HubContext,
    @Arg('document', () => String, { nullable: true }) document?: string | null,
  ) {
    return changeLicenceStatus(context.em, actorOf(context), { id, action: LicenceAction.REVOKE, reason, document });
  }

  @Mutation(() => Licence, { description: 'Cancels (注销) a licence.' })
  @RequiresAuth(...ACTORS)
  cancelLicence(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() context: HubContext,
    @Arg('document', () => String, { nullable: true }) document?: string | null,
  ) {
    return changeLicenceStatus(context.em, actorOf(context), { id, action: LicenceAction.CANCEL, reason, document });
  }

  @Mutation(() => Licence, { description: 'Renews (换证) a valid or expired licence as its next version; returns the new version.' })
  @RequiresAuth(...ACTORS)
  async renewLicence(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: RenewLicenceInput,
    @Ctx() context: HubContext,
  ): Promise<Licence> {
    return context.em.transactional(async (tx) => renewLockedLicence(tx, actorOf(context), await lockLicence(tx, id), input));
  }

  @Mutation(() => Licence, {
    description: "Applies a status reported by the issuer's own system in its own code (mapped by the licence type).",
  })
  @RequiresAuth(Role.SYSTEM)
  async recordLicenceSourceStatus(
    @Arg('id', () => ID) id: string,
    @Arg('sourceStatusCode') sourceStatusCode: string,
    @Arg('reason') reason: string,
    @Ctx() context: HubContext,
  ): Promise<Licence> {
    const actor = actorOf(context);
    return context.em.transactional(async (tx) => {
      const licence = await lockLicence(tx, id);
      await applySourceStatus(
        tx,
        actor,
        licence,
        { sourceStatusCode, reason, unchanged: 'refuse' },
        { id: 'id', sourceStatusCode: 'sourceStatusCode' },
      );
      return licence;
    });
  }

  @Mutation(() => LicenceUse, {
    description:
      'Uses a licence for a case (用证): checks it and records the use. A licence not in force is refused (FORBIDDEN), and the refusal is recorded too.',
  })
  @RequiresAuth(...ACTORS)
  useLicence(
    @Arg('identifier') identifier: string,
    @Arg('matterCode') matterCode: string,
    @Arg('caseNo') caseNo: string,
    @Arg('purpose', { description: 'The reason (申请事由), limited to the matter at hand.' }) purpose: string,
    @Ctx() context: HubContext,
  ): Promise<LicenceUse> {
    return useLicence(context.em, actorOf(context), { identifier, matterCode, caseNo, purpose });
  }
}

function actorOf(context: HubContext) {
  if (!context.principal) throw forbidden('a credential is required');
  return licenceActor(context.principal);
}
