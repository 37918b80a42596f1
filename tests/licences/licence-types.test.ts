import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { issueOk } from './licence-fixtures.js';

const CREATE = `mutation($input: CreateLicenceTypeInput!) { createLicenceType(input: $input) { code name typeCode issuer { code } holderCodeTypes defaultValidityMonths } }`;

const drugLicence = (overrides: Record<string, unknown> = {}) => ({
  code: 'DRUG_RETAIL_LICENCE',
  name: '药品经营许可证',
  typeCode: '11100000000000019F005',
  issuerCode: 'SCJG',
  holderCodeTypes: ['USCC'],
  defaultValidityMonths: 60,
  fieldsSchema: { type: 'object', required: ['scope'], properties: { scope: { type: 'string' } }, additionalProperties: false },
  publicFields: ['scope'],
  sourceStatusCodes: { A: 'VALID', B: 'REVOKED' },
  ...overrides,
});

describe('licence types are data', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('lists the demo types the seed reports mention', async () => {
    const response = await graphql<{ licenceTypes: Array<{ name: string }> }>(hub.url, '{ licenceTypes { name } }', {
      token: hub.tokens.system.TJ,
    });
    expect(response.body.data!.licenceTypes.map((type) => type.name)).toEqual(
      expect.arrayContaining(['营业执照', '建筑工程施工许可证', '食品经营许可证', '结婚证', '税务登记证明']),
    );
  });

  it('lets an administrator add a type that its issuer can use at once', async () => {
    const created = await graphql<{ createLicenceType: any }>(hub.url, CREATE, {
      token: hub.tokens.admin,
      variables: { input: drugLicence() },
    });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.createLicenceType).toMatchObject({
      code: 'DRUG_RETAIL_LICENCE',
      issuer: { code: 'SCJG' },
      defaultValidityMonths: 60,
    });
    const licence = await issueOk(
      hub,
      { licenceTypeCode: 'DRUG_RETAIL_LICENCE', holderCode: '91110000600037341L', holderName: '某药房', fields: { scope: '处方药' } },
      hub.tokens.clerk,
    );
    expect(licence.name).toBe('药品经营许可证');
  });

  it.each([
    ['a malformed type code', { code: 'T1', typeCode: '123' }, 'input.typeCode'],
    [
      'an invalid JSON Schema',
      { code: 'T2', typeCode: '11100000000000019F006', fieldsSchema: { type: 'object', properties: { a: { type: 'wrong' } } } },
      'input.fieldsSchema',
    ],
    ['an unknown issuer', { code: 'T3', typeCode: '11100000000000019F007', issuerCode: 'NOPE' }, 'input.issuerCode'],
    [
      'a status code mapped to no status',
      { code: 'T4', typeCode: '11100000000000019F008', sourceStatusCodes: { X: 'GONE' } },
      'input.sourceStatusCodes.X',
    ],
  ])('refuses %s', async (_case, overrides, field) => {
    const response = await graphql(hub.url, CREATE, { token: hub.tokens.admin, variables: { input: drugLicence(overrides) } });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('is for administrators only', async () => {
    const response = await graphql(hub.url, CREATE, {
      token: hub.tokens.system.SCJG,
      variables: { input: drugLicence({ code: 'T5', typeCode: '11100000000000019F009' }) },
    });
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
