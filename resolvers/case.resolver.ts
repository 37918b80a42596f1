import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../entities/role.js';
import { acceptCase } from '../domain/cases/accept-case.js';
import { isEarly, isOnTime, isOverdue } from '../domain/cases/case-outcome.js';
import { caseStats } from '../domain/cases/case-stats.js';
import {
  completeCase,
  receiveMissingMaterials,
  rejectCase,
  resumeCase,
  startCase,
  suspendCase,
  withdrawCase,
  type CaseStepInput as StepInput,
} from '../domain/cases/case-transitions.js';
import { findCase, findCases } from '../domain/cases/find-cases.js';
import { ServiceCase } from '../entities/case.js';
import { CaseStatusChange } from '../entities/case-status-change.js';
import { Department } from '../entities/department.js';
import { MatterVersion } from '../entities/matter-version.js';
import { RequiresAuth } from '../schema/auth.js';
import { AcceptCaseInput, CasesFilter, CaseStatsFilter, CaseStepInput } from '../schema/cases/case.inputs.js';
import { CaseStats } from '../schema/cases/case-stats.type.js';
import { ConnectionType, toConnection, type ConnectionShape } from '../schema/connection.js';
import type { HubContext } from '../schema/context.js';

const CaseConnection = ConnectionType('Case', ServiceCase);
const READERS = [Role.ADMIN, Role.DASHBOARD, Role.SYSTEM, Role.CLERK];
const REPORTERS = [Role.SYSTEM, Role.CLERK];

type Step = (em: HubContext['em'], principal: NonNullable<HubContext['principal']>, input: StepInput) => Promise<ServiceCase>;

@Resolver(() => ServiceCase)
export class CaseResolver {
  @Query(() => ServiceCase, {
    nullable: true,
    description: "A case by its number; another department's case reads as null for a department's own systems.",
  })
  @RequiresAuth(...READERS)
  case(@Arg('caseNo') caseNo: string, @Ctx() { em, principal }: HubContext): Promise<ServiceCase | null> {
    return findCase(em, principal!, caseNo);
  }

  @Query(() => CaseConnection, { description: 'Cases, newest acceptance first.' })
  @RequiresAuth(...READERS)
  async cases(
    @Ctx() { em, principal }: HubContext,
    @Arg('filter', () => CasesFilter, { nullable: true }) filter?: CasesFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–500 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<ServiceCase>> {
    return toConnection(await findCases(em, principal!, filter, { first, after }), after);
  }

  @Query(() => CaseStats, {
    description: 'Accepted, completed, on-time and early rates, overdue, average working days and speed-up, computed by the database.',
  })
  @RequiresAuth(...READERS)
  caseStats(@Arg('filter', () => CaseStatsFilter) filter: CaseStatsFilter, @Ctx() { em, principal }: HubContext): Promise<CaseStats> {
    return caseStats(em, principal!, filter);
  }

  @Mutation(() => ServiceCase, {
    description: "受理: records an accepted case of one of the department's matters; the due dates are fixed on the working-day calendar.",
  })
  @RequiresAuth(...REPORTERS)
  acceptCase(@Arg('input') input: AcceptCaseInput, @Ctx() { em, principal }: HubContext): Promise<ServiceCase> {
    return acceptCase(em, principal!, input);
  }

  @Mutation(() => ServiceCase, { description: '开始办理: ACCEPTED → IN_PROGRESS.' })
  @RequiresAuth(...REPORTERS)
  startCase(@Arg('input') input: CaseStepInput, @Ctx() context: HubContext): Promise<ServiceCase> {
    return step(startCase, input, context);
  }

  @Mutation(() => ServiceCase, { description: '补正: stops the clock until the corrected materials arrive; a reason is required.' })
  @RequiresAuth(...REPORTERS)
  suspendCase(@Arg('input') input: CaseStepInput, @Ctx() context: HubContext): Promise<ServiceCase> {
    return step(suspendCase, input, context);
  }

  @Mutation(() => ServiceCase, {
    description: 'Corrected materials received: SUSPENDED → IN_PROGRESS; the due dates move by the working days suspended.',
  })
  @RequiresAuth(...REPORTERS)
  resumeCase(@Arg('input') input: CaseStepInput, @Ctx() context: HubContext): Promise<ServiceCase> {
    return step(resumeCase, input, context);
  }

  @Mutation(() => ServiceCase, { description: '办结: IN_PROGRESS → COMPLETED; records the working days taken.' })
  @RequiresAuth(...REPORTERS)
  completeCase(@Arg('input') input: CaseStepInput, @Ctx() context: HubContext): Promise<ServiceCase> {
    return step(completeCase, input, context);
  }

  @Mutation(() => ServiceCase, { description: '不予许可: a decision against the applicant, with its reason (counted as 办结).' })
  @RequiresAuth(...REPORTERS)
  rejectCase(@Arg('input') input: CaseStepInput, @Ctx() context: HubContext): Promise<ServiceCase> {
    return step(rejectCase, input, context);
  }

  @Mutation(() => ServiceCase, { description: '撤回: the applicant withdrew, with the reason.' })
  @RequiresAuth(...REPORTERS)
  withdrawCase(@Arg('input') input: CaseStepInput, @Ctx() context: HubContext): Promise<ServiceCase> {
    return step(withdrawCase, input, context);
  }

  @Mutation(() => ServiceCase, { description: '容缺: the materials accepted as missing were handed in.' })
  @RequiresAuth(...REPORTERS)
  receiveMissingMaterials(@Arg('input') input: CaseStepInput, @Ctx() { em, principal }: HubContext): Promise<ServiceCase> {
    return receiveMissingMaterials(em, principal!, input);
  }

  @FieldResolver(() => MatterVersion, { description: 'The matter as it stood on the day of acceptance.' })
  async matter(@Root() serviceCase: ServiceCase, @Ctx() context: HubContext): Promise<MatterVersion> {
    return (await context.loaders.matterVersionById.load(serviceCase.matterVersion.id))!;
  }

  @FieldResolver(() => Department)
  async department(@Root() serviceCase: ServiceCase, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(serviceCase.department.id))!;
  }

  @FieldResolver(() => [CaseStatusChange], { description: 'Every status the case went through, oldest first.' })
  statusHistory(@Root() serviceCase: ServiceCase, @Ctx() context: HubContext): Promise<CaseStatusChange[]> {
    return context.loaders.historyByCaseId.load(serviceCase.id);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Decided on or before the due date; null while undecided.' })
  onTime(@Root() serviceCase: ServiceCase): boolean | null {
    return isOnTime(serviceCase);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Decided in fewer working days than promised; null while undecided.' })
  early(@Root() serviceCase: ServiceCase): boolean | null {
    return isEarly(serviceCase);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Decided after the due date, or still open with its clock running after it (超期); a case whose clock is stopped for correction (补正) is not overdue.',
  })
  overdue(@Root() serviceCase: ServiceCase): boolean {
    return isOverdue(serviceCase);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the clock is stopped for correction (补正) now.' })
  clockStopped(@Root() serviceCase: ServiceCase): boolean {
    return serviceCase.suspensions.some((period) => period.to === null);
  }
}

function step(take: Step, input: CaseStepInput, context: HubContext): Promise<ServiceCase> {
  return take(context.em, context.principal!, input);
}
