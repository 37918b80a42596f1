import { createPublicKey, verify } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { Licence } from '../../entities/licence.js';
import { LicenceType } from '../../entities/licence-type.js';
import { SigningKey } from '../../entities/signing-key.js';
import { parseLicenceIdentifier } from '../licence-identifier.js';
import { maskResidentId } from '../resident-id.js';
import { maskPersonalEntries, maskPersonalValue } from '../sharing/mask.js';
import { personalFieldsOf } from './licence-fields.js';
import { todayInShanghai } from '../working-days.js';
import { effectiveStatus } from './effective-status.js';
import { HolderCodeType } from '../../entities/holder-code-type.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { jwsSigningInput, licenceDocument } from './signed-document.js';

export enum VerificationOutcome {
  VALID = 'VALID',
  MALFORMED_IDENTIFIER = 'MALFORMED_IDENTIFIER',
  BAD_CHECK_CHARACTER = 'BAD_CHECK_CHARACTER',
  UNKNOWN_IDENTIFIER = 'UNKNOWN_IDENTIFIER',
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  REVOKED = 'REVOKED',
  SUSPENDED = 'SUSPENDED',
  CANCELLED = 'CANCELLED',
  SUPERSEDED = 'SUPERSEDED',
  EXPIRED = 'EXPIRED',
  NOT_YET_VALID = 'NOT_YET_VALID',
}

/** What anyone holding a licence's identifier may learn about it. */
export interface PublicLicenceView {
  identifier: string;
  name: string;
  number: string;
  holderName: string;
  /** A citizen's ID number is shown masked; an enterprise's USCC in full. */
  holderCode: string;
  issuerName: string;
  validFrom: string;
  validTo: string | null;
  status: LicenceStatus;
  supersededBy: string | null;
  publicFields: Record<string, unknown>;
}

export interface LicenceVerification {
  identifier: string;
  valid: boolean;
  outcome: VerificationOutcome;
  message: string;
  checkedAt: Date;
  licence: PublicLicenceView | null;
  /** The licence itself, for callers inside the hub (never exposed by verifyLicence). */
  record: Licence | null;
}

/**
 * Checks a licence by identifier as of this instant: the identifier's own check character first
 * (a mistyped one is caught before any lookup), then that the hub issued it, that the stored
 * record still matches its signature, and that it is in force today.
 */
export async function verifyLicence(em: EntityManager, identifier: string, now: Date = new Date()): Promise<LicenceVerification> {
  const result = (outcome: VerificationOutcome, message: string, record: Licence | null = null, view: PublicLicenceView | null = null) => ({
    identifier,
    valid: outcome === VerificationOutcome.VALID,
    outcome,
    message,
    checkedAt: now,
    licence: view,
    record,
  });
  const parsed = parseLicenceIdentifier(identifier.trim());
  if (!parsed.ok) {
    const outcome =
      parsed.reason === 'CHECK_CHARACTER' ? VerificationOutcome.BAD_CHECK_CHARACTER : VerificationOutcome.MALFORMED_IDENTIFIER;
    return result(outcome, parsed.message);
  }
  const licence = await em.findOne(Licence, { identifier: parsed.identifier }, { populate: ['issuer'] });
  if (!licence) return result(VerificationOutcome.UNKNOWN_IDENTIFIER, 'the hub has issued no licence with this identifier');
  const type = await em.findOneOrFail(LicenceType, { code: licence.licenceTypeCode });
  const view = publicView(licence, type, now);
  if (!(await signatureHolds(em, licence, type))) {
    return result(
      VerificationOutcome.BAD_SIGNATURE,
      'the licence record does not match its signature: it was altered after issue',
      licence,
      view,
    );
  }
  const status = effectiveStatus(licence, todayInShanghai(now));
  if (licence.supersededBy) return result(VerificationOutcome.SUPERSEDED, `replaced by ${licence.supersededBy}`, licence, view);
  if (status === LicenceStatus.REVOKED) return result(VerificationOutcome.REVOKED, 'the licence was revoked', licence, view);
  if (status === LicenceStatus.SUSPENDED) return result(VerificationOutcome.SUSPENDED, 'the licence is suspended', licence, view);
  if (status === LicenceStatus.CANCELLED) return result(VerificationOutcome.CANCELLED, 'the licence was cancelled', licence, view);
  if (status === LicenceStatus.EXPIRED)
    return result(VerificationOutcome.EXPIRED, `the licence expired after ${licence.validTo}`, licence, view);
  if (licence.validFrom > todayInShanghai(now)) {
    return result(VerificationOutcome.NOT_YET_VALID, `the licence is valid from ${licence.validFrom}`, licence, view);
  }
  return result(VerificationOutcome.VALID, 'the licence is valid', licence, view);
}

async function signatureHolds(em: EntityManager, licence: Licence, type: LicenceType): Promise<boolean> {
  const key = await em.findOne(SigningKey, { kid: licence.signingKeyId });
  if (!key) return false;
  const { input } = jwsSigningInput(licenceDocument(licence, type, licence.issuer), key.kid);
  const publicKey = createPublicKey({ key: { ...key.publicJwk }, format: 'jwk' });
  try {
    return verify(null, Buffer.from(input), publicKey, Buffer.from(licence.signature, 'base64url'));
  } catch {
    return false;
  }
}

function publicView(licence: Licence, type: LicenceType, now: Date): PublicLicenceView {
  return {
    identifier: licence.identifier,
    name: licence.name,
    // A citizen's licence number may embed the ID number (driving, disability licences).
    number: licence.holderCodeType === HolderCodeType.RESIDENT_ID ? String(maskPersonalValue(licence.number)) : licence.number,
    // A citizen's name and ID number are personal data: anyone may verify, nobody learns them here.
    holderName: licence.holderCodeType === HolderCodeType.RESIDENT_ID ? String(maskPersonalValue(licence.holderName)) : licence.holderName,
    holderCode: licence.holderCodeType === HolderCodeType.RESIDENT_ID ? maskResidentId(licence.holderCode) : licence.holderCode,
    issuerName: licence.issuer.name,
    validFrom: licence.validFrom,
    validTo: licence.validTo ?? null,
    status: effectiveStatus(licence, todayInShanghai(now)),
    supersededBy: licence.supersededBy ?? null,
    publicFields: maskPersonalEntries(
      Object.fromEntries(type.publicFields.filter((field) => field in licence.fields).map((field) => [field, licence.fields[field]])),
      personalFieldsOf(type.fieldsSchema),
    ),
  };
}
