import { Field, InputType, Int } from 'type-graphql';
import { AdjustmentType, MatterStatus } from '../../entities/adjustment-type.js';
import { MatterCategory } from '../../entities/matter-category.js';
import { MatterKind } from '../../entities/matter-kind.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { MaterialForm } from '../../entities/matter-requirements.js';
import './catalog-enums.js';

@InputType()
export class MatterMaterialInput {
  @Field()
  name!: string;

  @Field(() => MaterialForm)
  form!: MaterialForm;

  @Field(() => Int, { defaultValue: 1 })
  copies!: number;

  @Field({ defaultValue: true })
  required!: boolean;
}

@InputType()
export class MatterFeeInput {
  @Field()
  item!: string;

  @Field()
  standard!: string;

  @Field({ defaultValue: '' })
  basis!: string;
}

@InputType({ description: 'A new matter and the document that adds it (新增).' })
export class AddMatterInput {
  @Field({ description: 'The stable catalog code (事项编码).' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => MatterCategory)
  category!: MatterCategory;

  @Field({ description: 'The implementing department; a department system may add only its own matters.' })
  departmentCode!: string;

  @Field()
  legalBasis!: string;

  @Field(() => String, { nullable: true })
  conditions?: string | null;

  @Field(() => [MatterMaterialInput], { nullable: true })
  materials?: MatterMaterialInput[] | null;

  @Field(() => [MatterFeeInput], { nullable: true, description: 'Leave empty when the matter is free of charge.' })
  fees?: MatterFeeInput[] | null;

  @Field(() => Int)
  legalTimeLimitDays!: number;

  @Field(() => Int, { description: 'At most legalTimeLimitDays; 0 for an on-the-spot matter.' })
  promisedTimeLimitDays!: number;

  @Field(() => MatterKind)
  kind!: MatterKind;

  @Field(() => [MatterLevel])
  levels!: MatterLevel[];

  @Field(() => Boolean, { nullable: true })
  lowerLevelsAcceptOnBehalf?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  onlineAvailable?: boolean | null;

  @Field({ description: 'The document that adds it, e.g. 川府发〔2015〕12号.' })
  documentNumber!: string;

  @Field({ description: 'The day it enters the catalog, YYYY-MM-DD.' })
  effectiveOn!: string;
}

@InputType({ description: 'What an adjustment changes; the fields left out stay as they are.' })
export class MatterChangesInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => MatterCategory, { nullable: true })
  category?: MatterCategory | null;

  @Field(() => String, { nullable: true, description: 'Moves the matter to another department (划转).' })
  departmentCode?: string | null;

  @Field(() => String, { nullable: true })
  legalBasis?: string | null;

  @Field(() => String, { nullable: true })
  conditions?: string | null;

  @Field(() => [MatterMaterialInput], { nullable: true, description: 'The complete new list.' })
  materials?: MatterMaterialInput[] | null;

  @Field(() => [MatterFeeInput], { nullable: true, description: 'The complete new list; [] makes the matter free.' })
  fees?: MatterFeeInput[] | null;

  @Field(() => Int, { nullable: true })
  legalTimeLimitDays?: number | null;

  @Field(() => Int, { nullable: true })
  promisedTimeLimitDays?: number | null;

  @Field(() => MatterKind, { nullable: true })
  kind?: MatterKind | null;

  @Field(() => [MatterLevel], { nullable: true })
  levels?: MatterLevel[] | null;

  @Field(() => Boolean, { nullable: true })
  lowerLevelsAcceptOnBehalf?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  onlineAvailable?: boolean | null;
}

@InputType({ description: 'An adjustment of a matter by a numbered document: cancel (取消), delegate (下放) or adjust (调整).' })
export class AdjustMatterInput {
  @Field()
  code!: string;

  @Field(() => AdjustmentType, { description: 'CANCEL, DELEGATE or ADJUST (ADD is addMatter).' })
  type!: AdjustmentType;

  @Field()
  documentNumber!: string;

  @Field({ description: 'The day the adjustment takes effect, YYYY-MM-DD; not before the latest one.' })
  effectiveOn!: string;

  @Field(() => MatterChangesInput, { nullable: true, description: 'Required for DELEGATE and ADJUST, absent for CANCEL.' })
  changes?: MatterChangesInput | null;
}

@InputType({ description: 'Which matters of the catalog to list.' })
export class MatterFilterInput {
  @Field(() => String, { nullable: true })
  departmentCode?: string | null;

  @Field(() => MatterCategory, { nullable: true })
  category?: MatterCategory | null;

  @Field(() => MatterLevel, { nullable: true, description: 'Matters this level implements.' })
  level?: MatterLevel | null;

  @Field(() => MatterKind, { nullable: true })
  kind?: MatterKind | null;

  @Field(() => MatterStatus, {
    nullable: true,
    description: 'Default IN_FORCE (the catalog); CANCELLED lists the matters cancelled by that day.',
  })
  status?: MatterStatus | null;

  @Field(() => String, { nullable: true, description: 'A substring of the name or legal basis, e.g. 婚姻 or 施工许可.' })
  text?: string | null;
}
