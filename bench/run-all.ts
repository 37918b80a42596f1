import 'reflect-metadata';
import { bulkImport } from './bulk-import.js';
import { fanOut } from './fan-out.js';
import { mixedWrites } from './mixed-writes.js';
import { nestedReads } from './nested-reads.js';
import { pointLookups } from './point-lookups.js';
import { registrations } from './registrations.js';
import { runScenarios } from './support/run-scenarios.js';

/** `npm run bench`: every scenario against its peer, in one run on the same PostgreSQL server. */
await runScenarios([nestedReads, pointLookups, registrations, mixedWrites, fanOut, bulkImport], 'npm run bench');
