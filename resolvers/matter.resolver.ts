import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { addMatter } from '../domain/catalog/add-matter.js';
import { adjustMatter } from '../domain/catalog/adjust-matter.js';
import { assertMayChangeCatalog, recorderLabel } from '../domain/catalog/catalog-permission.js';
import { findMatterOn, findMatters, resolveAsOf } from '../domain/catalog/find-matters.js';
import { MATTER_CATEGORY_LABELS } from '../entities/matter-category.js';
import { MATTER_KIND_LABELS } from '../entities/matter-kind.js';
import { Role } from '../entities/role.js';
import { Department } from '../entities/department.js';
import { MatterVersion } from '../entities/matter-version.js';
import { RequiresAuth } from '../schema/auth.js';
import { AddMatterInput, AdjustMatterInput, MatterFilterInput } from '../schema/catalog/matter.inputs.js';
import { ConnectionType, toConnection, type ConnectionShape } from '../schema/connection.js';
import type { HubContext } from '../schema/context.js';

export const MatterConnection = ConnectionType('Matter', MatterVersion);

@Resolver(() => MatterVersion)
export class MatterResolver {
  @Query(() => MatterConnection, { description: 'The matters catalog as it stood on `asOf` (default: today in China), by code.' })
  @RequiresAuth()
  async matters(
    @Ctx() { em }: HubContext,
    @Arg('asOf', () => String, { nullable: true, description: 'YYYY-MM-DD' }) asOf: string | null,
    @Arg('filter', () => MatterFilterInput, { nullable: true }) filter: MatterFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ConnectionShape<MatterVersion>> {
    return toConnection(await findMatters(em, { asOf, filter, first, after }), after);
  }

  @Query(() => MatterVersion, {
    nullable: true,
    description: 'One matter as it stood on `asOf` (default today), with its adjustment history; null if it did not exist then.',
  })
  @RequiresAuth()
  matter(
    @Ctx() { em }: HubContext,
    @Arg('code') code: string,
    @Arg('asOf', () => String, { nullable: true, description: 'YYYY-MM-DD' }) asOf: string | null,
  ): Promise<MatterVersion | null> {
    return findMatterOn(em, code, resolveAsOf(asOf));
  }

  @Mutation(() => MatterVersion, {
    description: 'Adds a matter to the catalog (新增) from the effective date of the document that adds it.',
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  addMatter(@Arg('input') input: AddMatterInput, @Ctx() { em, principal }: HubContext): Promise<MatterVersion> {
    assertMayChangeCatalog(principal!, input.departmentCode, 'input.departmentCode');
    return addMatter(em, input, recorderLabel(principal!));
  }

  @Mutation(() => MatterVersion, {
    description:
      'Records an adjustment (取消, 下放, 调整) ordered by a document; returns the new version. Earlier versions are kept as history.',
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  adjustMatter(@Arg('input') input: AdjustMatterInput, @Ctx() { em, principal }: HubContext): Promise<MatterVersion> {
    return adjustMatter(em, input, recorderLabel(principal!), (departmentCode) =>
      assertMayChangeCatalog(principal!, departmentCode, 'input.code'),
    );
  }

  @FieldResolver(() => Department)
  department(@Root() version: MatterVersion, @Ctx() { loaders }: HubContext): Promise<Department | null> {
    return loaders.departmentById.load(version.department.id);
  }

  @FieldResolver(() => String, { description: 'The category in Chinese, e.g. 行政许可.' })
  categoryLabel(@Root() version: MatterVersion): string {
    return MATTER_CATEGORY_LABELS[version.category];
  }

  @FieldResolver(() => String, { description: '即办件 or 承诺件.' })
  kindLabel(@Root() version: MatterVersion): string {
    return MATTER_KIND_LABELS[version.kind];
  }

  @FieldResolver(() => Boolean, { description: 'Whether the matter charges no fee (不收费).' })
  free(@Root() version: MatterVersion): boolean {
    return version.fees.length === 0;
  }

  @FieldResolver(() => [MatterVersion], {
    description: 'Every version of the matter, oldest first: each adjustment with its document, date and state.',
  })
  history(@Root() version: MatterVersion, @Ctx() context: HubContext): Promise<MatterVersion[]> {
    return context.loaders.historyByMatterId.load(version.matter.id);
  }
}
