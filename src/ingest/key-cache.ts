/**
 * DSN key lookups, cached in memory for a few seconds (a disabled key stops working within
 * `ttlMs`). Concurrent misses for one key share one query; unknown keys are cached too, so a
 * flood with a wrong DSN costs one query per key per `ttlMs`.
 */
import { findProjectKeyByPublicKey } from '../accounts/index.js';
import type { Db } from '../storage/index.js';

export interface IngestKey {
  keyId: number;
  projectId: number;
  isActive: boolean;
  /** Events per `rateLimitWindow` seconds, or null for the instance default. */
  rateLimitCount: number | null;
  rateLimitWindow: number | null;
  /** Allowed browser origins; `["*"]` = any. */
  allowedOrigins: string[];
}

export type KeyLookup = (publicKey: string) => Promise<IngestKey | null>;

function originsFrom(options: unknown): string[] {
  let opts = options;
  if (typeof opts === 'string') {
    try {
      opts = JSON.parse(opts);
    } catch {
      return ['*'];
    }
  }
  if (!opts || typeof opts !== 'object') return ['*'];
  const o = opts as Record<string, unknown>;
  const raw = o.allowedOrigins ?? o['sentry:origins'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\n,]/) : null;
  if (!list) return ['*'];
  const origins = list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(Boolean);
  return origins.length > 0 ? origins : ['*'];
}

export function dbKeyLookup(db: Db): KeyLookup {
  return async (publicKey) => {
    const row = await findProjectKeyByPublicKey(db, publicKey);
    if (!row) return null;
    return {
      keyId: row.keyId,
      projectId: row.projectId,
      isActive: row.isActive,
      rateLimitCount: row.rateLimitCount,
      rateLimitWindow: row.rateLimitWindow,
      allowedOrigins: originsFrom(row.projectOptions),
    };
  };
}

export class KeyCache {
  private readonly entries = new Map<string, { value: Promise<IngestKey | null>; expires: number }>();

  constructor(
    private readonly lookup: KeyLookup,
    private readonly ttlMs = 3_000,
    private readonly maxEntries = 20_000,
  ) {}

  get(publicKey: string): Promise<IngestKey | null> {
    const now = Date.now();
    const hit = this.entries.get(publicKey);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = this.lookup(publicKey);
    const entry = { value, expires: now + this.ttlMs };
    this.entries.set(publicKey, entry);
    // A failed lookup (database down) is not cached.
    value.catch(() => {
      if (this.entries.get(publicKey) === entry) this.entries.delete(publicKey);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
