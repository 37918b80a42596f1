import { Field, Int, ObjectType } from 'type-graphql';
import { MaterialForm } from './matter-requirements.js';

/** A material the applicant hands in (申请材料); kept inside its matter version as JSON. */
@ObjectType({ description: 'A material the applicant hands in (申请材料).' })
export class MatterMaterial {
  @Field()
  name!: string;

  @Field(() => MaterialForm, { description: 'Original (原件), copy (复印件) or both.' })
  form!: MaterialForm;

  @Field(() => Int)
  copies!: number;

  @Field({ description: 'Required (必要) or optional (非必要, e.g. only in some cases).' })
  required!: boolean;
}
