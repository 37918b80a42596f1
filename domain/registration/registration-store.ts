import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { Registration } from '../../entities/registration.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { nextFromSequence } from '../sequence-blocks.js';
import { selectRows, tablesOf } from '../sql-statements.js';
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

/** What a registration must know before it writes: whether its idempotency key was used, and who holds its name. */
export interface RegistrationPrecheck {
  /** Whether a registration of this department has used the idempotency key. */
  keyUsed: boolean;
  /** The USCC of the active entity of the same authority that already has the name, if any. */
  nameHolderUscc: string | null;
}

/** Both checks in one round trip; the unique indexes decide under concurrency. */
export async function registrationPrecheck(
  em: EntityManager,
  departmentId: string,
  idempotencyKey: string,
  name: string,
): Promise<RegistrationPrecheck> {
  const t = tablesOf(em, { registration: Registration, enterprise: Enterprise });
  const [row] = await selectRows<{ key_used: boolean; name_holder_uscc: string | null }>(
    em,
    `select exists (select 1 from ${t.registration} where department_id = ? and idempotency_key = ?) as key_used,
            (select uscc from ${t.enterprise} where registering_authority_id = ? and name = ? and status = '${EnterpriseStatus.ACTIVE}' limit 1) as name_holder_uscc`,
    [departmentId, idempotencyKey, departmentId, name],
  );
  return { keyUsed: row.key_used, nameHolderUscc: row.name_holder_uscc };
}
