/**
 * The queue between ingest and the pipeline. `createQueue(config)` picks the implementation:
 * Redis Streams when REDIS_URL is set (server mode, shared by every process), otherwise the
 * fsync'd spool in `<dataDir>/spool/` (embedded mode, one process).
 */
import path from 'node:path';
import type { Config } from '../config/index.js';
import { ConfigError } from '../shared/errors.js';
import { openRedisQueue } from './redis-queue.js';
import { openSpoolQueue } from './spool-queue.js';
import type { Queue } from './types.js';

export { decodeMessage, encodeMessage } from './message-codec.js';
export { openRedisQueue, RedisQueue, type RedisQueueOptions } from './redis-queue.js';
export { openSpoolQueue, SpoolQueue, type SpoolQueueOptions } from './spool-queue.js';
export { type Delivery, type IngestMessage, type Queue, QueueFullError } from './types.js';

export async function createQueue(
  config: Pick<Config, 'redisUrl' | 'dataDir'> & Partial<Pick<Config, 'spoolMaxMb'>>,
): Promise<Queue> {
  if (config.redisUrl) {
    try {
      return await openRedisQueue({ url: config.redisUrl });
    } catch (err) {
      const safe = config.redisUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
      throw new ConfigError(`cannot connect to Redis at ${safe}: ${(err as Error).message || String(err)}`);
    }
  }
  const maxMb = config.spoolMaxMb ?? 0;
  return openSpoolQueue({
    dir: path.join(config.dataDir, 'spool'),
    ...(maxMb > 0 ? { maxBytes: maxMb * 1024 * 1024 } : {}),
  });
}
