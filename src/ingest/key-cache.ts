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

interface Entry {
  value: Promise<IngestKey | null>;
  expires: number;
  settled: boolean;
  refreshing: boolean;
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lookup: KeyLookup,
    private readonly ttlMs = 3_000,
    private readonly maxEntries = 20_000,
  ) {}

  /**
   * The key, from the cache when fresh. An expired entry whose lookup succeeded is still served
   * once while one refresh runs in the background, so requests never queue behind the database.
   */
  get(publicKey: string): Promise<IngestKey | null> {
    const now = Date.now();
    const hit = this.entries.get(publicKey);
    if (hit && hit.expires > now) return hit.value;
    if (hit?.settled && hit.expires + this.ttlMs > now) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        this.load(publicKey, now);
      }
      return hit.value;
    }
    return this.load(publicKey, now).value;
  }

  private load(publicKey: string, now: number): Entry {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = this.lookup(publicKey);
    const entry: Entry = { value, expires: now + this.ttlMs, settled: false, refreshing: false };
    value.then(
      () => {
        entry.settled = true;
        this.entries.set(publicKey, entry);
      },
      () => {
        // A failed lookup (database down) is not cached.
        if (this.entries.get(publicKey) === entry) this.entries.delete(publicKey);
      },
    );
    if (!this.entries.get(publicKey)?.settled) this.entries.set(publicKey, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
