import { badUserInput } from '../errors.js';

/**
 * What text the hub accepts, from every door alike (the API, inbound connectors, imported files):
 * Unicode in NFC, so the same name written with composed or decomposed characters is one name
 * (search, uniqueness and signatures compare code points), and none of the characters that are
 * invisible or harmful downstream:
 * - NUL, which PostgreSQL cannot store in text at all;
 * - C0 and C1 control characters (ESC starts terminal escape sequences in the logs and consoles of
 *   the systems the hub passes records on to); tab, line feed and carriage return are allowed in
 *   fields documented as multi-line (a business scope, a reason, a legal basis, a licence's own fields);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a
 *   licence or an address read differently from what it holds ("Trojan Source");
 * - unpaired surrogates, which are not characters and which a UTF-8 encoder would silently replace.
 */
export type TextProblem = 'NUL' | 'CONTROL_CHARACTER' | 'BIDI_CONTROL' | 'LONE_SURROGATE';

// Control characters are what these patterns are for.
/* eslint-disable no-control-regex */
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const FORBIDDEN_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
/* eslint-enable no-control-regex */

// Without the u flag, so the pattern sees UTF-16 code units: a high surrogate not followed by a
// low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextFinding {
  problem: TextProblem;
  /** The offending code point, as U+XXXX. */
  codePoint: string;
  /** Its position in the text (UTF-16 index, as JavaScript counts). */
  index: number;
}

export function findTextProblem(text: string, multiLine = false): TextFinding | null {
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return { problem: 'LONE_SURROGATE', codePoint: codePointOf(lone[0].charCodeAt(0)), index: lone.index };
  const match = (multiLine ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE).exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!;
  const problem: TextProblem = code === 0 ? 'NUL' : code >= 0x202a ? 'BIDI_CONTROL' : 'CONTROL_CHARACTER';
  return { problem, codePoint: codePointOf(code), index: match.index };
}

const DESCRIPTIONS: Record<TextProblem, string> = {
  NUL: 'a NUL character',
  CONTROL_CHARACTER: 'a control character',
  BIDI_CONTROL: 'a bidirectional control character',
  LONE_SURROGATE: 'an unpaired surrogate (not a character)',
};

/** The sentence a refusal gives, after the field's name. */
export function describeTextProblem(finding: TextFinding, multiLine: boolean): string {
  const allowed = multiLine ? 'line breaks and tabs are the only control characters allowed here' : 'this field is one line of plain text';
  return `contains ${DESCRIPTIONS[finding.problem]} (${finding.codePoint}) at position ${finding.index}; ${allowed}`;
}

/** Checks one text value and returns it in NFC; throws BAD_USER_INPUT naming `field` and the character. */
export function cleanText(text: string, field: string, multiLine = false): string {
  const finding = findTextProblem(text, multiLine);
  if (finding)
    throw badUserInput(field, describeTextProblem(finding, multiLine), { reason: finding.problem, codePoint: finding.codePoint });
  return text.normalize('NFC');
}

/**
 * Every string in a value from outside — a GraphQL argument, a JSON document, a record's fields,
 * keys included — checked and normalised; returns the cleaned copy (the input is not changed).
 * `path` names the value (`input`, `fields`); nested values are named `input.address`,
 * `fields.items[2]`. A field is multi-line when `isMultiLine(path, name)` says so; everything
 * inside a multi-line field (a licence's own fields) is too.
 */
export function cleanValue(value: unknown, path: string, isMultiLine: (name: string) => boolean = () => false, multiLine = false): unknown {
  if (typeof value === 'string') return cleanText(value, path, multiLine);
  if (Array.isArray(value)) return value.map((item, index) => cleanValue(item, `${path}[${index}]`, isMultiLine, multiLine));
  if (isPlainObject(value)) {
    const cleaned: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
    for (const [key, item] of Object.entries(value)) {
      const name = cleanText(key, `${path}.${key.slice(0, 40)}`, false);
      cleaned[name] = cleanValue(item, `${path}.${name}`, isMultiLine, multiLine || isMultiLine(name));
    }
    return cleaned;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

function codePointOf(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The fields documented as multi-line, by name, wherever they occur (API arguments, inbound
 * records, licences): free text that people write in paragraphs, documents whose own fields may
 * hold paragraphs, and base64 files (which encoders wrap into lines).
 */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set([
  'businessScope',
  'conditions',
  'legalBasis',
  'materials',
  'reason',
  'fields',
  'fieldsSchema',
  'file',
  'contentBase64',
]);

export const isMultiLineField = (name: string): boolean => MULTI_LINE_FIELDS.has(name);

const DEFANG =
  // eslint-disable-next-line no-control-regex -- control characters are what it defangs
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A refused value made safe to keep as evidence (a refused inbound record is stored with its
 * reason): each character the rules refuse is written out as `<U+XXXX>`, so the copy can be stored
 * (PostgreSQL takes no NUL) and shown without acting on a terminal or reordering text.
 */
export function defangValue(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(DEFANG, (character) => `<${codePointOf(character.charCodeAt(0))}>`);
  if (Array.isArray(value)) return value.map(defangValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [defangValue(key) as string, defangValue(item)]));
  }
  return value;
}
