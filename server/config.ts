import path from 'node:path';
import { z } from 'zod';
import type { IntrospectionPolicy } from './introspection-policy.js';

/**
 * Configuration comes only from environment variables and is validated once at start. Every
 * variable has a safe default except secrets, which have none: a hub that cannot read its
 * configuration refuses to start and says which variable is wrong and why.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be one of true, false, 1, 0, yes, no' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(200).default(10),
  PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  DEMO_DATA: booleanFlag.default(true),
  DEMO_CREDENTIALS_FILE: z.string().min(1).default('./data/demo-credentials.json'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_REQUEST_BYTES: z.coerce.number({ message: 'must be a number of bytes' }).int().min(1024).default(1_000_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(100).default(10_000),
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(100).default(3_000),
  INTROSPECTION: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'authenticated'], { message: 'must be true (everyone), authenticated (requests with a credential) or false (nobody)' })
    .transform((value): IntrospectionPolicy => (value === 'authenticated' ? 'authenticated' : ['true', '1', 'yes'].includes(value) ? 'everyone' : 'nobody'))
    .optional(),
  DELIVERY_WORKERS: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(64).default(1),
  DELIVERY_POLL_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(10).default(1_000),
  DELIVERY_LEASE_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(500).default(60_000),
  DELIVERY_BATCH_SIZE: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(1_000).default(20),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
    .optional(),
  MAX_QUERY_DEPTH: z.coerce.number({ message: 'must be a whole number' }).int().min(2).max(100).default(15),
  MAX_QUERY_COST: z.coerce.number({ message: 'must be a whole number' }).int().min(10).default(100_000),
  MAX_ALIASES: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(10_000).default(30),
  MAX_ROOT_FIELDS: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(1_000).default(10),
  MAX_BATCH_SIZE: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(100).default(1),
  RATE_LIMIT_REQUESTS: z.coerce.number({ message: 'must be a whole number' }).int().min(1).default(1_200),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number({ message: 'must be seconds' }).int().min(1).max(86_400).default(60),
});

export type HubConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { driver: 'postgresql'; url: string; poolMax: number } | { driver: 'pglite'; dataDir: string };
  demoData: boolean;
  demoCredentialsFile: string;
  logLevel: string;
  maxRequestBytes: number;
  shutdownTimeoutMs: number;
  wsConnectionInitTimeoutMs: number;
  /** Who may introspect the schema (server/introspection-policy.ts). */
  introspection: IntrospectionPolicy;
  /** Outbox delivery to department systems (connectors/worker.ts). */
  delivery: { workers: number; pollMs: number; leaseMs: number; batchSize: number };
  /** Shared state across hub instances (rate-limit counters); null: in process memory. */
  redisUrl: string | null;
  /** Abuse limits checked before an operation runs (server/limits/). */
  limits: { maxDepth: number; maxCost: number; maxAliases: number; maxRootFields: number; maxBatchSize: number };
  rateLimit: { requests: number; windowSeconds: number; keyPrefix?: string };
};

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): HubConfig {
  // An empty variable is treated as unset, as shells and .env files often export `NAME=`.
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(present[String(issue.path[0])] ?? '')}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? { driver: 'postgresql', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX }
      : { driver: 'pglite', dataDir: path.resolve(env.PGLITE_DATA_DIR) },
    demoData: env.DEMO_DATA,
    demoCredentialsFile: path.resolve(env.DEMO_CREDENTIALS_FILE),
    logLevel: env.LOG_LEVEL,
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    wsConnectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
    introspection: env.INTROSPECTION ?? (env.NODE_ENV === 'production' ? 'authenticated' : 'everyone'),
    delivery: { workers: env.DELIVERY_WORKERS, pollMs: env.DELIVERY_POLL_MS, leaseMs: env.DELIVERY_LEASE_MS, batchSize: env.DELIVERY_BATCH_SIZE },
    redisUrl: env.REDIS_URL ?? null,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxCost: env.MAX_QUERY_COST,
      maxAliases: env.MAX_ALIASES,
      maxRootFields: env.MAX_ROOT_FIELDS,
      maxBatchSize: env.MAX_BATCH_SIZE,
    },
    rateLimit: { requests: env.RATE_LIMIT_REQUESTS, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
  };
}
