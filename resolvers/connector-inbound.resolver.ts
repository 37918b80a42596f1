import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { importFile } from '../connectors/inbound/file-import.js';
import { SpreadsheetFormat } from '../domain/spreadsheet/spreadsheet-rows.js';
// Registers SpreadsheetFormat with the schema (shared with the catalog import).
import '../schema/catalog/matter-import.types.js';
import { Role } from '../entities/role.js';
import { isUuid } from '../domain/connectors/uuid.js';
import { badUserInput } from '../domain/errors.js';
import { findPage } from '../domain/pagination.js';
import { Connector } from '../entities/connector.js';
import { ConnectorInboundRecord } from '../entities/connector-inbound-record.js';
import { SourcedRecord } from '../entities/connector-sourced-record.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { ImportResult, InboundRecordConnection, InboundRecordFilterInput } from '../schema/connector.types.js';
import type { HubContext } from '../schema/context.js';
import { departmentScope } from '../domain/sharing/decide.js';
import { sharingStateOf } from '../schema/sharing-state.js';
import { forbidden } from '../domain/errors.js';

@Resolver(() => ConnectorInboundRecord)
export class ConnectorInboundResolver {
  @Query(() => InboundRecordConnection, {
    description:
      "Records department systems sent in, newest first; REJECTED ones carry the reason. A SYSTEM caller sees only its own department's.",
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  async inboundRecords(
    @Ctx() context: HubContext,
    @Arg('filter', () => InboundRecordFilterInput, { nullable: true }) filter?: InboundRecordFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<ConnectorInboundRecord>> {
    const where: FilterQuery<ConnectorInboundRecord> = {};
    if (filter?.connectorId) {
      if (!isUuid(filter.connectorId)) throw badUserInput('filter.connectorId', 'is not an id');
      where.connector = filter.connectorId;
    }
    if (filter?.status) where.status = filter.status;
    const scope = departmentScope(sharingStateOf(context).reader);
    if (scope.kind === 'none') throw forbidden('inbound records are listed to administrators and department systems', 'inboundRecords');
    if (scope.kind === 'own')
      where.connector = { ...(filter?.connectorId ? { id: filter.connectorId } : {}), department: scope.departmentId };
    const page = await findPage(context.em, ConnectorInboundRecord, where, { receivedAt: 'desc', id: 'desc' }, { first, after });
    return toConnection(page, after);
  }

  @Query(() => SourcedRecord, {
    nullable: true,
    description: 'The fields departments own about one record, each with its source department and event; values under the sharing policy.',
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM, Role.CLERK)
  sourcedRecord(@Arg('recordType') recordType: string, @Arg('key') key: string, @Ctx() { em }: HubContext): Promise<SourcedRecord | null> {
    return em.findOne(SourcedRecord, { recordType, naturalKey: key });
  }

  @Mutation(() => ImportResult, {
    description:
      'Imports a CSV or XLSX file (base64) through a FILE_IMPORT connector: one record per row, mapped by the header. ' +
      'Rows already imported are duplicates; refused rows are listed in inboundRecords with the reason.',
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM, Role.CLERK)
  importRecords(
    @Arg('connectorId', () => ID) connectorId: string,
    @Arg('format', () => SpreadsheetFormat) format: SpreadsheetFormat,
    @Arg('contentBase64') contentBase64: string,
    @Ctx() { em, principal, sharing }: HubContext,
  ): Promise<ImportResult> {
    return importFile(em, principal!, { connectorId, format, contentBase64 }, { sharing });
  }

  @FieldResolver(() => Connector)
  async connector(@Root() record: ConnectorInboundRecord, @Ctx() context: HubContext): Promise<Connector> {
    return (await context.loaders.connectorById.load(record.connector.id))!;
  }

  @FieldResolver(() => ID)
  connectorId(@Root() record: ConnectorInboundRecord): string {
    return record.connector.id;
  }
}
