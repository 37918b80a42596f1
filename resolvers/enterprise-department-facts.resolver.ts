import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Enterprise } from '../entities/enterprise.js';
import type { HubContext } from '../schema/context.js';

/**
 * What other departments' systems know about a registered enterprise, sent in through their
 * connectors: each field is written by its one source department (一数一源) and read by all, under
 * the sharing policy like any registry field. Null until the source has sent it.
 */
@Resolver(() => Enterprise)
export class EnterpriseDepartmentFactsResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Taxpayer type (纳税人类型): GENERAL or SMALL_SCALE. Source: 税务 (SW).' })
  taxpayerType(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<string | null> {
    return fact(enterprise, context, 'taxpayerType');
  }

  @FieldResolver(() => String, { nullable: true, description: 'The tax office in charge (主管税务机关). Source: 税务 (SW).' })
  taxAuthority(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<string | null> {
    return fact(enterprise, context, 'taxAuthority');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Tax registration status: NORMAL, NON_FILING (非正常户) or CANCELLED. Source: 税务 (SW).',
  })
  taxStatus(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<string | null> {
    return fact(enterprise, context, 'taxStatus');
  }

  @FieldResolver(() => String, { nullable: true, description: 'Social-insurance registration number (社保登记号). Source: 人社 (RS).' })
  socialInsuranceAccount(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<string | null> {
    return fact(enterprise, context, 'socialInsuranceAccount');
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Insured employees (参保人数). Source: 人社 (RS).' })
  insuredEmployees(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<number | null> {
    return fact(enterprise, context, 'insuredEmployees');
  }

  @FieldResolver(() => String, { nullable: true, description: 'Statistics unit code (统计单位代码). Source: 统计 (TJ).' })
  statisticsUnitCode(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<string | null> {
    return fact(enterprise, context, 'statisticsUnitCode');
  }
}

/** The fields above: a query selecting any of them reads the enterprise's department facts. */
export const DEPARTMENT_FACT_FIELDS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(EnterpriseDepartmentFactsResolver.prototype).filter((name) => name !== 'constructor'),
);

async function fact<T>(enterprise: Enterprise, context: HubContext, field: string): Promise<T | null> {
  const facts = await context.loaders.departmentFactsByUscc.load(enterprise.uscc);
  return (facts[field] as T | undefined) ?? null;
}
