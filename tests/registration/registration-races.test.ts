import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSerial } from '../../domain/registration/allocate-uscc.js';
import { SEQUENCE_BLOCK_SIZE } from '../../domain/sequence-blocks.js';
import { USCC_ALPHABET } from '../../domain/uscc.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, register } from './registration-fixtures.js';

const CODE_SPACE = USCC_ALPHABET.length ** 6;

/** Rows every table a registration writes holds for the entities of these names. */
async function rowsFor(hub: TestHub, names: string[]) {
  const [row] = await hub.orm.em.getConnection().execute<Array<Record<string, string>>>(
    `select (select count(*) from enterprise where name in (?))::text as enterprises,
            (select count(*) from registration r join enterprise e on e.id = r.enterprise_id where e.name in (?))::text as registrations,
            (select count(*) from licence where holder_name in (?))::text as licences,
            (select count(*) from licence_status_change c join licence l on l.id = c.licence_id where l.holder_name in (?))::text as history,
            (select count(*) from registration_receipt x join registration r on r.id = x.registration_id
               join enterprise e on e.id = r.enterprise_id where e.name in (?))::text as receipts,
            (select count(*) from outbox_event where payload->'enterprise'->>'name' in (?) or payload->>'holderName' in (?))::text as events`,
    Array.from({ length: 7 }, () => names),
  );
  return Object.fromEntries(Object.entries(row).map(([table, count]) => [table, Number(count)]));
}

/** The last number drawn from the organisation-code sequence (0 before the first). */
async function organisationCodeSequence(hub: TestHub): Promise<number> {
  const [row] = await hub.orm.em
    .getConnection()
    .execute<Array<{ drawn: string }>>(
      `select (case when is_called then last_value else last_value - 1 end)::text as drawn from organisation_code_body_seq`,
    );
  return Number(row.drawn);
}

describe('registrations that race', () => {
  let hub: TestHub;
  let oneRegistration: Record<string, number>;
  beforeAll(async () => {
    hub = await startTestHub();
    const input = companyInput();
    expect((await register(hub, input)).body.errors).toBeUndefined();
    oneRegistration = await rowsFor(hub, [input.name as string]);
  });
  afterAll(() => hub.stop());

  it('writes a whole registration: entity, act, licence, its history, four receipts and their events', () => {
    expect(oneRegistration).toMatchObject({ enterprises: 1, registrations: 1, licences: 1, history: 1, receipts: 4 });
    expect(oneRegistration.events).toBeGreaterThanOrEqual(4);
  });

  it('on the same name: one registers, every other gets BAD_USER_INPUT on input.name, and only the one is written', async () => {
    const input = companyInput();
    const responses = await Promise.all(Array.from({ length: 8 }, () => register(hub, input, randomUUID())));
    const registered = responses.filter((response) => !response.body.errors);
    const refused = responses.filter((response) => response.body.errors);
    expect(registered).toHaveLength(1);
    for (const response of refused) {
      expect(response.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      expect(response.body.errors![0].message).toContain(input.name as string);
    }
    expect(await rowsFor(hub, [input.name as string])).toEqual(oneRegistration);
  });

  it('on the same idempotency key: one registers, the others get its result, and it is written once', async () => {
    const input = companyInput();
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 8 }, () => register(hub, input, key)));
    for (const response of responses) expect(response.body.errors).toBeUndefined();
    const outcomes = responses.map((response) => response.body.data!.registerEnterprise);
    expect(new Set(outcomes.map((outcome) => outcome.enterprise.uscc)).size).toBe(1);
    expect(new Set(outcomes.map((outcome) => outcome.registration.id)).size).toBe(1);
    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
    expect(await rowsFor(hub, [input.name as string])).toEqual(oneRegistration);
  });

  it('across the end of a block of codes: every registration gets its own, and the process draws one block at a time', async () => {
    const blocks = await startTestHub();
    try {
      const before = await organisationCodeSequence(blocks);
      const count = SEQUENCE_BLOCK_SIZE + 8;
      const responses = await Promise.all(Array.from({ length: count }, () => register(blocks)));
      for (const response of responses) expect(response.body.errors).toBeUndefined();
      const bodies = responses.map((response) => response.body.data!.registerEnterprise.enterprise.uscc.slice(8, 16));
      const expected = Array.from({ length: count }, (_, index) => `MA${encodeSerial(before + 1 + index)}`);
      expect(bodies.sort()).toEqual(expected.sort());
      expect(await organisationCodeSequence(blocks)).toBe(before + 2 * SEQUENCE_BLOCK_SIZE);
    } finally {
      await blocks.stop();
    }
  });

  it('for the last codes of the code space: as many register as there are codes, the rest get CONFLICT and write nothing', async () => {
    const last = await startTestHub();
    try {
      await last.orm.em.getConnection().execute(`select setval('organisation_code_body_seq', ${CODE_SPACE - 3})`);
      const inputs = Array.from({ length: 4 }, () => companyInput());
      const responses = await Promise.all(inputs.map((input) => register(last, input)));
      const codes = responses.flatMap((response) => (response.body.errors ? [] : [response.body.data!.registerEnterprise.enterprise.uscc]));
      expect(codes.map((code) => code.slice(8, 16)).sort()).toEqual([
        `MA${encodeSerial(CODE_SPACE - 2)}`,
        `MA${encodeSerial(CODE_SPACE - 1)}`,
      ]);
      const refused = responses.filter((response) => response.body.errors);
      expect(refused).toHaveLength(2);
      for (const response of refused) {
        expect(response.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
        expect(response.body.errors![0].message).toContain('has been issued');
      }
      const written = await rowsFor(
        last,
        inputs.map((input) => input.name as string),
      );
      expect(written).toEqual(Object.fromEntries(Object.entries(oneRegistration).map(([table, rows]) => [table, rows * 2])));
    } finally {
      await last.stop();
    }
  });
});
