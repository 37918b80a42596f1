import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('DivisionRef', { description: 'A GB/T 2260 division code and its full name.' })
export class DivisionRefType {
  @Field()
  code!: string;

  @Field()
  fullName!: string;
}

@ObjectType('Division', {
  description: 'A GB/T 2260 division code as the revisions since 1980 list it: current, or former and what took over.',
})
export class DivisionType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Province + prefecture + county as last listed.' })
  fullName!: string;

  @Field({ description: 'In the latest list; a former code is still valid in numbers issued while it was in force.' })
  current!: boolean;

  @Field(() => Int, { description: 'Year of the first revision since 1980 listing it.' })
  listedFrom!: number;

  @Field(() => Int, { nullable: true, description: 'Year of the first revision no longer listing it; null while current.' })
  retiredIn!: number | null;

  @Field(() => [DivisionRefType], {
    description:
      'For a former code: the current codes that took over its name (萧山市 → 萧山区), or, after a merger, the current prefecture or province it lay in.',
  })
  replacedBy!: DivisionRefType[];
}
