import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { catalogStats, type CatalogStats as CatalogCounts } from '../domain/catalog/catalog-stats.js';
import { resolveAsOf } from '../domain/catalog/find-matters.js';
import { Department } from '../entities/department.js';
import { RequiresAuth } from '../schema/auth.js';
import { CatalogStats, DepartmentCatalogStats } from '../schema/catalog/catalog-stats.type.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => DepartmentCatalogStats)
export class CatalogStatsResolver {
  @Query(() => CatalogStats, {
    description: 'Matters in force on `asOf` (default today) by category and department, as the reports count them.',
  })
  @RequiresAuth()
  catalogStats(
    @Ctx() { em }: HubContext,
    @Arg('asOf', () => String, { nullable: true, description: 'YYYY-MM-DD' }) asOf: string | null,
  ): Promise<CatalogCounts> {
    return catalogStats(em, resolveAsOf(asOf));
  }

  @FieldResolver(() => Department)
  department(@Root() stats: DepartmentCatalogStats, @Ctx() { loaders }: HubContext): Promise<Department | null> {
    return loaders.departmentById.load(stats.departmentId);
  }
}
