/**
 * Where live issue notifications come from: the in-process pipeline (`pipelineEvents`) and, in
 * server mode where the worker is another process (role `web`), the Redis channel
 * `faultline:live`. One Redis subscriber per process, opened on the first SSE client.
 */
import { Redis } from 'ioredis';
import type { Config } from '../../config/index.js';
import { type IssueNotification, LIVE_CHANNEL, parseLiveMessage, pipelineEvents } from '../../pipeline/index.js';

export type LiveListener = (n: IssueNotification) => void;

export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private redis: Redis | undefined;
  private readonly onLocal = (n: IssueNotification) => this.dispatch(n);

  constructor(private readonly config: Pick<Config, 'redisUrl' | 'role'>) {}

  /** Notifications cross processes only when the worker is elsewhere (role `web` with Redis). */
  private get remote(): boolean {
    return this.config.redisUrl !== undefined && this.config.role === 'web';
  }

  subscribe(listener: LiveListener): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  private dispatch(n: IssueNotification): void {
    for (const l of this.listeners) {
      try {
        l(n);
      } catch {
        // One broken connection must not stop the others.
      }
    }
  }

  private start(): void {
    pipelineEvents.on('issue', this.onLocal);
    if (this.remote && !this.redis) {
      const redis = new Redis(this.config.redisUrl!, { lazyConnect: false, maxRetriesPerRequest: null });
      redis.on('error', () => {
        // Reconnects by itself; live updates pause meanwhile.
      });
      redis.on('message', (channel: string, message: string) => {
        if (channel !== LIVE_CHANNEL || message.length > 10_000_000) return;
        for (const n of parseLiveMessage(message)) this.dispatch(n);
      });
      void redis.subscribe(LIVE_CHANNEL).catch(() => {});
      this.redis = redis;
    }
  }

  private stop(): void {
    pipelineEvents.off('issue', this.onLocal);
    const redis = this.redis;
    this.redis = undefined;
    if (redis) redis.disconnect();
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }
}
