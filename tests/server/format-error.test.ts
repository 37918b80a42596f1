import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badUserInput } from '../../domain/errors.js';
import { createErrorFormatter, INTERNAL_ERROR_MESSAGE } from '../../schema/format-error.js';

function resolverError(original: Error) {
  const wrapped = new GraphQLError(original.message, { originalError: original, path: ['enterprise'] });
  return { formatted: wrapped.toJSON(), wrapped };
}

describe('error formatting', () => {
  it('hides the message of an unexpected error outside development', () => {
    const { formatted, wrapped } = resolverError(new Error('relation "enterprise" does not exist: select * from …'));
    const result = createErrorFormatter(false)(formatted, wrapped);
    expect(result.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain('select');
  });

  it('shows it in development', () => {
    const { formatted, wrapped } = resolverError(new Error('relation "enterprise" does not exist'));
    expect(createErrorFormatter(true)(formatted, wrapped).message).toContain('relation "enterprise"');
  });

  it('passes a domain error through with its code and field', () => {
    const { formatted, wrapped } = resolverError(badUserInput('input.name', 'must not be empty'));
    const result = createErrorFormatter(false)(formatted, wrapped);
    expect(result.message).toBe('input.name: must not be empty');
    expect(result.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });
});
