import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { Registration } from '../../entities/registration.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { nextFromSequence } from '../sequence-blocks.js';
import { selectRows, tableOf, tablesOf } from '../sql-statements.js';
import type { EnterpriseKind } from '../../entities/enterprise-kind.js';
import type { RegistrationKind } from '../../entities/registration-kind.js';

/** The registration statements the unit of work cannot say: the organisation-code sequence and the day's counts. */

/** The next number of `organisation_code_body_seq`, as text: two clerks registering at the same instant never get the same one. */
export function nextOrganisationCodeSerial(em: EntityManager): Promise<string> {
  return nextFromSequence(em, 'organisation_code_body_seq');
}

/** Registrations from `start` (inclusive) to `end` (exclusive), counted by kind of act and kind of entity. */
export function registrationsByKind(
  em: EntityManager,
  start: string,
  end: string,
): Promise<Array<{ registration_kind: RegistrationKind; enterprise_kind: EnterpriseKind; count: string }>> {
  const t = tablesOf(em, { registration: Registration, enterprise: Enterprise });
  return selectRows<{ registration_kind: RegistrationKind; enterprise_kind: EnterpriseKind; count: string }>(
    em,
    `select r.kind as registration_kind, e.kind as enterprise_kind, count(*)::text as count
       from ${t.registration} r join ${t.enterprise} e on e.id = r.enterprise_id
      where r.registered_at >= ?::timestamptz and r.registered_at < ?::timestamptz
      group by r.kind, e.kind`,
    [start, end],
  );
}

/** The USCC of the active entity of authority `authorityId` named `name`, or null when none is. */
export async function activeNameHolder(em: EntityManager, authorityId: string, name: string): Promise<string | null> {
  const [row] = await selectRows<{ uscc: string }>(
    em,
    `select uscc from ${tableOf(em, Enterprise)} where registering_authority_id = ? and name = ? and status = '${EnterpriseStatus.ACTIVE}' limit 1`,
    [authorityId, name],
  );
  return row?.uscc ?? null;
}
