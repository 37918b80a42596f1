import path from 'node:path';
import { z } from 'zod';
import type { AccessLogKeySource } from '../domain/access-log/access-log-key.js';
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
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(100).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds (0: no limit)' }).int().min(0).default(15_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds (0: no limit)' }).int().min(0).default(20_000),
  PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  DEMO_DATA: booleanFlag.default(true),
  DEMO_CREDENTIALS_FILE: z.string().min(1).default('./data/demo-credentials.json'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_REQUEST_BYTES: z.coerce.number({ message: 'must be a number of bytes' }).int().min(1024).default(1_000_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(100).default(10_000),
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(100).default(3_000),
  WS_KEEPALIVE_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(100).default(12_000),
  WS_MAX_BUFFERED_BYTES: z.coerce.number({ message: 'must be a number of bytes' }).int().min(1024).default(1_048_576),
  INTROSPECTION: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'authenticated'], {
      message: 'must be true (everyone), authenticated (requests with a credential) or false (nobody)',
    })
    .transform((value): IntrospectionPolicy =>
      value === 'authenticated' ? 'authenticated' : ['true', '1', 'yes'].includes(value) ? 'everyone' : 'nobody',
    )
    .optional(),
  WS_MAX_OPERATIONS_PER_CONNECTION: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(100_000).default(100),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(100_000).default(50),
  WS_MAX_SUBSCRIPTIONS_PER_CREDENTIAL: z.coerce.number({ message: 'must be a whole number' }).int().min(1).max(10_000_000).default(1_000),
  DELIVERY_WORKERS: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(64).default(1),
  DELIVERY_POLL_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(10).default(1_000),
  DELIVERY_LEASE_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(300).default(15_000),
  DELIVERY_DRAIN_MS: z.coerce.number({ message: 'must be milliseconds' }).int().min(0).default(5_000),
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
  ACCESS_LOG_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
  ACCESS_LOG_KEY_FILE: z.string().min(1).default('./data/access-log.key'),
  ACCESS_LOG_CHECKPOINT_FILE: z.string().min(1).default('./data/access-log-checkpoints.jsonl'),
  ACCESS_LOG_CHECKPOINT_EVERY: z.coerce.number({ message: 'must be a whole number of entries' }).int().min(1).default(1_000),
  ACCESS_LOG_CHECKPOINT_SECONDS: z.coerce.number({ message: 'must be seconds' }).int().min(1).max(86_400).default(10),
});

/**
 * Where the access log's key comes from. Never the database (whoever administers it must not be able
 * to re-key the chain) and never a constant in the code. Without ACCESS_LOG_KEY a key is generated
 * once into a file beside the data, so `npm start` works with no configuration; a hub started with
 * NODE_ENV=production refuses to start without ACCESS_LOG_KEY instead, so a production log is never
 * keyed by a file that sits on the database host by accident.
 */
export type AccessLogKeySetting = AccessLogKeySource;

export type HubConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { driver: 'postgresql'; url: string; poolMax: number; timeouts?: DatabaseTimeouts } | { driver: 'pglite'; dataDir: string };
  demoData: boolean;
  demoCredentialsFile: string;
  logLevel: string;
  maxRequestBytes: number;
  shutdownTimeoutMs: number;
  wsConnectionInitTimeoutMs: number;
  /** How often WebSockets are pinged; a socket that has not answered the previous ping is ended. */
  wsKeepAliveMs: number;
  /** Unsent bytes a WebSocket may hold before the hub ends it as a client that stopped reading (server/websocket-keepalive.ts). */
  wsMaxBufferedBytes: number;
  /** Live operations one WebSocket, and one credential over all its sockets, may hold (server/limits/websocket-budget.ts). */
  webSocket: { maxOperationsPerConnection: number; maxSubscriptionsPerConnection: number; maxSubscriptionsPerCredential: number };
  /** Who may introspect the schema (server/introspection-policy.ts). */
  introspection: IntrospectionPolicy;
  /** Outbox delivery to department systems (connectors/worker.ts). */
  delivery: { workers: number; pollMs: number; leaseMs: number; batchSize: number; drainMs?: number };
  /** Shared state across hub instances (rate-limit counters); null: in process memory. */
  redisUrl: string | null;
  /** Abuse limits checked before an operation runs (server/limits/). */
  limits: { maxDepth: number; maxCost: number; maxAliases: number; maxRootFields: number; maxBatchSize: number };
  rateLimit: { requests: number; windowSeconds: number; keyPrefix?: string };
  /** The access log's key and its checkpoints (domain/access-log/). */
  accessLog: { key: AccessLogKeySetting; checkpointFile: string; checkpointEvery: number; checkpointSeconds: number };
};

