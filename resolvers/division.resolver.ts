import { Arg, Int, Query, Resolver } from 'type-graphql';
import { searchDivisions } from '../domain/divisions.js';
import { badUserInput } from '../domain/errors.js';
import { RequiresAuth } from '../schema/auth.js';
import { DivisionType } from '../schema/division.type.js';

@Resolver()
export class DivisionResolver {
  @Query(() => [DivisionType], {
    description:
      'Current GB/T 2260 divisions whose code starts with `search` or whose full name contains it, by code: what a registration form offers.',
  })
  @RequiresAuth()
  divisions(
    @Arg('search') search: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'At most this many, 1–100 (default 20).' }) first: number,
  ): DivisionType[] {
    if ([...search].length > 50) throw badUserInput('search', 'must be at most 50 characters');
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badUserInput('first', 'must be a whole number from 1 to 100');
    return searchDivisions(search.normalize('NFKC'), first);
  }
}
