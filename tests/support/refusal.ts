import { expect } from 'vitest';
import { DomainError } from '../../domain/errors.js';

/** The DomainError a domain step was refused with; fails the test if the step went through or failed otherwise. */
export async function refusal(step: Promise<unknown>): Promise<DomainError> {
  const error = await step.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, 'the step was refused').toBeInstanceOf(DomainError);
  return error as DomainError;
}
