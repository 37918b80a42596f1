import { Arg, Query, Resolver } from 'type-graphql';
import { badUserInput } from '../domain/errors.js';
import { checkUscc } from '../domain/uscc.js';
import { RequiresAuth } from '../schema/auth.js';
import { UsccCheck } from '../schema/uscc-check.type.js';

@Resolver()
export class UsccResolver {
  @Query(() => UsccCheck, { description: 'Checks a unified social credit code against GB 32100 and GB 11714, and says why it fails.' })
  @RequiresAuth()
  checkUscc(@Arg('code') code: string): UsccCheck {
    if (code.length > 64) throw badUserInput('code', 'must be at most 64 characters');
    const result = checkUscc(code.normalize('NFKC').trim().toUpperCase());
    return {
      code: result.code,
      valid: result.valid,
      parts: result.parts ?? null,
      failures: result.failures,
      acceptedAsKnownException: result.acceptedAsKnownException,
    };
  }
}
