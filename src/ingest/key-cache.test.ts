import { describe, expect, it, vi } from 'vitest';
import { type IngestKey, KeyCache } from './key-cache.js';

const key = (active: boolean): IngestKey => ({
  keyId: 1,
  projectId: 2,
  isActive: active,
  rateLimitCount: null,
  rateLimitWindow: null,
  allowedOrigins: ['*'],
});

describe('KeyCache', () => {
  it('shares concurrent lookups, caches misses, and sees a disabled key within two TTLs', async () => {
    let active = true;
    const lookup = vi.fn(async (pk: string) => (pk === 'known' ? key(active) : null));
    const cache = new KeyCache(lookup, 50);
    const [a, b] = await Promise.all([cache.get('known'), cache.get('known')]);
    expect(a?.isActive && b?.isActive).toBe(true);
    expect(await cache.get('unknown')).toBeNull();
    expect(await cache.get('unknown')).toBeNull();
    expect(lookup).toHaveBeenCalledTimes(2);
    active = false;
    await new Promise((r) => setTimeout(r, 60));
    // Expired: served stale once while one refresh runs.
    expect((await cache.get('known'))?.isActive).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect((await cache.get('known'))?.isActive).toBe(false);
    expect(lookup).toHaveBeenCalledTimes(3);
  });

  it('does not cache failed lookups', async () => {
    let fail = true;
    const cache = new KeyCache(async () => {
      if (fail) throw new Error('db down');
      return key(true);
    }, 1000);
    await expect(cache.get('k')).rejects.toThrow('db down');
    fail = false;
    expect(await cache.get('k')).not.toBeNull();
  });
});
