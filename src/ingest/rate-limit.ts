/**
 * Fixed-window rate limits: per DSN key (`rate_limit_count` per `rate_limit_window` seconds) and
 * a per-process global safety valve. Decisions are made locally and synchronously; with a
 * shared counter store (Redis in server mode) the local deltas of all keys are flushed every
 * `syncIntervalMs` in one pipelined INCRBY+EXPIRE batch, and the totals that come back include
 * the other ingest processes' traffic. Over-admission is bounded by one sync interval.
 * Response headers: https://develop.sentry.dev/sdk/expected-features/rate-limiting/ (§2.5).
 */
import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number;
}

/** Shared counters: adds deltas, returns the totals (same order). */
export interface CounterStore {
  add(entries: ReadonlyArray<{ key: string; delta: number; ttlSec: number }>): Promise<number[]>;
  close?(): Promise<void>;
}

interface Window {
  key: string;
  endsAt: number;
  ttlSec: number;
  /** Total known from the store (includes our synced deltas). */
  shared: number;
  /** Our increments not yet sent. */
  pending: number;
  /** Increments in flight to the store. */
  sending: number;
}

export class WindowLimiter {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly store: CounterStore | null = null,
    private readonly prefix = 'faultline:rl',
    syncIntervalMs = 50,
  ) {
    if (store) {
      this.timer = setInterval(() => void this.sync(), syncIntervalMs);
      this.timer.unref();
    }
  }

  /** Takes `quantity` from `id`'s budget of `limit` per `windowSec`, if it fits. */
  take(id: string, limit: number, windowSec: number, quantity: number, now = Date.now()): RateDecision {
    const windowMs = Math.max(1, windowSec) * 1000;
    const index = Math.floor(now / windowMs);
    const endsAt = (index + 1) * windowMs;
    const retryAfter = Math.max(1, Math.ceil((endsAt - now) / 1000));
    const mapKey = `${id}:${windowSec}:${index}`;
    let w = this.windows.get(mapKey);
    if (!w) {
      if (this.windows.size > 50_000) this.sweep(now);
      w = {
        key: `${this.prefix}:${mapKey}`,
        endsAt,
        ttlSec: Math.ceil(windowMs / 1000) + 5,
        shared: 0,
        pending: 0,
        sending: 0,
      };
      this.windows.set(mapKey, w);
    }
    if (w.shared + w.pending + w.sending + quantity > limit) return { allowed: false, retryAfter };
    w.pending += quantity;
    return { allowed: true, retryAfter };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
  }

  /** Sends pending deltas (and refreshes totals of live windows). */
  sync(): Promise<void> {
    if (!this.store || this.syncing) return this.syncing ?? Promise.resolve();
    const now = Date.now();
    this.sweep(now);
    const batch = [...this.windows.values()];
    if (batch.length === 0) return Promise.resolve();
    for (const w of batch) {
      w.sending = w.pending;
      w.pending = 0;
    }
    const store = this.store;
    this.syncing = store
      .add(batch.map((w) => ({ key: w.key, delta: w.sending, ttlSec: w.ttlSec })))
      .then(
        (totals) => {
          batch.forEach((w, i) => {
            const total = totals[i];
            if (typeof total === 'number' && Number.isFinite(total)) w.shared = Math.max(w.shared, total);
            else w.pending += w.sending;
            w.sending = 0;
          });
        },
        () => {
          // Store unreachable: keep counting locally and retry with the next sync.
          for (const w of batch) {
            w.pending += w.sending;
            w.sending = 0;
          }
        },
      )
      .finally(() => {
        this.syncing = null;
      });
    return this.syncing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sync();
    await this.store?.close?.();
  }
}

/** Redis counters: one pipeline of INCRBY + EXPIRE NX per key, per sync. */
export function redisCounterStore(redis: Redis): CounterStore {
  return {
    async add(entries) {
      const p = redis.pipeline();
      for (const e of entries) {
        p.incrby(e.key, e.delta);
        p.expire(e.key, e.ttlSec, 'NX');
      }
      const results = (await p.exec()) ?? [];
      return entries.map((_, i) => {
        const [err, value] = results[i * 2] ?? [new Error('missing reply'), null];
        return err ? Number.NaN : Number(value);
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** `X-Sentry-Rate-Limits` value: `retry_after:categories:scope[:reason]`. */
export function rateLimitHeader(
  retryAfter: number,
  categories: readonly string[],
  scope: string,
  reason?: string,
): string {
  return `${retryAfter}:${categories.join(';')}:${scope}${reason ? `:${reason}` : ''}`;
}