/**
 * How long the hub waits on its PostgreSQL server before it answers 503 (schema/database-trouble.ts):
 * for a connection (opening one, or a free one from the pool), for a statement to run on the server
 * (`statement_timeout`), and for any answer at all — the one that still fires when the server is
 * frozen and enforces nothing. 0: no limit. Migrations run without the statement limits.
 */
export type DatabaseTimeouts = { connectMs: number; statementMs: number; queryMs: number };

const SECRETS = new Set(['ACCESS_LOG_KEY']);

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
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // A secret is never echoed into logs, not even a wrong one.
        const shown = SECRETS.has(name) ? '(hidden)' : JSON.stringify(present[name] ?? '');
        return `${issue.path.join('.')}=${shown}: ${issue.message}`;
      }),
    );
  }
  const env = parsed.data;
  // Only an explicit NODE_ENV=production demands the key: the default (production behaviour with no
  // NODE_ENV) must keep `npm start` working with no configuration at all.
  if (present.NODE_ENV === 'production' && !env.ACCESS_LOG_KEY) {
    throw new ConfigurationError([
      'ACCESS_LOG_KEY is not set: with NODE_ENV=production the access log needs its key from the environment ' +
        '(at least 32 characters, e.g. `openssl rand -base64 48`), kept off the database host',
    ]);
  }
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? {
          driver: 'postgresql',
          url: env.DATABASE_URL,
          poolMax: env.DATABASE_POOL_MAX,
          timeouts: {
            connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
            statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
            queryMs: env.DATABASE_QUERY_TIMEOUT_MS,
          },
        }
      : { driver: 'pglite', dataDir: path.resolve(env.PGLITE_DATA_DIR) },
    demoData: env.DEMO_DATA,
    demoCredentialsFile: path.resolve(env.DEMO_CREDENTIALS_FILE),
    logLevel: env.LOG_LEVEL,
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    wsConnectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
    wsKeepAliveMs: env.WS_KEEPALIVE_MS,
    wsMaxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
    webSocket: {
      maxOperationsPerConnection: env.WS_MAX_OPERATIONS_PER_CONNECTION,
      maxSubscriptionsPerConnection: env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxSubscriptionsPerCredential: env.WS_MAX_SUBSCRIPTIONS_PER_CREDENTIAL,
    },
    introspection: env.INTROSPECTION ?? (env.NODE_ENV === 'production' ? 'authenticated' : 'everyone'),
    delivery: {
      workers: env.DELIVERY_WORKERS,
      pollMs: env.DELIVERY_POLL_MS,
      leaseMs: env.DELIVERY_LEASE_MS,
      batchSize: env.DELIVERY_BATCH_SIZE,
      drainMs: env.DELIVERY_DRAIN_MS,
    },
    redisUrl: env.REDIS_URL ?? null,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxCost: env.MAX_QUERY_COST,
      maxAliases: env.MAX_ALIASES,
      maxRootFields: env.MAX_ROOT_FIELDS,
      maxBatchSize: env.MAX_BATCH_SIZE,
    },
    rateLimit: { requests: env.RATE_LIMIT_REQUESTS, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
    accessLog: {
      key: env.ACCESS_LOG_KEY
        ? { source: 'environment', secret: env.ACCESS_LOG_KEY }
        : { source: 'file', path: path.resolve(env.ACCESS_LOG_KEY_FILE) },
      checkpointFile: path.resolve(env.ACCESS_LOG_CHECKPOINT_FILE),
      checkpointEvery: env.ACCESS_LOG_CHECKPOINT_EVERY,
      checkpointSeconds: env.ACCESS_LOG_CHECKPOINT_SECONDS,
    },
  };
}
