import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { conflict } from '../../domain/errors.js';
import { isDatabaseUnavailable } from '../../schema/database-trouble.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection failure (08006)', withCode('connection failure', '08006')],
    ['a statement cancelled by statement_timeout (57014)', withCode('canceling statement due to statement timeout', '57014')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a dropped database (3D000)', withCode('database "hub" does not exist', '3D000')],
    ['the answer timeout', new Error('Query read timeout')],
    ['the pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a connection cut', new Error('Connection terminated unexpectedly')],
    ["MikroORM's connection exception", new ConnectionException(new Error('gone'))],
    ["MikroORM's wrapper of a refused connection", new DriverException(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))],
    ['a cause two levels down', new Error('outer', { cause: new Error('middle', { cause: withCode('x', '57P02') }) })],
    ['a resolver error wrapping it', new GraphQLError('wrapped', { originalError: new Error('Query read timeout') })],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new UniqueConstraintViolationException(withCode('duplicate key', '23505'))],
    ['a check violation', withCode('new row violates check constraint', '23514')],
    ['a syntax error (42601, not class 08)', withCode('syntax error', '42601')],
    ['a code that only starts like one', withCode('x', '080000')],
    ['a message that only contains the words', new Error('the Query read timeout setting is wrong')],
    ['a domain refusal', conflict('version', 'stale')],
    ['a bug', new TypeError('Cannot read properties of undefined')],
    ['nothing', undefined],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
