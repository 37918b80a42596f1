import { Readable } from 'node:stream';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { ImportJobKind } from '../entities/import-job-status.js';
import { assertMayChangeCatalog, recorderLabel } from '../domain/catalog/catalog-permission.js';
import { importMatters } from '../domain/catalog/import/import-matters.js';
import { badUserInput, DomainError } from '../domain/errors.js';
import { findImportJob, startImportJob } from '../domain/import-jobs/import-jobs.js';
import { RequiresAuth } from '../schema/auth.js';
import { ImportMattersInput } from '../schema/catalog/matter-import.types.js';
import type { HubContext } from '../schema/context.js';
import { ImportJobView } from '../schema/imports/import-job.type.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

@Resolver()
export class MatterImportResolver {
  @Mutation(() => ImportJobView, {
    description:
      "Imports a department's catalog spreadsheet (CSV or XLSX): new codes are added, changed rows become adjustments, equal rows change nothing. A department system imports only its own matters. Returns a job as soon as the file's header is accepted (a file refused before its first row is this mutation's error); poll `importJob(id)` for its progress and report.",
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  async importMatters(@Arg('input') input: ImportMattersInput, @Ctx() { em, principal }: HubContext): Promise<ImportJobView> {
    const isAdmin = principal!.roles.includes(Role.ADMIN);
    const departmentCode = input.departmentCode ?? (isAdmin ? null : principal!.department.code);
    if (departmentCode) assertMayChangeCatalog(principal!, departmentCode, 'input.departmentCode');
    const base64 = input.file.replace(/\s+/g, '');
    if (!BASE64.test(base64) || base64.length % 4 !== 0) throw badUserInput('input.file', 'is not base64');
    const file = Buffer.from(base64, 'base64');
    const job = await startImportJob(
      em,
      principal!,
      ImportJobKind.MATTER_CATALOG,
      (onProgress) =>
        importMatters(em.fork(), Readable.from([file]), {
          format: input.format,
          mode: input.mode,
          departmentCode,
          recordedBy: recorderLabel(principal!),
          onProgress,
        }),
      { field: inputField },
    );
    return ImportJobView.of(job);
  }

  // Here, beside the one mutation that starts jobs so far; a resolver of its own when a second kind comes.
  @Query(() => ImportJobView, {
    description:
      'An import job: its status, how far it is (rows read, rows per second, bad rows so far) and, once it ended, its report. Only the credential that started it, or the administrator, sees it.',
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  async importJob(@Arg('id', () => ID) id: string, @Ctx() { em, principal }: HubContext): Promise<ImportJobView> {
    return ImportJobView.of(await findImportJob(em, principal!, id));
  }
}

/** The domain names the file `file`; in this API it is the argument `input.file`. */
function inputField(error: DomainError): DomainError {
  if (error.field !== 'file' && error.field !== 'departmentCode') return error;
  const field = `input.${error.field}`;
  return new DomainError(error.code, `${field}${error.message.slice(error.field.length)}`, field, error.details);
}
