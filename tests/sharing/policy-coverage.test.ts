import { isNonNullType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultSharingPolicy, eventEnvelopeTypes } from '../../domain/sharing/default-sharing-policy.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import { buildHubSchema } from '../../server/build-schema.js';
import { createHubPubSub } from '../../support/pubsub.js';

/**
 * A field added to a shared type must get a decided level: otherwise this fails and names it,
 * rather than the field being shared by default without anyone having chosen to.
 */
describe('the default sharing policy', async () => {
  const schema = await buildHubSchema(createHubPubSub());

  const graphqlTypes = Object.entries(defaultSharingPolicy).filter(([typeName]) => !eventEnvelopeTypes.has(typeName));

  it.each(graphqlTypes)('lists every field of %s', (typeName, { fields }) => {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const unlisted = Object.keys(type.getFields()).filter((field) => !(field in fields));
    expect(unlisted, `fields of ${typeName} without a decided sharing level`).toEqual([]);
  });

  it('names only types of the schema, or event envelopes', () => {
    for (const typeName of Object.keys(defaultSharingPolicy))
      expect(isObjectType(schema.getType(typeName)) || eventEnvelopeTypes.has(typeName), typeName).toBe(true);
  });

  // A withheld non-null field nulls its whole record; personal data resolves masked instead.
  it('makes only nullable fields conditional or not shared', () => {
    for (const [typeName, { fields }] of Object.entries(defaultSharingPolicy)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) continue;
      for (const [fieldName, sharing] of Object.entries(fields)) {
        const level = typeof sharing === 'string' ? sharing : sharing.level;
        const field = type.getFields()[fieldName];
        if (field && level !== SharingLevel.UNCONDITIONAL && level !== SharingLevel.PERSONAL)
          expect(isNonNullType(field.type), `${typeName}.${fieldName}`).toBe(false);
      }
    }
  });
});
