import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { forbidden } from '../domain/errors.js';
import { effectiveStatus } from '../domain/licence/effective-status.js';
import { LicenceStatus } from '../entities/licence-status.js';
import { Department } from '../entities/department.js';
import { Licence } from '../entities/licence.js';
import { LicenceStatusChange } from '../entities/licence-status-change.js';
import { LicenceType } from '../entities/licence-type.js';
import { LicenceUse } from '../entities/licence-use.js';
import type { HubContext } from '../schema/context.js';
import { departmentScope } from '../domain/sharing/decide.js';
import { sharingStateOf } from '../schema/sharing-state.js';
import { isOwnRecord } from '../domain/sharing/record-facts.js';
import { referenceDataOf } from '../domain/reference-data/reference-data.js';

/** A licence's computed and related fields, batched per request. */
@Resolver(() => Licence)
export class LicenceResolver {
  @FieldResolver(() => Department, { description: 'The issuing department (颁发机构).' })
  async issuer(@Root() licence: Licence, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(licence.issuer.id))!;
  }

  @FieldResolver(() => LicenceStatus, { description: 'The status at this instant: past its last day, a valid licence is EXPIRED.' })
  status(@Root() licence: Licence): LicenceStatus {
    return effectiveStatus(licence);
  }

  @FieldResolver(() => LicenceType)
  type(@Root() licence: Licence, @Ctx() { em, loaders }: HubContext): LicenceType | Promise<LicenceType> {
    const read = referenceDataOf(em)?.licenceTypeRead(licence.licenceTypeCode);
    if (read) return read;
    return loaders.licenceTypeByCode.load(licence.licenceTypeCode) as Promise<LicenceType>;
  }

  @FieldResolver(() => [LicenceStatusChange], { description: 'Issue, suspensions, revocation … oldest first.' })
  statusHistory(@Root() licence: Licence, @Ctx() { loaders }: HubContext): Promise<LicenceStatusChange[]> {
    return loaders.statusChangesByLicenceId.load(licence.id);
  }

  @FieldResolver(() => [LicenceUse], {
    description: 'Every use of it by a department (用证); for its issuer, administrators and its holder.',
  })
  uses(@Root() licence: Licence, @Ctx() context: HubContext): Promise<LicenceUse[]> {
    const reader = sharingStateOf(context).reader;
    const scope = departmentScope(reader);
    const ownLicence = isOwnRecord('Licence', licence, reader) === true;
    // Who used a licence, when and why is the issuer's and the holder's business, and the administrators' to oversee; not a screen's.
    const mayRead = ownLicence || reader.kind === 'ADMIN' || (scope.kind === 'own' && scope.departmentId === licence.issuer.id);
    if (!mayRead) throw forbidden('only the issuing department, administrators and the holder see the uses of a licence', 'uses');
    return context.loaders.usesByLicenceId.load(licence.id);
  }
}
