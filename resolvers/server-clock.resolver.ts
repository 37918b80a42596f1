import { Arg, Field, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { badUserInput } from '../domain/errors.js';
import { RequiresAuth } from '../schema/auth.js';

@ObjectType({ description: "A tick of the hub's clock." })
export class ClockTick {
  @Field({ description: 'The hub time of this tick.' })
  at!: Date;
}

@Resolver()
export class ServerClockResolver {
  @Subscription(() => ClockTick, {
    description: "The hub's time every intervalSeconds: screens show it and notice a lost connection by its absence.",
    subscribe: ({ args }) => ticks(checkedInterval(args.intervalSeconds)),
  })
  @RequiresAuth()
  serverClock(@Root() tick: ClockTick, @Arg('intervalSeconds', () => Int, { defaultValue: 1 }) _interval: number): ClockTick {
    return tick;
  }
}

function checkedInterval(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 60) {
    throw badUserInput('intervalSeconds', 'must be a whole number from 1 to 60');
  }
  return value;
}

async function* ticks(intervalSeconds: number): AsyncGenerator<ClockTick> {
  for (;;) {
    yield { at: new Date() };
    await new Promise((resolve) => setTimeout(resolve, intervalSeconds * 1000));
  }
}
