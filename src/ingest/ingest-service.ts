/**
 * What ingest does with one request once the HTTP layer has the body: resolve and check the DSN
 * key, validate the envelope, apply rate limits, enqueue durably, count outcomes, and say what
 * to answer. HTTP-independent so that routes stay thin.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { type IngestMessage, type Queue, QueueFullError } from '../queue/types.js';
import { AppError, type ErrorCode } from '../shared/errors.js';
import { isOriginAllowed } from './cors.js';
import { type InspectedEnvelope, inspectEnvelope } from './inspect-envelope.js';
import { type IngestKey, KeyCache, type KeyLookup } from './key-cache.js';
import type { OutcomeRecorder } from './outcomes.js';
import { type Envelope, KEY_LIMITED_CATEGORIES, serializeEnvelope } from './protocol/index.js';
import { rateLimitHeader, redisCounterStore, WindowLimiter } from './rate-limit.js';

export interface IngestServiceDeps {
  config: Pick<Config, 'defaultKeyRateLimit' | 'globalRateLimit'>;
  queue: Queue | undefined;
  lookup: KeyLookup;
  outcomes: OutcomeRecorder;
  /** Shared rate-limit counters (server mode). */
  redis?: Redis | undefined;
  keyCacheTtlMs?: number;
}

export interface AcceptResult {
  status: 200 | 429;
  eventId: string | null;
  headers?: Record<string, string>;
}

export interface RequestMeta {
  receivedAt: number;
  remoteAddr: string | null;
  userAgent: string | null;
}

/** Seconds SDKs are asked to wait when the spool is full. */
const QUEUE_FULL_RETRY_AFTER = 60;

const OUTCOME_REASONS: Partial<Record<ErrorCode, string>> = {
  invalid_envelope: 'invalid_envelope',
  bad_request: 'invalid_request',
  payload_too_large: 'too_large',
  unsupported_media_type: 'unsupported_encoding',
};

export class IngestService {
  readonly keys: KeyCache;
  private readonly keyLimiter: WindowLimiter;
  private readonly globalLimiter = new WindowLimiter(null);

  constructor(private readonly deps: IngestServiceDeps) {
    this.keys = new KeyCache(deps.lookup, deps.keyCacheTtlMs ?? 3_000);
    this.keyLimiter = new WindowLimiter(deps.redis ? redisCounterStore(deps.redis) : null);
  }

  /** The key for `publicKey`, checked against the path's project and the request's origin. */
  async resolveKey(publicKey: string, projectId: string | undefined, origin: string | null): Promise<IngestKey> {
    const key = await this.keys.get(publicKey);
    if (!key) throw new AppError('unauthorized', 'unknown public key (check the DSN)');
    if (projectId !== undefined && String(key.projectId) !== projectId) {
      throw new AppError('forbidden', `the DSN key does not belong to project ${projectId}`);
    }
    if (!key.isActive) throw new AppError('forbidden', 'the DSN key is disabled');
    if (origin !== null && !isOriginAllowed(origin, key.allowedOrigins)) {
      this.deps.outcomes.record(key.projectId, key.keyId, 'default', 'filtered', 'origin_not_allowed', 1);
      throw new AppError('forbidden', `Invalid origin: ${origin.slice(0, 200)}`);
    }
    return key;
  }

  /** The per-process safety valve; throws 429 when the instance takes more than it can. */
  checkGlobal(key: IngestKey): void {
    const limit = this.deps.config.globalRateLimit;
    if (!limit) return;
    const d = this.globalLimiter.take('global', limit, 1, 1);
    if (d.allowed) return;
    this.deps.outcomes.record(key.projectId, key.keyId, 'default', 'rate_limited', 'global_rate_limit', 1);
    throw new AppError('rate_limited', 'Server is overloaded: too many events', {
      headers: {
        'retry-after': String(d.retryAfter),
        'x-sentry-rate-limits': rateLimitHeader(d.retryAfter, [], 'organization', 'global_rate_limit'),
      },
    });
  }

  /** Records a `filtered` outcome for items ingest drops on purpose (e.g. unsupported reports). */
  recordFiltered(key: IngestKey, category: string, reason: string, quantity: number, at: number): void {
    this.deps.outcomes.record(key.projectId, key.keyId, category, 'filtered', reason, quantity, at);
  }

