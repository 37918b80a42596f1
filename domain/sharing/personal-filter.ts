import { forbidden } from '../errors.js';
import { checkUscc } from '../uscc.js';
import { decide } from './decide.js';
import type { Reader } from './reader.js';
import type { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

export type HolderFilterScope = { kind: 'all' } | { kind: 'issuedBy'; departmentId: string };

/**
 * A search by a holder's code is a read of that code: filtering licences by a citizen's ID number
 * would tell a caller who may not read the number which licences that citizen holds. So a search
 * by a resident ID is open only where the reader could read the holder code of what it finds:
 * everywhere under a grant for the stated purpose, else among the licences its own department
 * issued; an enterprise's USCC is no personal data and is searched freely.
 */
export function holderFilterScope(
  policy: SharingPolicySnapshot,
  reader: Reader,
  holderCode: string,
  purpose: string | null,
  field: string,
): HolderFilterScope {
  if (checkUscc(holderCode.trim().toUpperCase()).valid) return { kind: 'all' };
  const decision = decide(policy, reader, 'Licence', 'holderCode', purpose, { record: { holderCodeType: 'RESIDENT_ID' } });
  if (decision.kind === 'allowed') return { kind: 'all' };
  if (reader.kind === 'DEPARTMENT' && reader.departmentId) return { kind: 'issuedBy', departmentId: reader.departmentId };
  throw forbidden(
    `${field}: a resident ID number is personal data (个人信息); searching by it needs a grant to read Licence.holderCode for the stated purpose`,
    field,
  );
}
