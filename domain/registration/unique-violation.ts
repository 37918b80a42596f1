import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** Whether `error` is the database refusing a row because of the named unique index. */
export function violatesUnique(error: unknown, constraintName: string): boolean {
  return error instanceof UniqueConstraintViolationException && error.message.includes(constraintName);
}
