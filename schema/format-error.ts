import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../domain/errors.js';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-trouble.js';
import { LimitErrorCode } from './limit-errors.js';

/**
 * Codes whose message was written for the client: the domain's, and the ones Apollo and
 * graphql-js raise for requests they could not parse, validate or route. Anything else is an
 * unexpected failure whose message may hold SQL or internals, so outside development it is
 * replaced by a neutral one (the request id lets operators find the logged original).
 */
const CLIENT_FACING_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ...Object.values(LimitErrorCode),
]);

export const INTERNAL_ERROR_MESSAGE = 'Internal error. Quote the request id to the hub operators.';

export function createErrorFormatter(exposeInternals: boolean) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = unwrapResolverError(error);
    const { http: _http, stacktrace, ...extensions } = formatted.extensions ?? {};
    const debug = exposeInternals && stacktrace ? { stacktrace } : {};
    if (original instanceof DomainError) {
      return {
        ...formatted,
        message: original.message,
        extensions: {
          ...original.details,
          code: original.code,
          ...(original.field ? { field: original.field } : {}),
          ...debug,
        },
      };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message: DATABASE_UNAVAILABLE_MESSAGE,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, ...debug },
      };
    }
    const code = String(extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    if (code === ErrorCode.BAD_USER_INPUT && !extensions.field) {
      const field = variableFieldOf(formatted.message);
      if (field) return { ...formatted, extensions: { ...extensions, field, ...debug } };
    }
    if (CLIENT_FACING_CODES.has(code)) return { ...formatted, extensions: { ...extensions, ...debug } };
    if (exposeInternals) {
      return { ...formatted, extensions: { ...extensions, code: ErrorCode.INTERNAL_SERVER_ERROR, ...debug } };
    }
    return {
      message: INTERNAL_ERROR_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * graphql-js refuses a variable that does not fit its type before any resolver runs, with
 * `Variable "$input" got invalid value … at "input.kind"; …`; the field is taken from that
 * message so such errors name the field like the domain's own.
 */
export function variableFieldOf(message: string): string | null {
  const match = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value .*? at "([^"]+)"/.exec(message);
  if (match) return match[2];
  return /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message)?.[1] ?? null;
}
