import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../server/config.js';

describe('abuse-limit configuration', () => {
  it('has safe defaults: batching off, limits on, counters in memory', () => {
    const config = loadConfig({});
    expect(config.limits).toEqual({ maxDepth: 15, maxCost: 100_000, maxAliases: 30, maxRootFields: 10, maxBatchSize: 1 });
    expect(config.rateLimit).toEqual({ requests: 1200, windowSeconds: 60 });
    expect(config.redisUrl).toBeNull();
  });

  it('reads every limit and REDIS_URL from the environment', () => {
    const config = loadConfig({
      MAX_QUERY_DEPTH: '8',
      MAX_QUERY_COST: '5000',
      MAX_ALIASES: '5',
      MAX_ROOT_FIELDS: '3',
      MAX_BATCH_SIZE: '10',
      RATE_LIMIT_REQUESTS: '100',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      REDIS_URL: 'redis://cache.internal:6379/2',
    });
    expect(config.limits).toEqual({ maxDepth: 8, maxCost: 5000, maxAliases: 5, maxRootFields: 3, maxBatchSize: 10 });
    expect(config.rateLimit).toEqual({ requests: 100, windowSeconds: 10 });
    expect(config.redisUrl).toBe('redis://cache.internal:6379/2');
  });

  it('names each bad limit variable', () => {
    let error: unknown;
    try {
      loadConfig({ MAX_QUERY_DEPTH: 'deep', MAX_BATCH_SIZE: '1000', RATE_LIMIT_REQUESTS: '0', REDIS_URL: 'http://cache' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    expect(problems).toContain('MAX_QUERY_DEPTH="deep": must be a whole number');
    expect(problems).toContain('MAX_BATCH_SIZE="1000"');
    expect(problems).toContain('RATE_LIMIT_REQUESTS="0"');
    expect(problems).toContain('REDIS_URL="http://cache": must be a redis:// or rediss:// URL');
  });
});
