import type { Department } from '../../entities/department.js';
import type { Licence } from '../../entities/licence.js';
import type { LicenceType } from '../../entities/licence-type.js';
import { canonicalJson } from './canonical-json.js';

/**
 * What the hub signs for a licence: its GB/T 36903 metadata and the type's fields, never its
 * status (that changes; verifiers ask the hub for it). The signature is a JWS (RFC 7515, EdDSA
 * per RFC 8037) over the canonical JSON, so any JOSE library, or node:crypto alone, verifies it.
 */
export function licenceDocument(licence: Licence, type: LicenceType, issuer: Department): Record<string, unknown> {
  return {
    identifier: licence.identifier,
    licenceType: { code: type.code, typeCode: type.typeCode, name: type.name },
    name: licence.name,
    number: licence.number,
    version: licence.licenceVersion,
    holder: { name: licence.holderName, code: licence.holderCode, codeType: licence.holderCodeType },
    issuer: { name: issuer.name, code: issuer.uscc },
    issuedAt: licence.issuedAt.toISOString(),
    validFrom: licence.validFrom,
    validTo: licence.validTo ?? null,
    matterCode: licence.matterCode ?? null,
    fields: licence.fields,
  };
}

export const LICENCE_JWS_TYPE = 'gov-hub-licence+jws';

/** The JWS protected header and payload, base64url-encoded: the bytes the signature covers. */
export function jwsSigningInput(
  document: Record<string, unknown>,
  kid: string,
): { protectedHeader: string; payload: string; input: string } {
  const protectedHeader = Buffer.from(canonicalJson({ alg: 'EdDSA', kid, typ: LICENCE_JWS_TYPE })).toString('base64url');
  const payload = Buffer.from(canonicalJson(document)).toString('base64url');
  return { protectedHeader, payload, input: `${protectedHeader}.${payload}` };
}

/** The signed licence as a flattened JWS JSON object and as a compact JWS (the QR-code payload). */
export function exportSignedLicence(licence: Licence, type: LicenceType, issuer: Department) {
  const { protectedHeader, payload } = jwsSigningInput(licenceDocument(licence, type, issuer), licence.signingKeyId);
  return {
    json: { protected: protectedHeader, payload, signature: licence.signature },
    compact: `${protectedHeader}.${payload}.${licence.signature}`,
  };
}
