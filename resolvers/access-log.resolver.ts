import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { accessLogFor } from '../domain/access-log/access-log.js';
import type { AccessLogVerification } from '../domain/access-log/verify-access-log.js';
import { Role } from '../entities/role.js';
import { badUserInput } from '../domain/errors.js';
import { findPage } from '../domain/pagination.js';
import { AccessLogEntry } from '../entities/access-log-entry.js';
import { Department } from '../entities/department.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { DataAccess, DataAccessConnection } from '../schema/sharing-data-access.type.js';
import { AccessLogAnchorInput, AccessLogEntryConnection, AccessLogVerificationType } from '../schema/sharing.types.js';
import type { HubContext } from '../schema/context.js';

const POSITION = /^[1-9][0-9]{0,17}$/;

/** The access log: the enterprise's data tracker, and the administrators' view and chain check. */
@Resolver()
export class AccessLogResolver {
  @Query(() => DataAccessConnection, {
    description: "Who read (conditional data) or changed this enterprise's data, and why; newest first.",
  })
  @RequiresAuth(Role.ENTERPRISE)
  async myDataAccesses(
    @Ctx() { em, principal }: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<DataAccess>> {
    const uscc = principal!.enterpriseUscc;
    if (!uscc) throw badUserInput('principal', 'this credential does not act for an enterprise');
    const page = await findPage(em, AccessLogEntry, { subjectUscc: uscc }, { seq: 'desc' }, { first, after });
    const codes = [...new Set(page.items.map((entry) => entry.departmentCode))];
    const names = new Map((await em.find(Department, { code: { $in: codes } })).map((department) => [department.code, department.name]));
    const connection = toConnection(page, after);
    const asAccess = (entry: AccessLogEntry): DataAccess => ({
      occurredAt: entry.occurredAt,
      action: entry.action,
      actorKind: entry.actorKind,
      departmentCode: entry.departmentCode,
      departmentName: names.get(entry.departmentCode) ?? null,
      fields: entry.fields,
      purpose: entry.purpose,
    });
    return {
      ...connection,
      edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: asAccess(edge.node) })),
      nodes: connection.nodes.map(asAccess),
    };
  }

  @Query(() => AccessLogEntryConnection, {
    description: 'The access log, newest first; optionally about one enterprise or by one department.',
  })
  @RequiresAuth(Role.ADMIN)
  async accessLog(
    @Ctx() { em }: HubContext,
    @Arg('subjectUscc', () => String, { nullable: true }) subjectUscc?: string | null,
    @Arg('departmentCode', () => String, { nullable: true }) departmentCode?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<AccessLogEntry>> {
    const where = { ...(subjectUscc ? { subjectUscc } : {}), ...(departmentCode ? { departmentCode } : {}) };
    const page = await findPage(em, AccessLogEntry, where, { seq: 'desc' }, { first, after });
    return toConnection(page, after);
  }

  @Query(() => AccessLogVerificationType, {
    description:
      'Checks the keyed chain over entries from..to (positions; the whole log by default) and the signed checkpoints of that range, and names the first altered, removed, inserted or forged entry, or entries cut from the end.',
  })
  @RequiresAuth(Role.ADMIN)
  verifyAccessLog(
    @Ctx() { em }: HubContext,
    @Arg('from', () => String, { nullable: true }) from?: string | null,
    @Arg('to', () => String, { nullable: true }) to?: string | null,
    @Arg('anchor', () => AccessLogAnchorInput, { nullable: true }) anchor?: AccessLogAnchorInput | null,
  ): Promise<AccessLogVerification> {
    if (from && !POSITION.test(from)) throw badUserInput('from', 'must be a log position (1, 2, …)');
    if (to && !POSITION.test(to)) throw badUserInput('to', 'must be a log position (1, 2, …)');
    if (anchor && (!POSITION.test(anchor.seq) || !/^[0-9a-f]{64}$/.test(anchor.hash)))
      throw badUserInput('anchor', 'must be a log position and a 64-digit hex hash');
    return accessLogFor(em).verify(em, { from, to, anchor });
  }
}
