import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { recordingQueries, startTestHub, type TestHub } from '../support/test-hub.js';
import { seedEnterprisesWithLists } from './enterprises-with-lists.fixture.js';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface FieldInfo {
  name: string;
  args: Array<{ type: TypeRef }>;
  type: TypeRef;
}

const namedType = (type: TypeRef): TypeRef => (type.ofType ? namedType(type.ofType) : type);

/**
 * An enterprise looked up or paged reads only the columns its selection needs (with what the
 * policy reads from a record): each field of an enterprise and of the lists read with it, selected
 * alone, answers what it answers beside every other field, so no field reads a column left out.
 */
describe('reads of the columns a selection asks for', () => {
  let hub: TestHub;
  let statements: string[] = [];
  const usccs: string[] = [];
  const fieldsOf = new Map<string, FieldInfo[]>();

  beforeAll(async () => {
    hub = await startTestHub(
      {},
      recordingQueries((statement) => statements.push(statement)),
    );
    usccs.push(...(await seedEnterprisesWithLists(hub)));
    for (const type of ['Enterprise', 'Licence', 'Registration', 'EnterpriseChange', 'Trade']) {
      const answer = await graphql<{ __type: { fields: FieldInfo[] } }>(
        hub.url,
        `
          query ($name: String!) {
            __type(name: $name) {
              fields {
                name
                args {
                  type {
                    ...TypeRef
                  }
                }
                type {
                  ...TypeRef
                }
              }
            }
          }
          fragment TypeRef on __Type {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                }
              }
            }
          }
        `,
        { token: hub.tokens.admin, variables: { name: type } },
      );
      expect(answer.body.errors).toBeUndefined();
      fieldsOf.set(type, answer.body.data!.__type.fields);
    }
  });
  afterAll(() => hub.stop());

  /** The selection of one field: an object's own leaf fields under it, a leaf as it is. Fields that need arguments are left out. */
  function selectionOf(field: FieldInfo): string {
    const type = namedType(field.type);
    if (type.kind !== 'OBJECT') return field.name;
    const leaves = (fieldsOf.get(type.name!) ?? []).filter((sub) => sub.args.length === 0 && namedType(sub.type).kind !== 'OBJECT');
    return `${field.name} { __typename ${leaves.map((leaf) => leaf.name).join(' ')} }`;
  }

  const selectable = (type: string) => fieldsOf.get(type)!.filter((field) => field.args.every((arg) => arg.type.kind !== 'NON_NULL'));

  /** The enterprise registered at a window (with its licences, registration and change), or a winner of trades. */
  const registered = () => usccs.at(-1)!;

  async function ask(query: string, token: string, uscc = registered()) {
    const answer = await graphql<Record<string, any>>(hub.url, query, { token, variables: { uscc } });
    // A field the policy refuses answers with its error in both, at the same path.
    return { data: answer.body.data, refused: (answer.body.errors ?? []).map((error) => error.path?.join('.')).sort() };
  }

  it('reads only the columns the selection and the policy need, in one statement', async () => {
    statements = [];
    const answer = await graphql<{ enterprise: any }>(
      hub.url,
      `
        query ($uscc: String!) {
          enterprise(uscc: $uscc) {
            name
            licences {
              number
            }
          }
        }
      `,
      { token: hub.tokens.system.SW, variables: { uscc: registered() } },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.enterprise.licences.length).toBeGreaterThan(0);
    const [read, ...others] = statements.filter((statement) => !statement.includes('api_credential'));
    expect(others).toEqual([]);
    // The name, and the USCC the policy decides an enterprise's own records by; not the address or the licence's signature.
    expect(read).toMatch(/"name"/);
    expect(read).toMatch(/"uscc"/);
    expect(read).toMatch(/"holder_code_type"/);
    expect(read).not.toMatch(/"address"/);
    expect(read).not.toMatch(/"signature"/);
  });

  for (const [where, token] of [
    ['a department system', 'SW'],
    ['the registry', 'SCJG'],
  ] as const) {
    it(`answers each enterprise field selected alone as beside every other, looked up and paged, for ${where}`, async () => {
      const fields = selectable('Enterprise');
      const all = fields.map(selectionOf).join(' ');
      for (const [name, wrap] of [
        ['lookup', (selection: string) => `query ($uscc: String!) { enterprise(uscc: $uscc) { ${selection} } }`],
        ['page', (selection: string) => `query { enterprises(first: 10) { nodes { uscc ${selection} } } }`],
      ] as const) {
        const whole = await ask(wrap(all), hub.tokens.system[token]!);
        for (const field of fields) {
          const alone = await ask(wrap(selectionOf(field)), hub.tokens.system[token]!);
          const valueOf = (answer: typeof whole) =>
            name === 'lookup'
              ? answer.data?.enterprise?.[field.name]
              : answer.data?.enterprises?.nodes.map((node: Record<string, unknown>) => [node.uscc, node[field.name]]);
          expect(valueOf(alone), `${name} ${field.name}`).toEqual(valueOf(whole));
          expect(alone.refused, `${name} ${field.name}`).toEqual(whole.refused.filter((path) => path?.split('.').includes(field.name)));
        }
      }
    });
  }

  for (const [list, type] of [
    ['licences', 'Licence'],
    ['registrations', 'Registration'],
    ['changes', 'EnterpriseChange'],
    ['trades', 'Trade'],
  ] as const) {
    it(`answers each field of an enterprise's ${list} selected alone as beside every other`, async () => {
      const fields = selectable(type);
      const wrap = (selection: string) => `query ($uscc: String!) { enterprise(uscc: $uscc) { ${list} { ${selection} } } }`;
      const uscc = list === 'trades' ? usccs[0] : registered();
      const whole = await ask(wrap(fields.map(selectionOf).join(' ')), hub.tokens.system.SCJG!, uscc);
      expect(whole.data!.enterprise[list].length, list).toBeGreaterThan(0);
      for (const field of fields) {
        const alone = await ask(wrap(selectionOf(field)), hub.tokens.system.SCJG!, uscc);
        const valueOf = (answer: typeof whole) => answer.data?.enterprise?.[list].map((item: Record<string, unknown>) => item[field.name]);
        expect(valueOf(alone), `${list} ${field.name}`).toEqual(valueOf(whole));
        expect(alone.refused, `${list} ${field.name}`).toEqual(whole.refused.filter((path) => path?.split('.').includes(field.name)));
      }
    });
  }

  it('keeps a partly read enterprise to its own selection when the same request reaches it with more', async () => {
    const uscc = registered();
    const parts = {
      page: `enterprises(first: 10) { nodes { uscc licences { number } trades { code } } }`,
      lookup: `enterprise(uscc: "${uscc}") { address licences { number validFrom holderName fields } trades { code dealAmount announcedOn } }`,
      other: `enterprise(uscc: "${uscc}") { uscc legalRepresentative licences { identifier status } }`,
    };
    const together = await ask(
      `query { ${Object.entries(parts)
        .map(([alias, part]) => `${alias}: ${part}`)
        .join(' ')} }`,
      hub.tokens.system.SCJG!,
    );
    expect(together.refused).toEqual([]);
    for (const [alias, part] of Object.entries(parts)) {
      const alone = await ask(`query { ${alias}: ${part} }`, hub.tokens.system.SCJG!);
      expect(together.data![alias], alias).toEqual(alone.data![alias]);
    }
    expect(together.data!.lookup.licences[0].validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
