import { Arg, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../entities/role.js';
import { CASE_ALERT, currentAlerts, type CaseAlert as Alert } from '../domain/cases/case-alerts.js';
import { departmentScope } from '../domain/cases/case-scope.js';
import { unauthenticated } from '../domain/errors.js';
import { RequiresAuth } from '../schema/auth.js';
import { CaseAlert } from '../schema/cases/case-alert.type.js';
import type { HubContext } from '../schema/context.js';
import { boundedStream } from '../support/shared-pubsub.js';

const WATCHERS = [Role.ADMIN, Role.DASHBOARD, Role.SYSTEM, Role.CLERK];

@Resolver()
export class CaseAlertsResolver {
  @Query(() => [CaseAlert], { description: 'Open cases on their last working day or overdue now, earliest due first (at most 200).' })
  @RequiresAuth(...WATCHERS)
  caseAlerts(
    @Ctx() { em, principal }: HubContext,
    @Arg('departmentCode', () => String, {
      nullable: true,
      description: "Absent: the whole centre (a department's own systems: their department).",
    })
    departmentCode?: string | null,
  ): Promise<Alert[]> {
    return currentAlerts(em, departmentScope(principal!, departmentCode, 'departmentCode'));
  }

  @Subscription(() => CaseAlert, {
    name: 'caseAlerts',
    description: 'Cases as they enter their last working day or go overdue, raised by the hub’s scheduler (not a client poll).',
    subscribe: ({ args, context }) => {
      const { principal, pubSub } = context as HubContext;
      if (!principal) throw unauthenticated('caseAlerts needs a credential');
      const department = departmentScope(principal, args.departmentCode as string | null | undefined, 'departmentCode');
      // A screen that falls more than 500 alerts behind loses the oldest, not the hub its memory.
      return boundedStream<Alert>(pubSub, CASE_ALERT, (alert) => department === null || alert.departmentCode === department, 500);
    },
  })
  @RequiresAuth(...WATCHERS)
  caseAlertRaised(@Root() alert: Alert, @Arg('departmentCode', () => String, { nullable: true }) _departmentCode?: string | null): Alert {
    return alert;
  }
}
