import { Readable } from 'node:stream';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { assertMayChangeCatalog, recorderLabel } from '../domain/catalog/catalog-permission.js';
import { importMatters, type ImportReport } from '../domain/catalog/import/import-matters.js';
import { badUserInput, DomainError } from '../domain/errors.js';
import { RequiresAuth } from '../schema/auth.js';
import { ImportMattersInput, MatterImportReport } from '../schema/catalog/matter-import.types.js';
import type { HubContext } from '../schema/context.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

@Resolver()
export class MatterImportResolver {
  @Mutation(() => MatterImportReport, {
    description:
      "Imports a department's catalog spreadsheet (CSV or XLSX): new codes are added, changed rows become adjustments, equal rows change nothing. A department system imports only its own matters.",
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  async importMatters(@Arg('input') input: ImportMattersInput, @Ctx() { em, principal }: HubContext): Promise<ImportReport> {
    const isAdmin = principal!.roles.includes(Role.ADMIN);
    const departmentCode = input.departmentCode ?? (isAdmin ? null : principal!.department.code);
    if (departmentCode) assertMayChangeCatalog(principal!, departmentCode, 'input.departmentCode');
    const base64 = input.file.replace(/\s+/g, '');
    if (!BASE64.test(base64) || base64.length % 4 !== 0) throw badUserInput('input.file', 'is not base64');
    try {
      return await importMatters(em, Readable.from([Buffer.from(base64, 'base64')]), {
        format: input.format,
        mode: input.mode,
        departmentCode,
        recordedBy: recorderLabel(principal!),
      });
    } catch (error) {
      // The domain names the file `file`; in this API it is the argument `input.file`.
      if (error instanceof DomainError && (error.field === 'file' || error.field === 'departmentCode')) {
        const field = `input.${error.field}`;
        throw new DomainError(error.code, `${field}${error.message.slice(error.field.length)}`, field, error.details);
      }
      throw error;
    }
  }
}
