import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildHubSchema } from '../../server/build-schema.js';
import { printHubSchema } from '../../schema/print-schema.js';
import { createHubPubSub } from '../../support/pubsub.js';

describe('schema/schema.graphql', () => {
  it('is what the resolvers produce (run `npm run schema:emit` after changing them)', async () => {
    const emitted = printHubSchema(await buildHubSchema(createHubPubSub()));
    const checkedIn = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(emitted);
  });

  it('marks the fields that need a credential and their roles', async () => {
    const emitted = printHubSchema(await buildHubSchema(createHubPubSub()));
    expect(emitted).toMatch(/me: Principal! @auth\(roles: \[\]\)/);
    expect(emitted).toMatch(/issueCredential\(input: IssueCredentialInput!\): IssuedCredential! @auth\(roles: \["ADMIN"\]\)/);
  });
});
