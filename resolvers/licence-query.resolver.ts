import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { badUserInput, forbidden, notFound } from '../domain/errors.js';
import { recordSubject } from '../domain/access-log/record-subject.js';
import { decide } from '../domain/sharing/decide.js';
import { holderFilterScope } from '../domain/sharing/personal-filter.js';
import { personalFieldsOf } from '../domain/licence/licence-fields.js';
import { sharingStateOf } from '../schema/sharing-state.js';
import { licenceWhere } from '../domain/licence/licence-filter.js';
import { exportSignedLicence } from '../domain/licence/signed-document.js';
import { findPage } from '../domain/pagination.js';
import { Licence } from '../entities/licence.js';
import { LicenceType } from '../entities/licence-type.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { LicenceConnection, LicenceFilter, SignedLicence } from '../schema/licence.types.js';
import type { HubContext } from '../schema/context.js';

const READERS = [Role.ADMIN, Role.CLERK, Role.SYSTEM];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Resolver(() => Licence)
export class LicenceQueryResolver {
  @Query(() => Licence, { nullable: true })
  @RequiresAuth(...READERS)
  licence(@Arg('id', () => ID) id: string, @Ctx() { em }: HubContext): Promise<Licence | null> {
    if (!UUID.test(id)) throw badUserInput('id', 'is not a licence id');
    return em.findOne(Licence, { id });
  }

  @Query(() => Licence, { nullable: true, description: 'A licence by its GB/T 36904 identifier.' })
  @RequiresAuth(...READERS)
  licenceByIdentifier(@Arg('identifier') identifier: string, @Ctx() { em }: HubContext): Promise<Licence | null> {
    return em.findOne(Licence, { identifier: identifier.trim() });
  }

  @Query(() => LicenceConnection, { description: 'Licences, most recently issued first.' })
  @RequiresAuth(...READERS)
  async licences(
    @Ctx() context: HubContext,
    @Arg('filter', () => LicenceFilter, { nullable: true }) filter?: LicenceFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<Licence>> {
    let where = licenceWhere(filter);
    if (filter?.holderCode) {
      const scope = holderFilterScope(
        context.sharing.current,
        sharingStateOf(context).reader,
        filter.holderCode,
        context.purpose,
        'filter.holderCode',
      );
      if (scope.kind === 'issuedBy') where = { $and: [where, { issuer: scope.departmentId }] };
    }
    const page = await findPage(context.em, Licence, where, { issuedAt: 'desc', id: 'desc' }, { first, after });
    return toConnection(page, after);
  }

  @Query(() => SignedLicence, { description: 'The licence as a signed document (JSON and QR-code payload) for offline verification.' })
  @RequiresAuth(...READERS)
  async exportLicence(@Arg('id', () => ID) id: string, @Ctx() context: HubContext): Promise<SignedLicence> {
    const { em } = context;
    if (!UUID.test(id)) throw badUserInput('id', 'is not a licence id');
    const licence = await em.findOne(Licence, { id }, { populate: ['issuer'] });
    if (!licence) throw notFound('id', `no licence has id ${id}`);
    const type = await em.findOneOrFail(LicenceType, { code: licence.licenceTypeCode });
    // The signed document is the whole licence: its personal fields go only to whom may read them whole.
    checkWholeLicenceRead(context, licence, type);
    return { ...exportSignedLicence(licence, type, licence.issuer), jwksPath: '/.well-known/jwks.json' };
  }
}

/**
 * A signed licence cannot be cut field by field (the signature covers all of it), so exporting it is
 * a read of every field: refused, naming the fields, unless the sharing policy lets the caller read
 * each whole; the reads of personal data are logged like a query's.
 */
function checkWholeLicenceRead(context: HubContext, licence: Licence, type: LicenceType): void {
  const reader = sharingStateOf(context).reader;
  const withheld: string[] = [];
  const logged: string[] = [];
  // Own fields the type marks personal are what make `fields` personal; without them it reads whole.
  const personalParts = personalFieldsOf(type.fieldsSchema).length > 0 ? ['fields'] : [];
  for (const fieldName of ['holderCode', 'holderName', 'number', ...personalParts]) {
    const decision = decide(context.sharing.current, reader, 'Licence', fieldName, context.purpose, { record: licence });
    if (decision.kind !== 'allowed') withheld.push(fieldName);
    else if (decision.logged) logged.push(fieldName);
  }
  if (withheld.length > 0) {
    throw forbidden(
      `the signed licence carries personal data (个人信息) this credential may not read whole (Licence.${withheld.join(', Licence.')}); its issuer exports it, or a department with a grant for the stated purpose`,
      'id',
    );
  }
  const { recordId, subjectUscc } = recordSubject(licence);
  for (const fieldName of logged) context.accessLog.recordRead('Licence', recordId, subjectUscc, fieldName);
}
