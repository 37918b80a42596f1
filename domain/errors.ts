/**
 * The error codes of the API. Clients branch on `extensions.code`, so these never change meaning;
 * `extensions.field` names the offending argument or input field where there is one. Domain code
 * throws these without knowing about GraphQL; `schema/format-error.ts` turns them into responses.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The hub cannot serve right now (its database is not answering): retry after `Retry-After`. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badUserInput = (field: string, reason: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, field, details);
export const unauthenticated = (reason: string) => new DomainError(ErrorCode.UNAUTHENTICATED, reason);
export const forbidden = (reason: string, field?: string) => new DomainError(ErrorCode.FORBIDDEN, reason, field);
export const notFound = (field: string, reason: string) => new DomainError(ErrorCode.NOT_FOUND, `${field}: ${reason}`, field);
export const conflict = (field: string, reason: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.CONFLICT, `${field}: ${reason}`, field, details);
