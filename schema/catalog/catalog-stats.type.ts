import { Field, Int, ObjectType } from 'type-graphql';
import { MatterCategory } from '../../entities/matter-category.js';
import { Department } from '../../entities/department.js';
import './catalog-enums.js';

@ObjectType({ description: 'How many matters of one category.' })
export class CategoryCount {
  @Field(() => MatterCategory)
  category!: MatterCategory;

  @Field({ description: 'The Chinese name, e.g. 行政许可.' })
  label!: string;

  @Field(() => Int)
  count!: number;

  @Field({ description: 'As the reports write it: 行政许可 12 项.' })
  text!: string;
}

@ObjectType({ description: "One department's part of the catalog." })
export class DepartmentCatalogStats {
  departmentId!: string;

  @Field(() => Department)
  department!: Department;

  @Field(() => Int)
  total!: number;

  @Field(() => [CategoryCount], { description: "Every category, in the reports' order, zeros included." })
  byCategory!: CategoryCount[];

  @Field({ description: '共 N 项：行政许可 N 项、行政处罚 N 项 … (categories with none are left out).' })
  summary!: string;
}

@ObjectType({ description: 'The matters in force on a day, counted the way the annual reports count them.' })
export class CatalogStats {
  @Field({ description: 'The day counted, YYYY-MM-DD.' })
  asOf!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => [CategoryCount])
  byCategory!: CategoryCount[];

  @Field(() => [DepartmentCatalogStats], { description: 'Departments with at least one matter, by code.' })
  byDepartment!: DepartmentCatalogStats[];

  @Field()
  summary!: string;
}
