import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReaderKind } from '../../domain/sharing/reader.js';
import { SharingPolicySnapshot, type FieldRule } from '../../domain/sharing/sharing-policy-snapshot.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import { buildHubSchema } from '../../server/build-schema.js';
import type { HubContext } from '../../schema/context.js';
import { freeReadPlanner } from '../../schema/free-read-plan.js';
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
  let planFor: ReturnType<typeof freeReadPlanner>;
  beforeAll(async () => {
    schema = await buildHubSchema(createHubPubSub());
    planFor = freeReadPlanner(schema);
  });

  it('reads an unconditional property inline, without the guard or any resolver', () => {
    const plan = planFor(contextOf('DEPARTMENT'));
    expect(plan).not.toBe(schema);
    expect(beneathReadGuard(field(schema, 'Enterprise', 'name').resolve)).toBeDefined();
    expect(field(plan, 'Enterprise', 'name').resolve).toBeUndefined();
    // Unlisted fields are unconditional too.
    expect(field(plan, 'Licence', 'number').resolve).toBeUndefined();
  });

  it('calls an unconditional field resolver without the guard above it', () => {
    const plan = planFor(contextOf('DEPARTMENT'));
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
      expect(field(planFor(contextOf(kind)), typeName, fieldName).resolve).toBe(field(schema, typeName, fieldName).resolve);
    }
  });

  it('keeps every resolver of a field with arguments (cleaned before the guard) and of the root types', () => {
    const plan = planFor(contextOf('DEPARTMENT'));
    const withArguments = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).map((one) => [type.name, one] as const))
      .filter(([typeName, one]) => !typeName.startsWith('__') && one.args.length > 0);
    expect(withArguments.length).toBeGreaterThan(10);
    for (const [typeName, one] of withArguments) expect(field(plan, typeName, one.name).resolve).toBe(one.resolve);
    expect(field(plan, 'Query', 'enterprise').resolve).toBe(field(schema, 'Query', 'enterprise').resolve);
  });

  it('plans nothing for an enterprise, whose every record is checked, nor without a policy', () => {
    expect(planFor(contextOf('ENTERPRISE'))).toBe(schema);
    expect(planFor({} as HubContext)).toBe(schema);
  });

  it('plans once per snapshot and reader kind, and anew when the policy changes', () => {
    expect(planFor(contextOf('DEPARTMENT'))).toBe(planFor(contextOf('DEPARTMENT')));
    expect(planFor(contextOf('DASHBOARD'))).not.toBe(planFor(contextOf('DEPARTMENT')));

    const nameWithheld = new SharingPolicySnapshot([rule('Enterprise', 'name', SharingLevel.CONDITIONAL)], []);
    const replanned = planFor(contextOf('DEPARTMENT', nameWithheld));
    expect(replanned).not.toBe(planFor(contextOf('DEPARTMENT')));
    expect(field(replanned, 'Enterprise', 'name').resolve).toBe(field(schema, 'Enterprise', 'name').resolve);
    expect(field(replanned, 'Enterprise', 'taxStatus').resolve).not.toBe(field(schema, 'Enterprise', 'taxStatus').resolve);
  });
});
