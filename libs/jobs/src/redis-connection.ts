import IORedis, { RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ. `maxRetriesPerRequest: null` lets blocking worker commands wait
 * through a Redis restart instead of failing; queues (producers) fail fast instead.
 */
export function createRedisConnection(url: string, role: 'worker' | 'producer', name: string): IORedis {
  const options: RedisOptions = {
    connectionName: `sesame-${name}`,
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    retryStrategy: (times) => Math.min(times * 200, 5000),
  };
  return new IORedis(url, options);
}
