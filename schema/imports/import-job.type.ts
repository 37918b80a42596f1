import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { rowsPerSecond } from '../../domain/import-jobs/import-jobs.js';
import type { ImportJob } from '../../entities/import-job.js';
import { ImportJobKind, ImportJobStatus } from '../../entities/import-job-status.js';
import { MatterImportReport } from '../catalog/matter-import.types.js';

registerEnumType(ImportJobStatus, {
  name: 'ImportJobStatus',
  description: 'Where an import job stands: RUNNING, then SUCCEEDED (the report says what was written) or FAILED (nothing was).',
});
registerEnumType(ImportJobKind, { name: 'ImportJobKind', description: 'What an import job imports.' });

@ObjectType('ImportJobFailure', { description: 'Why an import job failed, as an error of the API would say it.' })
export class ImportJobFailureView {
  @Field({ description: 'A stable error code, e.g. BAD_USER_INPUT.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault, e.g. input.file.' })
  field!: string | null;

  @Field()
  message!: string;

  @Field(() => Int, { nullable: true, description: 'The line of the file at fault, when one is.' })
  line!: number | null;
}

@ObjectType('ImportJob', {
  description: 'A spreadsheet import the hub runs in the background. Poll `importJob(id)` until its status is no longer RUNNING.',
})
export class ImportJobView {
  @Field(() => ID)
  id!: string;

  @Field(() => ImportJobKind)
  kind!: ImportJobKind;

  @Field(() => ImportJobStatus)
  status!: ImportJobStatus;

  @Field(() => Int, { description: 'Data rows read so far (the header not counted); written about once a second while RUNNING.' })
  rowsRead!: number;

  @Field(() => Int, { description: 'Bad rows found so far.' })
  rejected!: number;

  @Field(() => Float, { description: 'Rows read per second, over the run so far or the whole run once it ended.' })
  rowsPerSecond!: number;

  @Field()
  startedAt!: Date;

  @Field({ description: 'When the figures were last written.' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => MatterImportReport, { nullable: true, description: 'The report of a MATTER_CATALOG job that SUCCEEDED.' })
  matterReport!: MatterImportReport | null;

  @Field(() => ImportJobFailureView, { nullable: true, description: 'Why the job FAILED.' })
  failure!: ImportJobFailureView | null;

  static of(job: ImportJob): ImportJobView {
    return Object.assign(new ImportJobView(), {
      id: job.id,
      kind: job.kind,
      status: job.status,
      rowsRead: job.rowsRead,
      rejected: job.rejected,
      rowsPerSecond: rowsPerSecond(job),
      startedAt: job.startedAt,
      updatedAt: job.updatedAt,
      finishedAt: job.finishedAt,
      matterReport: job.kind === ImportJobKind.MATTER_CATALOG ? (job.report as unknown as MatterImportReport | null) : null,
      failure: job.failure,
    });
  }
}
