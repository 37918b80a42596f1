import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReaderKind } from '../../domain/sharing/reader.js';
import { SharingPolicySnapshot, type FieldRule } from '../../domain/sharing/sharing-policy-snapshot.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import { buildHubSchema } from '../../server/build-schema.js';
import type { HubContext } from '../../schema/context.js';
import { answerUnderPlan, freeReadPlanner, type ReadPlan } from '../../schema/free-read-plan.js';
import { AccessLogCollector } from '../../domain/access-log/access-log-collector.js';
import { beneathReadGuard } from '../../schema/sharing-enforcement.js';
import { createHubPubSub } from '../../support/pubsub.js';

const rule = (typeName: string, fieldName: string, level: SharingLevel): FieldRule => ({ typeName, fieldName, level, ownerCode: 'SCJG' });

const policy = new SharingPolicySnapshot(
  [
    rule('Enterprise', 'name', SharingLevel.UNCONDITIONAL),
    rule('Enterprise', 'legalRepresentativeIdNumber', SharingLevel.PERSONAL),
    rule('Enterprise', 'taxStatus', SharingLevel.CONDITIONAL),
    rule('Enterprise', 'address', SharingLevel.NOT_SHARED),
  ],
  [],
);

/** What the planner reads of a request's context: the policy now and who reads. */
const contextOf = (kind: ReaderKind, current: SharingPolicySnapshot = policy) =>
  ({
    sharing: { current },
    sharingState: { reader: { kind, departmentCode: null, departmentId: null, enterpriseUscc: null } },
  }) as unknown as HubContext;

const field = (schema: GraphQLSchema, typeName: string, fieldName: string) => {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  return type.getFields()[fieldName]!;
};

describe('queries planned per reader and policy snapshot (schema/free-read-plan.ts)', () => {
  let schema: GraphQLSchema;
  let planned: (context: HubContext) => GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema(createHubPubSub());
    const planFor = freeReadPlanner(schema);
    planned = (context) => planFor(context).schema;
  });

  it('reads an unconditional property inline, without the guard or any resolver', () => {
    const plan = planned(contextOf('DEPARTMENT'));
    expect(plan).not.toBe(schema);
    expect(beneathReadGuard(field(schema, 'Enterprise', 'name').resolve)).toBeDefined();
    expect(field(plan, 'Enterprise', 'name').resolve).toBeUndefined();
    // Unlisted fields are unconditional too.
    expect(field(plan, 'Licence', 'number').resolve).toBeUndefined();
  });

  it('calls an unconditional field resolver without the guard above it', () => {
    const plan = planned(contextOf('DEPARTMENT'));
    const guard = field(schema, 'Enterprise', 'licences').resolve;
    expect(field(plan, 'Enterprise', 'licences').resolve).toBe(beneathReadGuard(guard)!.beneath);
  });

  it.each([
    ['personal', 'Enterprise', 'legalRepresentativeIdNumber'],
    ['conditional', 'Enterprise', 'taxStatus'],
    ['not shared', 'Enterprise', 'address'],
    ['standing for another field', 'EnterpriseChange', 'oldValue'],
  ])('keeps the guard on a %s field, to decide it as it is read', (_case, typeName, fieldName) => {
    for (const kind of ['DEPARTMENT', 'ADMIN', 'DASHBOARD', 'ANONYMOUS'] as const) {
      expect(field(planned(contextOf(kind)), typeName, fieldName).resolve).toBe(field(schema, typeName, fieldName).resolve);
    }
  });

  it('keeps every resolver of a field with arguments (cleaned before the guard) and of the root types', () => {
    const plan = planned(contextOf('DEPARTMENT'));
    const withArguments = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).map((one) => [type.name, one] as const))
      .filter(([typeName, one]) => !typeName.startsWith('__') && one.args.length > 0);
    expect(withArguments.length).toBeGreaterThan(10);
    for (const [typeName, one] of withArguments) expect(field(plan, typeName, one.name).resolve).toBe(one.resolve);
    expect(field(plan, 'Query', 'enterprise').resolve).toBe(field(schema, 'Query', 'enterprise').resolve);
  });

  it('plans nothing for an enterprise, whose every record is checked, nor without a policy', () => {
    expect(planned(contextOf('ENTERPRISE'))).toBe(schema);
    expect(planned({} as HubContext)).toBe(schema);
  });

  it('plans once per snapshot and reader kind, and anew when the policy changes', () => {
    expect(planned(contextOf('DEPARTMENT'))).toBe(planned(contextOf('DEPARTMENT')));
    expect(planned(contextOf('DASHBOARD'))).not.toBe(planned(contextOf('DEPARTMENT')));

    const nameWithheld = new SharingPolicySnapshot([rule('Enterprise', 'name', SharingLevel.CONDITIONAL)], []);
    const replanned = planned(contextOf('DEPARTMENT', nameWithheld));
    expect(replanned).not.toBe(planned(contextOf('DEPARTMENT')));
    expect(field(replanned, 'Enterprise', 'name').resolve).toBe(field(schema, 'Enterprise', 'name').resolve);
    expect(field(replanned, 'Enterprise', 'taxStatus').resolve).not.toBe(field(schema, 'Enterprise', 'taxStatus').resolve);
  });
});

describe('a query during which the policy changed (answerUnderPlan)', () => {
  const plan: ReadPlan = { schema: {} as GraphQLSchema, policy };
  const requestWith = (noted: AccessLogCollector) =>
    ({ sharing: { current: policy }, accessLog: noted }) as unknown as HubContext & { sharing: { current: SharingPolicySnapshot } };

  it('keeps the planned answer while the policy stays the one it was planned under', async () => {
    const context = requestWith(new AccessLogCollector());
    const answer = await answerUnderPlan(
      context,
      plan,
      async () => 'planned',
      async () => 'guarded',
    );
    expect(answer).toBe('planned');
  });

  it('answers again, guarded, when the policy changed while it ran, forgetting only what the planned run noted', async () => {
    const noted = new AccessLogCollector();
    noted.recordRead('Enterprise', 'e-1', null, 'name');
    const context = requestWith(noted);
    const answer = await answerUnderPlan(
      context,
      plan,
      async () => {
        context.accessLog.recordRead('Enterprise', 'e-2', null, 'taxStatus');
        context.sharing.current = new SharingPolicySnapshot([], []);
        return 'planned';
      },
      async () => 'guarded',
    );
    expect(answer).toBe('guarded');
    const kept = new AccessLogCollector();
    kept.recordRead('Enterprise', 'e-1', null, 'name');
    expect(context.accessLog).toEqual(kept);
  });

  it('runs an unplanned query once, as it is', async () => {
    const context = requestWith(new AccessLogCollector());
    let runs = 0;
    const answer = await answerUnderPlan(
      context,
      { schema: {} as GraphQLSchema, policy: null },
      async () => {
        runs++;
        context.sharing.current = new SharingPolicySnapshot([], []);
        return 'guarded from the start';
      },
      async () => 'again',
    );
    expect([answer, runs]).toEqual(['guarded from the start', 1]);
  });
});
