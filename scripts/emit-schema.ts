import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildHubSchema } from '../server/build-schema.js';
import { printHubSchema } from '../schema/print-schema.js';
import { createHubPubSub } from '../support/pubsub.js';

/** `npm run schema:emit`: writes `schema/schema.graphql` from the resolvers. */
const target = path.resolve(import.meta.dirname, '../../schema/schema.graphql');
await writeFile(target, printHubSchema(await buildHubSchema(createHubPubSub())));
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
