import { z } from 'zod';
import { badUserInput } from '../errors.js';
import { ConnectorKind } from '../../entities/connector-kind.js';

/**
 * The settings each connector kind needs, checked when a connector is registered or changed, so
 * a malformed URL or mapping is refused with its reason instead of failing every delivery later.
 * Secrets are checked here too, but stored apart and never returned.
 */
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain SQL identifier (letters, digits, underscores)');
const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}, 'must be an absolute http:// or https:// URL');
const natsUrl = z.string().regex(/^(nats|tls):\/\/[^\s/]+(:\d+)?$/, 'must be a nats://host:port URL');
/**
 * The broker's address, with the user but never the password: a connector's config is returned
 * to admins by the API and secrets never are, so the password goes in the secret `password`.
 */
const amqpUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'amqp:' || url.protocol === 'amqps:') && Boolean(url.hostname) && !/\s/.test(value);
    } catch {
      return false;
    }
  }, 'must be an absolute amqp:// or amqps:// URL (amqp://user@host:port/vhost)')
  .refine((value) => !URL.canParse(value) || new URL(value).password === '', 'must not carry a password: put it in secrets.password');
/** A topic exchange the hub may declare: AMQP's name characters, not the broker's reserved `amq.` names. */
const amqpExchange = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,127}$/, 'must be 1–127 letters, digits, dots, colons, dashes or underscores')
  .refine((name) => !name.startsWith('amq.'), 'must not start with amq. (reserved by the broker)');
/** Only the two placeholders, so a typo such as `{dept}` is refused rather than published literally. */
const routingKeyTemplate = z
  .string()
  .max(200, 'must be at most 200 characters')
  .regex(
    /^(?:[A-Za-z0-9_.-]|\{department\}|\{type\})+$/,
    'must be letters, digits, dots, dashes or underscores, with {department} and {type} placeholders',
  );
/** The offset of a source's date-times that carry none (default +08:00, China Standard Time). */
const utcOffset = z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must be a UTC offset such as +08:00');
const milliseconds = (min: number, max: number) => z.number().int().min(min).max(max);
const wholeNumber = (min: number, max: number) =>
  z
    .number()
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);
/** Where a column's value comes from: `$id`, `$type`, `$aggregateKey`, `$occurredAt`, `$sequence`, `$payloadVersion`, `data` (JSON) or `data.<path>`. */
const messageSource = z
  .string()
  .regex(
    /^(\$(id|type|aggregateType|aggregateKey|occurredAt|sequence|payloadVersion|department)|data(\.[A-Za-z0-9_]+)*)$/,
    'must be $id, $type, $aggregateType, $aggregateKey, $occurredAt, $sequence, $payloadVersion, $department, data (the whole payload as JSON) or data.<field>',
  );

/** Every outbound kind: retries, circuit and bulkhead (defaults in delivery-settings.ts). */
const retry = {
  backoffBaseMs: milliseconds(10, 3_600_000).optional(),
  backoffMaxMs: milliseconds(10, 86_400_000).optional(),
  /** How long after a delivery's first failure it is retried (default 72 h); from a second (tests compress time) to 30 days. */
  retryHorizonMs: milliseconds(1_000, 30 * 86_400_000).optional(),
  circuitFailureThreshold: wholeNumber(1, 1_000).optional(),
  circuitProbeMs: milliseconds(10, 3_600_000).optional(),
  concurrency: wholeNumber(1, 64).optional(),
};

const sqlServer = {
  dialect: z.enum(['mysql', 'postgresql']),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  database: identifier,
  user: z.string().min(1),
};

