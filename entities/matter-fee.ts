import { Field, ObjectType } from 'type-graphql';

/** A fee the matter charges (收费项目); kept inside its matter version as JSON. */
@ObjectType({ description: 'A fee the matter charges (收费项目).' })
export class MatterFee {
  @Field({ description: 'What is charged for, e.g. 工本费.' })
  item!: string;

  @Field({ description: 'The standard as the fee document states it, e.g. 每证 10 元.' })
  standard!: string;

  @Field({ description: 'The document that sets the fee.' })
  basis!: string;
}