  /** Records an `invalid` outcome for a request rejected with a 4xx after its key was known. */
  recordRejected(key: IngestKey, err: unknown): void {
    if (!(err instanceof AppError) || err.status >= 500) return;
    const reason = OUTCOME_REASONS[err.code];
    if (reason) this.deps.outcomes.record(key.projectId, key.keyId, 'default', 'invalid', reason, 1);
  }

  private keyLimit(key: IngestKey): { limit: number; window: number } | null {
    if (key.rateLimitCount !== null && key.rateLimitCount > 0) {
      return {
        limit: key.rateLimitCount,
        window: key.rateLimitWindow && key.rateLimitWindow > 0 ? key.rateLimitWindow : 60,
      };
    }
    const def = this.deps.config.defaultKeyRateLimit;
    return def > 0 ? { limit: def, window: 60 } : null;
  }

  /** Validates, rate-limits, enqueues and counts one envelope. */
  async accept(key: IngestKey, envelope: Envelope, raw: Buffer, meta: RequestMeta): Promise<AcceptResult> {
    const inspected = inspectEnvelope(envelope);
    const { outcomes } = this.deps;
    const at = meta.receivedAt;
    for (const [category, qty] of inspected.unsupported) {
      outcomes.record(key.projectId, key.keyId, category, 'filtered', 'unsupported_item', qty, at);
    }
    for (const d of inspected.clientDiscards) {
      outcomes.record(key.projectId, key.keyId, d.category, 'client_discard', d.reason, d.quantity, at);
    }

    let limitedHeaders: Record<string, string> | undefined;
    const limitedQty = inspected.items.filter((i) => i.keyLimited && i.forward).length;
    const limit = limitedQty > 0 ? this.keyLimit(key) : null;
    if (limit) {
      const d = this.keyLimiter.take(`k${key.keyId}`, limit.limit, limit.window, limitedQty, at);
      if (!d.allowed) {
        limitedHeaders = {
          'retry-after': String(d.retryAfter),
          'x-sentry-rate-limits': rateLimitHeader(d.retryAfter, KEY_LIMITED_CATEGORIES, 'key'),
        };
        for (const i of inspected.items) {
          // The error event goes, and with it what belongs to it (attachments, user reports).
          const type = i.item.header.type;
          if (!i.forward || !(i.keyLimited || type === 'attachment' || type === 'user_report')) continue;
          i.forward = false;
          for (const [category, qty] of i.quantities) {
            outcomes.record(key.projectId, key.keyId, category, 'rate_limited', 'key_quota', qty, at);
          }
        }
      }
    }

    const forward = this.forwardBytes(inspected, raw);
    if (forward) {
      if (!this.deps.queue) throw new AppError('unavailable', 'ingest is not ready: no queue configured');
      const message: IngestMessage = {
        v: 1,
        projectId: key.projectId,
        keyId: key.keyId,
        receivedAt: meta.receivedAt,
        remoteAddr: meta.remoteAddr,
        userAgent: meta.userAgent,
        envelope: forward,
      };
      try {
        await this.deps.queue.enqueue([message]);
      } catch (err) {
        if (err instanceof QueueFullError) {
          // Backpressure, not a fault: SDKs back off for Retry-After (on any status).
          throw new AppError('unavailable', 'the ingest queue is full (processing is behind), retry later', {
            headers: { 'retry-after': String(QUEUE_FULL_RETRY_AFTER) },
          });
        }
        throw new AppError('unavailable', 'the ingest queue is unavailable, retry later', { cause: err });
      }
      for (const i of inspected.items) {
        if (!i.forward) continue;
        for (const [category, qty] of i.quantities)
          outcomes.record(key.projectId, key.keyId, category, 'accepted', '', qty, at);
      }
    }
    if (limitedHeaders) return { status: 429, eventId: inspected.eventId, headers: limitedHeaders };
    return { status: 200, eventId: inspected.eventId };
  }

  /** The envelope bytes to enqueue: the received ones when nothing changed, else re-serialized. */
  private forwardBytes(inspected: InspectedEnvelope, raw: Buffer): Buffer | null {
    const kept = inspected.items.filter((i) => i.forward);
    if (kept.length === 0) return null;
    const unchanged =
      kept.length === inspected.envelope.items.length && inspected.headerRaw === inspected.envelope.headerRaw;
    return unchanged
      ? raw
      : serializeEnvelope(
          inspected.headerRaw,
          kept.map((i) => i.item),
        );
  }

  async close(): Promise<void> {
    await this.keyLimiter.close();
    await this.globalLimiter.close();
  }
}