const configSchemas = {
  [ConnectorKind.WEBHOOK]: z.strictObject({
    url: httpUrl,
    timeoutMs: milliseconds(100, 120_000).optional(),
    /** Old systems answer 200 with an error body: when set, a 2xx counts only if `body[successField] == successValue`. */
    successField: z.string().min(1).optional(),
    successValue: z.union([z.string(), z.number(), z.boolean()]).optional(),
    ...retry,
  }),
  [ConnectorKind.SQL_TABLE]: z
    .strictObject({
      ...sqlServer,
      table: identifier,
      columns: z.record(identifier, messageSource).refine((columns) => Object.keys(columns).length > 0, 'must map at least one column'),
      keyColumns: z.array(identifier).min(1),
      timeoutMs: milliseconds(100, 120_000).optional(),
      ...retry,
    })
    .superRefine((config, context) => {
      for (const [index, key] of config.keyColumns.entries()) {
        if (!(key in config.columns))
          context.addIssue({ code: 'custom', path: ['keyColumns', index], message: `"${key}" is not a mapped column` });
      }
    }),
  [ConnectorKind.NATS]: z.strictObject({
    servers: z.array(natsUrl).min(1),
    /** Subject template; `{department}` and `{type}` are filled in. */
    subject: z
      .string()
      .regex(/^[A-Za-z0-9_{}.-]+$/, 'must be a NATS subject (letters, digits, dots; {department} and {type} placeholders)')
      .optional(),
    timeoutMs: milliseconds(100, 120_000).optional(),
    ...retry,
  }),
  [ConnectorKind.RABBITMQ]: z.strictObject({
    url: amqpUrl,
    /** Declared by the hub as a durable topic exchange (default `hub`). */
    exchange: amqpExchange.optional(),
    /** Routing key template; `{department}` and `{type}` are filled in (default `hub.{department}.{type}`). */
    routingKey: routingKeyTemplate.optional(),
    timeoutMs: milliseconds(100, 120_000).optional(),
    ...retry,
  }),
  [ConnectorKind.INBOUND_WEBHOOK]: z.strictObject({
    /** How far a signed timestamp may be from the hub's clock, against replayed requests. */
    toleranceSeconds: z.number().int().min(1).max(86_400).optional(),
  }),
  [ConnectorKind.REST_PULL]: z.strictObject({
    url: httpUrl,
    intervalMs: milliseconds(50, 86_400_000).optional(),
    timeoutMs: milliseconds(100, 120_000).optional(),
    cursorParam: z.string().min(1).optional(),
    itemsField: z.string().min(1).optional(),
    nextCursorField: z.string().min(1).optional(),
  }),
  [ConnectorKind.SQL_PULL]: z.strictObject({
    ...sqlServer,
    table: identifier,
    recordType: z.string().min(1),
    idColumn: identifier,
    cursorColumn: identifier,
    keyColumn: identifier,
    /** Record field ← table column. */
    columns: z.record(z.string().min(1), identifier).refine((columns) => Object.keys(columns).length > 0, 'must map at least one field'),
    intervalMs: milliseconds(50, 86_400_000).optional(),
    timeZone: utcOffset.optional(),
  }),
  [ConnectorKind.FILE_IMPORT]: z.strictObject({
    recordType: z.string().min(1),
    keyColumn: z.string().min(1),
    idColumn: z.string().min(1).optional(),
    /** Record field ← spreadsheet column header. */
    columns: z
      .record(z.string().min(1), z.string().min(1))
      .refine((columns) => Object.keys(columns).length > 0, 'must map at least one field'),
    timeZone: utcOffset.optional(),
  }),
} satisfies Record<ConnectorKind, z.ZodType>;

const hmacSecret = z.string().min(16, 'must be at least 16 characters');
const secretSchemas = {
  [ConnectorKind.WEBHOOK]: z.strictObject({ hmacSecret }),
  [ConnectorKind.SQL_TABLE]: z.strictObject({ password: z.string().optional() }),
  [ConnectorKind.NATS]: z.strictObject({ token: z.string().min(1).optional() }),
  /** The password of the URL's user (RabbitMQ's default guest/guest when neither is given). */
  [ConnectorKind.RABBITMQ]: z.strictObject({ password: z.string().min(1).optional() }),
  [ConnectorKind.INBOUND_WEBHOOK]: z.strictObject({ hmacSecret }),
  [ConnectorKind.REST_PULL]: z.strictObject({ bearerToken: z.string().min(1).optional() }),
  [ConnectorKind.SQL_PULL]: z.strictObject({ password: z.string().optional() }),
  [ConnectorKind.FILE_IMPORT]: z.strictObject({}),
} satisfies Record<ConnectorKind, z.ZodType>;

export type WebhookConfig = z.infer<(typeof configSchemas)[ConnectorKind.WEBHOOK]>;
export type SqlTableConfig = z.infer<(typeof configSchemas)[ConnectorKind.SQL_TABLE]>;
export type NatsConfig = z.infer<(typeof configSchemas)[ConnectorKind.NATS]>;
export type RabbitMqConfig = z.infer<(typeof configSchemas)[ConnectorKind.RABBITMQ]>;
export type RestPullConfig = z.infer<(typeof configSchemas)[ConnectorKind.REST_PULL]>;
export type SqlPullConfig = z.infer<(typeof configSchemas)[ConnectorKind.SQL_PULL]>;
export type FileImportConfig = z.infer<(typeof configSchemas)[ConnectorKind.FILE_IMPORT]>;

function check<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String);
  let message = issue.message;
  if (issue.code === 'invalid_key') {
    // A bad key (a column name) is reported on the map that holds it, with the key's own reason.
    const key = path.pop();
    message = `key ${JSON.stringify(key)} ${issue.issues[0]?.message ?? 'is not allowed'}`;
  }
  throw badUserInput(path.length ? `${field}.${path.join('.')}` : field, message);
}

export function checkConnectorConfig(kind: ConnectorKind, config: unknown): Record<string, unknown> {
  return check(configSchemas[kind] as z.ZodType<Record<string, unknown>>, config, 'input.config');
}

export function checkConnectorSecrets(kind: ConnectorKind, secrets: unknown): Record<string, string> {
  return check(secretSchemas[kind] as z.ZodType<Record<string, string>>, secrets, 'input.secrets');
}
