import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../entities/role.js';
import { countLicencesIssued, type LicenceCounts } from '../domain/licence/licence-counts.js';
import { RequiresAuth } from '../schema/auth.js';
import { LicenceCountsType } from '../schema/licence.types.js';
import type { HubContext } from '../schema/context.js';
import { figuresOrThrow, type FigureSource } from '../domain/live-counts/live-figures.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.CLERK, Role.SYSTEM];

/** The centre's licence figures: the same for every watcher, so all share one count. */
const licenceFigures: FigureSource<LicenceCounts> = {
  key: 'licenceCounts',
  // A registration issues the business licence in its own transaction, and announces only itself.
  concerns: (change) => change.kind === 'licence' || change.kind === 'registration',
  compute: (em) => countLicencesIssued(em),
};

@Resolver()
export class LicenceCountsResolver {
  @Query(() => LicenceCountsType, { description: 'Licences issued today (Asia/Shanghai), by type.' })
  @RequiresAuth(...WATCHERS)
  licenceCounts(@Ctx() { em }: HubContext): Promise<LicenceCounts> {
    return countLicencesIssued(em);
  }

  @Subscription(() => LicenceCountsType, {
    name: 'licenceCounts',
    description:
      'Licences issued today: the figures at once, then after issues and registrations commit, at most four times a second and always ending on the latest.',
    subscribe: ({ context }) => (context as HubContext).liveFigures.watch(licenceFigures),
  })
  @RequiresAuth(...WATCHERS)
  licenceCountsChanged(@Root() figures: LicenceCounts | Error): LicenceCounts {
    return figuresOrThrow(figures);
  }
}
