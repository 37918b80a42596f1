import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ImportMode } from '../../domain/catalog/import/import-matters.js';
import { SpreadsheetFormat } from '../../domain/spreadsheet/spreadsheet-rows.js';

registerEnumType(SpreadsheetFormat, { name: 'SpreadsheetFormat', description: 'CSV (UTF-8) or XLSX (the first worksheet is read).' });
registerEnumType(ImportMode, {
  name: 'ImportMode',
  description: 'What happens when some rows are bad.',
  valuesConfig: {
    ALL_OR_NOTHING: { description: 'Nothing is written; the report lists every bad row. The default.' },
    GOOD_ROWS_ONLY: { description: 'The good rows are written; the bad ones are reported and left out.' },
  },
});

@InputType({ description: "A department's catalog spreadsheet: one row per matter, with the columns listed in the README." })
export class ImportMattersInput {
  @Field({
    description:
      'The file, base64-encoded. Requests are limited in size (MAX_REQUEST_BYTES); import larger files with `npm run catalog:import`.',
  })
  file!: string;

  @Field(() => SpreadsheetFormat)
  format!: SpreadsheetFormat;

  @Field(() => ImportMode, { defaultValue: ImportMode.ALL_OR_NOTHING })
  mode!: ImportMode;

  @Field(() => String, {
    nullable: true,
    description: "Only this department's matters may be in the file. A department system always imports its own department's.",
  })
  departmentCode?: string | null;
}

@ObjectType({ description: 'A bad row of an import.' })
export class ImportRowError {
  @Field(() => Int, { description: 'The line of a CSV file, or the row number of a worksheet.' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The column at fault, by its header, e.g. 承诺时限.' })
  column!: string | null;

  @Field()
  reason!: string;
}

@ObjectType({ description: 'What an import did, row by row.' })
export class MatterImportReport {
  @Field(() => Int, { description: 'Data rows read (the header not counted).' })
  rowsRead!: number;

  @Field(() => Int, { description: 'Matters added (新增).' })
  added!: number;

  @Field(() => Int, { description: 'Matters adjusted (调整).' })
  adjusted!: number;

  @Field(() => Int, { description: 'Matters handed down to lower levels (下放).' })
  delegated!: number;

  @Field(() => Int, { description: 'Matters cancelled (取消).' })
  cancelled!: number;

  @Field(() => Int, { description: 'Rows equal to the catalog in force; importing a file twice changes nothing.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Bad rows.' })
  rejected!: number;

  @Field({ description: 'Whether the catalog changed. False when a bad row stopped an ALL_OR_NOTHING import.' })
  written!: boolean;

  @Field(() => [ImportRowError], { description: 'The bad rows in file order (the first 1000).' })
  errors!: ImportRowError[];
}
