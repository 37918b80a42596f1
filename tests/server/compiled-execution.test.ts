import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { holdsCompilerMarker } from '../../server/compiled-execution.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/** graphql-jit's date marker, as its execution.js spells it. */
const DATE_MARKER = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';

/** A USCC argument that, written into compiled code and its marker replaced, sets a global when the code runs. */
const injected = (flag: string) => `${DATE_MARKER}1), a: (globalThis.${flag} = 1), b: (2`;

declare global {
  var hubCompiledCodeRan: number | undefined;
  var jitAloneRan: number | undefined;
}

/**
 * HTTP operations run compiled (graphql-jit) rather than interpreted; the whole suite answers
 * through it. Here: what the compiler must never be given.
 */
describe('compiled execution of HTTP operations', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('would run a string argument as code if the compiler were given it', async () => {
    // Why the hub checks documents first: graphql-jit alone runs the argument.
    const schema = buildSchema('type Query { echo(code: String): String }');
    const compiled = compileQuery(schema, parse(`{ echo(code: "${injected('jitAloneRan')}") }`));
    expect(isCompiledQuery(compiled)).toBe(true);
    if (isCompiledQuery(compiled)) await Promise.resolve(compiled.query(undefined, {}, {})).catch(() => undefined);
    expect(globalThis.jitAloneRan).toBe(1);
  });

  it('answers such a document as graphql-js does, reading the argument as text and running none of it', async () => {
    const answer = await graphql<{ enterprise: unknown }>(hub.url, `{ enterprise(uscc: "${injected('hubCompiledCodeRan')}") { name } }`, {
      token: hub.tokens.system.SW,
    });
    expect(globalThis.hubCompiledCodeRan).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/uscc/);
  });

  it('answers variables graphql-jit refuses as graphql-js does: 400, naming the variable', async () => {
    const badVariable = await graphql(hub.url, 'query ($uscc: String!) { enterprise(uscc: $uscc) { name } }', {
      token: hub.tokens.system.SW,
      variables: { uscc: 42 },
    });
    expect(badVariable.status).toBe(400);
    expect(badVariable.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badVariable.body.errors?.[0]?.message).toContain('$uscc');
  });

  it('finds the marker in any string of the document, escaped or in a block string', () => {
    expect(holdsCompilerMarker(parse(`{ a(x: "\\u005F_MAGIC_NAN__") }`))).toBe(true);
    expect(holdsCompilerMarker(parse(`{ a(x: { y: ["""__MAGIC_DATE__1"""] }) }`))).toBe(true);
    expect(holdsCompilerMarker(parse(`query ($v: String = "__MAGIC_") { a(x: $v) }`))).toBe(true);
    expect(holdsCompilerMarker(parse(`{ a(x: "__MAGIC") b(y: "MAGIC_DATE") }`))).toBe(false);
  });
});
