import { describe, expect, it } from 'vitest';
import {
  composeLicenceIdentifier,
  LicenceIdentifierError,
  parseLicenceIdentifier,
  type LicenceIdentifierFailureReason,
} from '../../domain/licence-identifier.js';

// Identifiers as issued in practice (a 住建 licence type defined by 11100000000013338W).
const ISSUED = '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S';
const ISSUED_20_DIGIT_SERIAL = '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3';

function reasonOf(id: string): LicenceIdentifierFailureReason | 'OK' {
  const result = parseLicenceIdentifier(id);
  return result.ok ? 'OK' : result.reason;
}

describe('composeLicenceIdentifier', () => {
  it('reproduces identifiers issued in practice, check character included', () => {
    expect(
      composeLicenceIdentifier({
        typeCode: '11100000000013338W011',
        issuerUscc: '11430000006122244L',
        serial: '20230000403',
        version: '002',
      }),
    ).toBe(ISSUED);
    expect(
      composeLicenceIdentifier({
        typeCode: '11100000000013338W011',
        issuerUscc: '11430000006122244L',
        serial: '20230000403',
        version: '001',
      }),
    ).toBe('1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U');
    expect(
      composeLicenceIdentifier({
        typeCode: '11100000000013338W009',
        issuerUscc: '11330105002500287C',
        serial: '2025052201',
        version: '002',
      }),
    ).toBe('1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0');
  });

  it('accepts a 32-character hexadecimal serial and round-trips through parse', () => {
    const id = composeLicenceIdentifier({
      typeCode: '11100000000013661B006',
      issuerUscc: '113700000045046442',
      serial: '209FA4E88F9E4C878F3E9BED2CE7EA49',
      version: '001',
    });
    expect(id).toBe('1.2.156.3005.2.11100000000013661B006.113700000045046442.209FA4E88F9E4C878F3E9BED2CE7EA49.001.D');
    const parsed = parseLicenceIdentifier(id);
    expect(parsed).toEqual({
      ok: true,
      identifier: id,
      parts: {
        typeCode: '11100000000013661B006',
        definingMinistryUscc: '11100000000013661B',
        typeNumber: '006',
        issuerUscc: '113700000045046442',
        serial: '209FA4E88F9E4C878F3E9BED2CE7EA49',
        version: '001',
        checkCharacter: 'D',
      },
    });
  });

  it.each([
    [{ typeCode: '11100000000013338W11', issuerUscc: '11430000006122244L', serial: '1', version: '001' }, 'TYPE_CODE'],
    [{ typeCode: '11100000000013338WABC', issuerUscc: '11430000006122244L', serial: '1', version: '001' }, 'TYPE_CODE'],
    [{ typeCode: '11100000000013338W011', issuerUscc: '340100', serial: '1', version: '001' }, 'ISSUER'],
    [{ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244I', serial: '1', version: '001' }, 'ISSUER'],
    [{ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '', version: '001' }, 'SERIAL'],
    [{ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '0624_001', version: '001' }, 'SERIAL'],
    [{ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: 'A'.repeat(65), version: '001' }, 'SERIAL'],
    [{ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '1', version: '1' }, 'VERSION'],
  ] as const)('refuses malformed part %o with %s', (input, reason) => {
    try {
      composeLicenceIdentifier(input);
      expect.unreachable('compose should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(LicenceIdentifierError);
      expect((error as LicenceIdentifierError).reason).toBe(reason);
    }
  });
});

describe('parseLicenceIdentifier', () => {
  it('returns the parts of a valid identifier', () => {
    const result = parseLicenceIdentifier(ISSUED_20_DIGIT_SERIAL);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.parts.definingMinistryUscc).toBe('11100000000013338W');
    expect(result.parts.typeNumber).toBe('087');
    expect(result.parts.issuerUscc).toBe('11370800MB28559184');
    expect(result.parts.serial).toBe('37080001202411010001');
    expect(result.parts.version).toBe('001');
    expect(result.parts.checkCharacter).toBe('3');
  });

  it.each([
    ['', 'FORMAT'],
    [` ${ISSUED}`, 'FORMAT'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002', 'FORMAT'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.2023.0000403.002.S', 'FORMAT'],
    ['1.2.156.3005.1.11100000000013338W011.11430000006122244L.20230000403.002.S', 'PREFIX'],
    ['11100000000013338W011.11430000006122244L.20230000403.002.S', 'PREFIX'],
    ['1.2.156.3005.2.11100000000013338W0111.11430000006122244L.20230000403.002.S', 'TYPE_CODE'],
    ['1.2.156.3005.2.11100000000013338w011.11430000006122244L.20230000403.002.S', 'TYPE_CODE'],
    // Issued with a division code where the issuer's USCC belongs.
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9', 'ISSUER'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403a.002.S', 'SERIAL'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L..002.S', 'SERIAL'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.02.S', 'VERSION'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.T', 'CHECK_CHARACTER'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.s', 'CHECK_CHARACTER'],
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.SS', 'CHECK_CHARACTER'],
    // A sample identifier published in an interface document whose check character is wrong.
    ['1.2.156.3005.2.11100000000013661B006.113700000045046442.209FA4E88F9E4C878F3E9BED2CE7EA49.001.M', 'CHECK_CHARACTER'],
  ] as const)('%s fails with %s', (id, reason) => {
    expect(reasonOf(id)).toBe(reason);
  });

  it('detects a single mistyped character in the serial or version through the check character', () => {
    expect(reasonOf('1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000408.002.S')).toBe('CHECK_CHARACTER');
    expect(reasonOf('1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.003.S')).toBe('CHECK_CHARACTER');
    expect(reasonOf('1.2.156.3005.2.11100000000013338W011.11430000006122244K.20230000403.002.S')).toBe('CHECK_CHARACTER');
  });

  it('names the failing part in its message', () => {
    const messages = [
      '1.2.156.3005.2.X.11430000006122244L.20230000403.002.S',
      '1.2.156.3005.2.11100000000013338W011.X.20230000403.002.S',
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.x.002.S',
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.X.S',
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.T',
    ].map((id) => {
      const result = parseLicenceIdentifier(id);
      return result.ok ? '' : result.message;
    });
    expect(messages[0]).toMatch(/licence type code/);
    expect(messages[0]).toContain(
      "must be the defining ministry's 18-character unified social credit code followed by a 3-digit number (21 characters)",
    );
    expect(messages[1]).toMatch(/issuer code/);
    expect(messages[2]).toMatch(/serial/);
    expect(messages[3]).toMatch(/version/);
    expect(messages[4]).toMatch(/check character "T".*expected "S"/);
  });
});

describe('parseLicenceIdentifier: each part exactly, and what a refusal says', () => {
  const parts = ISSUED.split('.');
  const withPart = (index: number, value: string) => parts.map((part, i) => (i === index ? value : part)).join('.');
  const fails = (id: string) => parseLicenceIdentifier(id) as { ok: false; reason: LicenceIdentifierFailureReason; message: string };

  it('refuses an empty or non-text identifier, spaces, and another prefix', () => {
    expect(fails('')).toEqual({ ok: false, reason: 'FORMAT', message: 'licence identifier is empty' });
    expect(fails(undefined as unknown as string)).toEqual({ ok: false, reason: 'FORMAT', message: 'licence identifier is empty' });
    expect(fails(`${ISSUED} `)).toEqual({
      ok: false,
      reason: 'FORMAT',
      message: 'licence identifier must not contain spaces or line breaks',
    });
    expect(fails(ISSUED.replace('1.2.156.3005.2.', '1.2.156.3005.3.'))).toEqual({
      ok: false,
      reason: 'PREFIX',
      message: 'licence identifier must start with "1.2.156.3005.2."',
    });
    expect(fails(withPart(9, '002.S'))).toEqual({
      ok: false,
      reason: 'FORMAT',
      message:
        'after the prefix a licence identifier has 5 dot-separated parts (type code, issuer code, serial, version, check character); found 6',
    });
  });

  it('takes an issuer code of exactly 18 USCC characters', () => {
    for (const issuer of [`${parts[6]}1`, `1${parts[6]}`, parts[6]!.slice(1)]) {
      expect(fails(withPart(6, issuer))).toMatchObject({
        reason: 'ISSUER',
        message: `issuer code "${issuer}" must be an 18-character unified social credit code`,
      });
    }
  });

  it('takes a version of exactly 3 digits', () => {
    for (const version of ['0021', 'a002', '002a', '02']) {
      expect(fails(withPart(8, version))).toEqual({
        ok: false,
        reason: 'VERSION',
        message: `version "${version}" must be exactly 3 digits, e.g. "001"`,
      });
    }
  });

  it('takes one check character of 0-9 or A-Z, and names the one expected', () => {
    for (const check of ['SS', 's', '']) {
      expect(fails(withPart(9, check)), check).toEqual({
        ok: false,
        reason: 'CHECK_CHARACTER',
        message: `check character "${check}" must be one character of 0-9 or A-Z`,
      });
    }
    expect(fails(withPart(9, 'T'))).toEqual({
      ok: false,
      reason: 'CHECK_CHARACTER',
      message:
        'check character "T" does not match the ISO 7064 MOD 37,36 check of the type code, issuer code, serial and version (expected "S")',
    });
  });

  it('throws a LicenceIdentifierError, named, when composing from a malformed part', () => {
    let error: unknown;
    try {
      composeLicenceIdentifier({
        typeCode: '11100000000013338W011',
        issuerUscc: '11430000006122244L',
        serial: '20230000403',
        version: '2',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(LicenceIdentifierError);
    expect(error).toMatchObject({
      name: 'LicenceIdentifierError',
      reason: 'VERSION',
      message: 'version "2" must be exactly 3 digits, e.g. "001"',
    });
  });
});
