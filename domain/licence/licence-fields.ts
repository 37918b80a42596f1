import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { LicenceType } from '../../entities/licence-type.js';
import { badUserInput } from '../errors.js';

const ajv = new Ajv2020({ allErrors: false, strict: true });
(addFormats as unknown as (instance: Ajv2020) => void)(ajv);
// `"personal": true` on a property marks a natural person's data (个人信息): shown masked to readers
// without a grant (domain/sharing/mask.ts). An annotation only: it validates nothing.
ajv.addKeyword({ keyword: 'personal', schemaType: 'boolean' });

/** Compiled schemas by type and schema text, so a type edited at run time is compiled afresh. */
const compiled = new Map<string, ValidateFunction>();

/** Checks a licence's own fields against its type's JSON Schema; the first failure names the path. */
export function checkLicenceFields(type: LicenceType, fields: unknown, field: string): Record<string, unknown> {
  const validate = validatorFor(type);
  if (!validate(fields)) {
    const [error] = validate.errors ?? [];
    const where = error?.instancePath ? `${field}${error.instancePath.replaceAll('/', '.')}` : field;
    const detail =
      error?.keyword === 'additionalProperties'
        ? `has a field the type does not define: ${String(error.params.additionalProperty)}`
        : error?.message;
    throw badUserInput(where, `${detail ?? 'does not match the schema'} (licence type ${type.code})`);
  }
  return fields as Record<string, unknown>;
}

/** Refuses a schema that is not valid JSON Schema before it is stored with a type. */
export function checkFieldsSchema(schema: unknown, field: string): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw badUserInput(field, 'must be a JSON Schema object');
  try {
    ajv.compile(schema);
  } catch (error) {
    throw badUserInput(field, `is not a valid JSON Schema: ${(error as Error).message}`);
  }
  return schema as Record<string, unknown>;
}

function validatorFor(type: LicenceType): ValidateFunction {
  const key = `${type.code}:${JSON.stringify(type.fieldsSchema)}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(type.fieldsSchema);
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * Where the licence type's JSON Schema marks a property `"personal": true`, at any depth: each a
 * path of property names, `*` standing for every item of an array.
 */
export function personalFieldsOf(fieldsSchema: Record<string, unknown>): string[][] {
  const paths: string[][] = [];
  const walk = (schema: unknown, path: string[]): void => {
    if (typeof schema !== 'object' || schema === null) return;
    const node = schema as Record<string, unknown>;
    if (node.personal === true && path.length > 0) {
      paths.push(path);
      return;
    }
    if (typeof node.properties === 'object' && node.properties !== null) {
      for (const [name, property] of Object.entries(node.properties as Record<string, unknown>)) walk(property, [...path, name]);
    }
    if (node.items !== undefined) walk(node.items, [...path, '*']);
  };
  walk(fieldsSchema, []);
  return paths;
}
