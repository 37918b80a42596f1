import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../domain/errors.js';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { certificatesInForce } from '../domain/registration/integrated-certificates.js';
import { isPlainDate, todayInShanghai } from '../domain/working-days.js';
import { Department } from '../entities/department.js';
import { IntegratedCertificate } from '../entities/integrated-certificate.js';
import { RequiresAuth } from '../schema/auth.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => IntegratedCertificate)
export class IntegratedCertificateResolver {
  @Query(() => [IntegratedCertificate], {
    description: 'The certificates the business licence of a kind of entity integrates on a date (today by default).',
  })
  @RequiresAuth()
  integratedCertificates(
    @Arg('kind', () => EnterpriseKind) kind: EnterpriseKind,
    @Ctx() { em }: HubContext,
    @Arg('date', () => String, { nullable: true }) date?: string | null,
  ): Promise<IntegratedCertificate[]> {
    if (date && !isPlainDate(date)) throw badUserInput('date', 'must be a calendar date YYYY-MM-DD');
    return certificatesInForce(em, kind, date ?? todayInShanghai());
  }

  @FieldResolver(() => Department)
  async department(@Root() certificate: IntegratedCertificate, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(certificate.department.id))!;
  }
}
