import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Principal } from '../../domain/auth/principal.js';
import { LimitErrorCode } from '../../schema/limit-errors.js';

export interface RateLimitConfig {
  /** Operations a principal may start per window. */
  requests: number;
  windowSeconds: number;
  /** Shared counters across hub instances; in process memory when null. */
  redisUrl: string | null;
  /** Separates the counters of hubs sharing one Redis (tests, environments). */
  keyPrefix?: string;
}

export interface RateLimiter {
  /** Counts one operation of `key`; returns the refusal (with HTTP 429 and Retry-After) when over the limit. */
  consume(key: string): Promise<GraphQLError | null>;
  close(): Promise<void>;
}

/** The counter key of a request: its credential, or the caller's address when anonymous. */
export function rateLimitKey(principal: Principal | null, address: string | undefined): string {
  return principal ? `credential:${principal.credentialId}` : `address:${address ?? 'unknown'}`;
}

/**
 * A per-principal rate limit (rate-limiter-flexible): in memory for one instance, in Redis when
 * REDIS_URL is set so every instance counts against the same budget. If Redis fails, counting
 * falls back to memory per instance rather than refusing every request or none.
 */
export function createRateLimiter(config: RateLimitConfig): RateLimiter {
  const options = { points: config.requests, duration: config.windowSeconds, keyPrefix: config.keyPrefix ?? 'hub-rate' };
  const memory = new RateLimiterMemory(options);
  let redis: Redis | null = null;
  let limiter: RateLimiterAbstract = memory;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', () => undefined);
    limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  }
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return null;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        return new GraphQLError(
          `Rate limit reached: at most ${config.requests} operations per ${config.windowSeconds} s per credential (RATE_LIMIT_REQUESTS / RATE_LIMIT_WINDOW_SECONDS); retry after ${retryAfterSeconds} s.`,
          {
            extensions: {
              code: LimitErrorCode.RATE_LIMITED,
              limit: 'RATE_LIMIT_REQUESTS',
              max: config.requests,
              windowSeconds: config.windowSeconds,
              retryAfterSeconds,
              http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
            },
          },
        );
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
