import { composeUscc } from '../../domain/uscc.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Enterprise } from '../../entities/enterprise.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { Registration } from '../../entities/registration.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, register, registerOk } from './registration-fixtures.js';

describe('bad input to the enterprise registry', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  async function rowCounts() {
    const em = hub.orm.em.fork();
    return [await em.count(Enterprise), await em.count(Registration), await em.count(OutboxEvent)];
  }

  /** Registers `input`, expects BAD_USER_INPUT on `field` with a reason matching `reason`, and no row written. */
  async function expectRefused(input: Record<string, unknown>, field: string, reason: RegExp) {
    const before = await rowCounts();
    const response = await register(hub, input);
    const error = response.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error?.message).toMatch(reason);
    expect(response.body.data?.registerEnterprise ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
  }

  it.each([
    ['negative capital', { registeredCapitalWanYuan: '-10' }, 'input.registeredCapitalWanYuan', /negative/],
    ['non-numeric capital', { registeredCapitalWanYuan: '五十万' }, 'input.registeredCapitalWanYuan', /not an amount/],
    [
      'capital finer than 0.01 元',
      { registeredCapitalWanYuan: '1.0000001' },
      'input.registeredCapitalWanYuan',
      /more than 6 decimal places/,
    ],
    ['capital in exponent notation', { registeredCapitalWanYuan: '1e3' }, 'input.registeredCapitalWanYuan', /exponent/],
    [
      'capital with thousands separators',
      { registeredCapitalWanYuan: '1,234,567.89' },
      'input.registeredCapitalWanYuan',
      /without sign, separators/,
    ],
    ['capital with a plus sign', { registeredCapitalWanYuan: '+12.00' }, 'input.registeredCapitalWanYuan', /without sign/],
    ['capital with leading zeros', { registeredCapitalWanYuan: '00012.30' }, 'input.registeredCapitalWanYuan', /leading zeros/],
    [
      'capital with zeros past the last place',
      { registeredCapitalWanYuan: '1000.2300000' },
      'input.registeredCapitalWanYuan',
      /more than 6 decimal places/,
    ],
    ['empty name', { name: '   ' }, 'input.name', /must not be empty/],
    ['over-long name', { name: '昭'.repeat(101) }, 'input.name', /at most 100/],
    ['unknown division', { divisionCode: '519999' }, 'input.divisionCode', /not a GB\/T 2260 division code/],
    ['malformed division', { divisionCode: '51081' }, 'input.divisionCode', /not a GB\/T 2260 division code/],
    ['bad industry code', { industryCode: 'Z99' }, 'input.industryCode', /GB\/T 4754/],
    [
      'resident ID with a wrong check digit',
      { legalRepresentativeIdNumber: '110105194912310021' },
      'input.legalRepresentativeIdNumber',
      /check/i,
    ],
    [
      'resident ID of division 000000',
      { legalRepresentativeIdNumber: '000000194912310027' },
      'input.legalRepresentativeIdNumber',
      /GB\/T 2260/,
    ],
    [
      'resident ID born 1999-02-30',
      { legalRepresentativeIdNumber: '110105199902300023' },
      'input.legalRepresentativeIdNumber',
      /not a real calendar date/,
    ],
    [
      'division code retired long ago (萧山市, 萧山区 since 2001)',
      { divisionCode: '330181' },
      'input.divisionCode',
      /former GB\/T 2260 code \(1995–2001\); now 330109 浙江省杭州市萧山区/,
    ],
    ['establishment date in the future', { establishedOn: '2999-01-01' }, 'input.establishedOn', /future/],
    ['establishment date that is not a date', { establishedOn: '2026-02-30' }, 'input.establishedOn', /calendar date/],
    [
      'parent USCC with a wrong check character',
      { kind: 'BRANCH', parentUscc: '91110000600037341M' },
      'input.parentUscc',
      /check character/,
    ],
    ['malformed parent USCC', { kind: 'BRANCH', parentUscc: '9111000060003734' }, 'input.parentUscc', /18 characters/],
    ['branch without its company', { kind: 'BRANCH' }, 'input.parentUscc', /branch must name/],
    ['parent USCC on a company', { parentUscc: '91110000600037341L' }, 'input.parentUscc', /only a branch/],
  ])('refuses %s', async (_case, overrides, field, reason) => {
    await expectRefused(companyInput(overrides), field, reason);
  });

  it('refuses a name already held by an active entity of the same authority', async () => {
    const existing = await registerOk(hub);
    await expectRefused(companyInput({ name: existing.name }), 'input.name', /already the name of active market entity/);
  });

  it('refuses an unknown kind, naming the field', async () => {
    const before = await rowCounts();
    const response = await register(hub, companyInput({ kind: 'STATE_FARM' }));
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
    expect(response.body.errors?.[0].message).toMatch(/STATE_FARM/);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses capital given as a JSON number, which has already lost exactness', async () => {
    const response = await register(hub, companyInput({ registeredCapitalWanYuan: 50.5 }));
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.registeredCapitalWanYuan' });
  });

  it('refuses a malformed idempotency key', async () => {
    const response = await register(hub, companyInput(), 'short');
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  it.each([
    ['a wrong check character', '91510811MA62TW0X1L', /check character/],
    ['a forbidden character', '91510811MA62TW0I1L', /"I" at position 16/],
    ['the wrong length', '91510811', /18 characters/],
  ])('refuses a USCC argument with %s before looking it up', async (_case, uscc, reason) => {
    for (const query of [
      `query($uscc: String!) { enterprise(uscc: $uscc) { name } }`,
      `mutation($uscc: String!) { changeEnterprise(uscc: $uscc, expectedVersion: 1, changes: { address: "x" }, document: "d") { replayed } }`,
      `mutation($uscc: String!) { deregisterEnterprise(uscc: $uscc, expectedVersion: 1, document: "d") { replayed } }`,
    ]) {
      const response = await graphql(hub.url, query, { token: hub.tokens.clerk, variables: { uscc } });
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uscc' });
      expect(response.body.errors?.[0].message).toMatch(reason);
    }
  });

  it('answers checkUscc with the parts and every broken rule', async () => {
    const query = `query($code: String!) { checkUscc(code: $code) { valid parts { authority { code zh } organisationType { code } divisionCode divisionName organisationCode checkCharacter } failures { rule message } } }`;
    const valid = await graphql<{ checkUscc: any }>(hub.url, query, {
      token: hub.tokens.system.SW,
      variables: { code: '91110000600037341L' },
    });
    expect(valid.body.data?.checkUscc).toMatchObject({
      valid: true,
      parts: {
        authority: { code: '9' },
        organisationType: { code: '1' },
        divisionCode: '110000',
        organisationCode: '600037341',
        checkCharacter: 'L',
      },
      failures: [],
    });
    const wrong = await graphql<{ checkUscc: any }>(hub.url, query, {
      token: hub.tokens.system.SW,
      variables: { code: '91110000600037341M' },
    });
    expect(wrong.body.data?.checkUscc.valid).toBe(false);
    expect(wrong.body.data?.checkUscc.failures.map((failure: { rule: string }) => failure.rule)).toEqual(['USCC_CHECK']);
    const unknownDivision = await graphql<{ checkUscc: any }>(hub.url, query, {
      token: hub.tokens.system.SW,
      variables: { code: randomUUID().slice(0, 2) },
    });
    expect(unknownDivision.body.data?.checkUscc.failures[0].rule).toBe('LENGTH');
  });

  it('answers checkUscc for a code under a division retired in 2001: valid, former, and what replaced it', async () => {
    const query = `query($code: String!) { checkUscc(code: $code) { valid failures { rule }
      parts { divisionName division { code current listedFrom retiredIn replacedBy { code fullName } } } } }`;
    const code = composeUscc({ authority: '9', type: '1', divisionCode: '330181', organisationCodeBody: 'MA01ABCD' });
    // Typed in full-width, lower case: read as the same code.
    const typed = code.toLowerCase().replace(/[0-9a-z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
    for (const variant of [code, typed]) {
      const response = await graphql<{ checkUscc: any }>(hub.url, query, { token: hub.tokens.system.SW, variables: { code: variant } });
      expect(response.body.data?.checkUscc).toEqual({
        valid: true,
        failures: [],
        parts: {
          divisionName: '浙江省杭州市萧山市',
          division: {
            code: '330181',
            current: false,
            listedFrom: 1995,
            retiredIn: 2001,
            replacedBy: [{ code: '330109', fullName: '浙江省杭州市萧山区' }],
          },
        },
      });
    }
  });
});
