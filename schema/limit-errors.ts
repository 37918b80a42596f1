import { GraphQLError } from 'graphql';

/**
 * One code per refused abuse, so a client (and an operator reading logs) knows which limit it hit
 * without parsing messages. `extensions.limit` names the limit's setting, `max` its value and
 * `actual` what the request asked for; a page over the largest also names its argument (`field: first`).
 */
export const LimitErrorCode = {
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_ROOT_FIELDS: 'TOO_MANY_ROOT_FIELDS',
  BATCH_TOO_LARGE: 'BATCH_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  PAGE_TOO_LARGE: 'PAGE_TOO_LARGE',
  TOO_MANY_OPERATIONS: 'TOO_MANY_OPERATIONS',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
} as const;
export type LimitErrorCode = (typeof LimitErrorCode)[keyof typeof LimitErrorCode];

export function limitError(
  code: LimitErrorCode,
  message: string,
  limit: { name: string; max: number; actual?: number },
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      limit: limit.name,
      max: limit.max,
      ...(limit.actual === undefined ? {} : { actual: limit.actual }),
      ...extra,
      http: { status: 400 },
    },
  });
}
