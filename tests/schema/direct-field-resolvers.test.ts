import 'reflect-metadata';
import { graphql, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Ctx, Field, FieldResolver, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFieldsDirectly } from '../../schema/direct-field-resolvers.js';

@ObjectType('DirectReadPermit')
class Permit {
  @Field()
  code!: string;

  // The schema's name differs from the property's: the property is what is read.
  @Field({ name: 'holderName' })
  holder!: string;
}

@InputType('DirectReadSuffix')
class Suffix {
  @Field()
  text!: string;

  shout(): string {
    return this.text.toUpperCase();
  }
}

interface Context {
  desk: string;
}

const plainPermit = { code: 'P-2', holder: '乙' };

@Resolver(() => Permit)
class PermitResolver {
  @Query(() => [Permit])
  permits(): Permit[] {
    return [Object.assign(new Permit(), { code: 'P-1', holder: '甲' })];
  }

  @Query(() => Permit, { description: 'A plain object, not a Permit: type-graphql copies it into one for the field resolvers.' })
  plainPermit(): Permit {
    return plainPermit as Permit;
  }

  @FieldResolver(() => String)
  label(@Root() permit: Permit, @Ctx() context: Context): string {
    return `${permit instanceof Permit ? 'Permit' : 'plain'} ${permit.code} at ${context.desk}`;
  }

  @FieldResolver(() => String)
  suffixed(@Root() permit: Permit, @Arg('suffix', () => Suffix) suffix: Suffix): string {
    // A method taking arguments keeps type-graphql's resolver, which makes the input an instance of its class.
    return `${permit.code}-${suffix.shout()}`;
  }
}

describe('fields resolved directly instead of through type-graphql’s per-call wrapper', () => {
  let typeGraphQL: GraphQLSchema;
  let direct: GraphQLSchema;
  beforeAll(async () => {
    const build = () => buildSchema({ resolvers: [PermitResolver], validate: false });
    typeGraphQL = await build();
    direct = resolveFieldsDirectly(await build(), [PermitResolver]);
  });

  const run = (schema: GraphQLSchema, source: string) => graphql({ schema, source, contextValue: { desk: '窗口3' } satisfies Context });

  it('answers every kind of field as type-graphql does', async () => {
    const query = `{
      permits { code holderName label suffixed(suffix: { text: "ab" }) }
      plainPermit { code holderName label }
    }`;
    const expected = {
      data: {
        permits: [{ code: 'P-1', holderName: '甲', label: 'Permit P-1 at 窗口3', suffixed: 'P-1-AB' }],
        plainPermit: { code: 'P-2', holderName: '乙', label: 'Permit P-2 at 窗口3' },
      },
    };
    expect(await run(typeGraphQL, query)).toEqual(expected);
    expect(await run(direct, query)).toEqual(expected);
  });

  it('replaces the resolvers of property fields and of methods taking the object and the context, and only those', () => {
    const before = typeGraphQL.getType('DirectReadPermit') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const after = direct.getType('DirectReadPermit') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const replaced = Object.keys(after.getFields()).filter(
      (name) => after.getFields()[name]!.resolve!.toString() !== before.getFields()[name]!.resolve!.toString(),
    );
    expect(replaced.sort()).toEqual(['code', 'holderName', 'label']);
  });
});
