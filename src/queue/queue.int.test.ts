/**
 * The Queue contract, run against every implementation: the embedded spool always, Redis Streams
 * when FAULTLINE_TEST_REDIS_URL is set (in CI an unreachable Redis fails the suite, never skips).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisQueue } from './redis-queue.js';
import { openSpoolQueue } from './spool-queue.js';
import type { Delivery, IngestMessage, Queue } from './types.js';

interface Harness {
  /** A fresh, empty queue. */
  fresh(): Promise<Queue>;
  /** The same queue again after the previous instance "crashed" (abandoned without close). */
  reopenAfterCrash(): Promise<Queue>;
  /** The same queue after a clean close. */
  reopen(): Promise<Queue>;
  cleanup(): Promise<void>;
}

const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL || undefined;

async function redisReachable(url: string): Promise<boolean> {
  const c = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: () => null,
  });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.ping();
    return true;
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

const redisOk = redisUrl ? await redisReachable(redisUrl) : false;
if (redisUrl && !redisOk && process.env.CI === 'true') {
  throw new Error(`FAULTLINE_TEST_REDIS_URL=${redisUrl} is set but Redis is unreachable`);
}

function spoolHarness(): Harness {
  let dir = '';
  const open = () => openSpoolQueue({ dir, segmentBytes: 256 * 1024, visibilityTimeoutMs: 60_000 });
  return {
    async fresh() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-spool-'));
      return open();
    },
    reopenAfterCrash: open,
    reopen: open,
    async cleanup() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function redisHarness(url: string): Harness {
  let stream = '';
  const open = () => openRedisQueue({ url, stream, claimIdleMs: 200, trimIntervalMs: 0 });
  const opened: Queue[] = [];
  return {
    async fresh() {
      stream = `faultline-test:${randomBytes(6).toString('hex')}`;
      const q = await open();
      opened.push(q);
      return q;
    },
    async reopenAfterCrash() {
      const q = await open();
      opened.push(q);
      return q;
    },
    async reopen() {
      const q = await open();
      opened.push(q);
      return q;
    },
    async cleanup() {
      const q = await openRedisQueue({ url, stream });
      await q.destroy();
      await q.close();
      for (const o of opened) await o.close().catch(() => {});
    },
  };
}

let seq = 0;
function msg(size = 64, extra: Partial<IngestMessage> = {}): IngestMessage {
  const n = seq++;
  const envelope = Buffer.alloc(size, 0x61);
  envelope.write(`${n}:`, 0);
  return {
    v: 1,
    projectId: 1 + (n % 7),
    keyId: 100 + n,
    receivedAt: 1_700_000_000_000 + n,
    remoteAddr: n % 2 ? '10.0.0.1' : null,
    userAgent: n % 3 ? 'sentry.javascript.node/11.12.0' : null,
    envelope,
    ...extra,
  };
}

const tag = (m: IngestMessage) => m.envelope.toString('utf8', 0, m.envelope.indexOf(':'));

async function drain(q: Queue, consumer = 'c1', max = 100, waitMs = 50): Promise<Delivery[]> {
  const all: Delivery[] = [];
  for (;;) {
    const batch = await q.receive(consumer, max, waitMs);
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

const impls: Array<[string, () => Harness]> = [['spool', spoolHarness]];
if (redisUrl && redisOk) impls.push(['redis', () => redisHarness(redisUrl)]);

describe.each(impls)('Queue contract: %s', (_name, makeHarness) => {
  const harnesses: Harness[] = [];
  const harness = () => {
    const h = makeHarness();
    harnesses.push(h);
    return h;
  };
  afterAll(async () => {
    for (const h of harnesses) await h.cleanup();
  });

  it('enqueue → receive → ack, then nothing comes back', async () => {
    const h = harness();
    const q = await h.fresh();
    const m = msg(100);
    await q.enqueue([m]);
    expect(await q.depth()).toBe(1);
    const got = await q.receive('c1', 10, 1000);
    expect(got).toHaveLength(1);
    expect(got[0]!.attempts).toBe(0);
    expect(got[0]!.message).toEqual(m);
    await q.ack(got);
    expect(await q.depth()).toBe(0);
    expect(await q.receive('c1', 10, 50)).toEqual([]);
    await q.close();
    const again = await h.reopen();
    expect(await again.receive('c1', 10, 50)).toEqual([]);
    await again.close();
  });

  it('keeps order and honours max (batching)', async () => {
    const h = harness();
    const q = await h.fresh();
    const sent = Array.from({ length: 120 }, () => msg(200));
    await q.enqueue(sent.slice(0, 50));
    for (const m of sent.slice(50)) await q.enqueue([m]);
    const first = await q.receive('c1', 30, 1000);
    expect(first).toHaveLength(30);
    const rest = await drain(q);
    const order = [...first, ...rest].map((d) => tag(d.message));
    expect(order).toEqual(sent.map(tag));
    await q.ack([...first, ...rest]);
    expect(await q.depth()).toBe(0);
    await q.close();
  });

  it('accepts many concurrent enqueues, each delivered exactly once', async () => {
    const h = harness();
    const q = await h.fresh();
    const sent = Array.from({ length: 400 }, () => msg(1024));
    await Promise.all(sent.map((m) => q.enqueue([m])));
    const got = await drain(q, 'c1', 64);
    expect(got.map((d) => tag(d.message)).sort()).toEqual(sent.map(tag).sort());
    await q.ack(got);
    await q.close();
  });

  it('carries large messages intact', async () => {
    const h = harness();
    const q = await h.fresh();
    const big = msg(3 * 1024 * 1024);
    big.envelope.fill(0x7a, 100);
    const small = msg(10);
    await q.enqueue([big, small]);
    const got = await drain(q);
    expect(got).toHaveLength(2);
    expect(got[0]!.message.envelope.equals(big.envelope)).toBe(true);
    expect(got[1]!.message).toEqual(small);
    await q.ack(got);
    await q.close();
  });

  it('wakes a waiting receive when a message arrives', async () => {
    const h = harness();
    const q = await h.fresh();
    const started = Date.now();
    const pending = q.receive('c1', 10, 5_000);
    setTimeout(() => void q.enqueue([msg()]), 100);
    const got = await pending;
    expect(got).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    await q.ack(got);
    await q.close();
  });

  it('redelivers unacked messages after a crash, never acked ones', async () => {
    const h = harness();
    const q = await h.fresh();
    const sent = Array.from({ length: 10 }, () => msg(300));
    await q.enqueue(sent);
    const got = await drain(q);
    expect(got).toHaveLength(10);
    // Out of order acks: 0, 1, 5, 7.
    await q.ack([got[0]!, got[1]!, got[5]!, got[7]!]);
    // Crash: abandon `q` without close.
    const q2 = await h.reopenAfterCrash();
    await new Promise((r) => setTimeout(r, 300)); // Redis: let the entries become claimable
    const again = await drain(q2, 'c1');
    const expected = [2, 3, 4, 6, 8, 9].map((i) => tag(sent[i]!));
    expect(again.map((d) => tag(d.message))).toEqual(expected);
    for (const d of again) expect(d.attempts).toBeGreaterThanOrEqual(1);
    await q2.ack(again);
    expect(await q2.depth()).toBe(0);
    await q2.close();
    const q3 = await h.reopenAfterCrash();
    expect(await drain(q3, 'c1')).toEqual([]);
    await q3.close();
  });

  it('keeps messages enqueued before a clean close', async () => {
    const h = harness();
    const q = await h.fresh();
    const sent = Array.from({ length: 5 }, () => msg(50));
    await q.enqueue(sent);
    await q.close();
    const q2 = await h.reopen();
    const got = await drain(q2);
    expect(got.map((d) => tag(d.message))).toEqual(sent.map(tag));
    expect(got.every((d) => d.attempts === 0)).toBe(true);
    await q2.ack(got);
    await q2.close();
  });
});

describe('spool specifics', () => {
  it('deletes fully acked segments and cuts a torn tail on open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-spool-'));
    try {
      const q = await openSpoolQueue({ dir, segmentBytes: 64 * 1024 });
      for (let i = 0; i < 100; i++) await q.enqueue([msg(4096)]);
      const segs = () => fs.readdirSync(dir).filter((f) => f.endsWith('.seg'));
      expect(segs().length).toBeGreaterThan(3);
      const got = await drain(q);
      await q.ack(got);
      expect(segs().length).toBeLessThanOrEqual(2);
      await q.enqueue([msg(100)]);
      await q.close();
      // A torn write: garbage appended to the last segment.
      const last = segs().sort().at(-1)!;
      fs.appendFileSync(path.join(dir, last), Buffer.from([0x10, 0, 0, 0, 1, 2, 3, 4, 9, 9]));
      const q2 = await openSpoolQueue({ dir, segmentBytes: 64 * 1024 });
      expect(await q2.depth()).toBe(1);
      const one = await drain(q2);
      expect(one).toHaveLength(1);
      await q2.ack(one);
      await q2.enqueue([msg(10)]);
      expect(await drain(q2)).toHaveLength(1);
      await q2.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second live process on the same spool', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-spool-'));
    try {
      fs.writeFileSync(path.join(dir, 'spool.lock'), String(process.ppid));
      await expect(openSpoolQueue({ dir })).rejects.toThrow(/in use by process/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('redelivers a delivery whose visibility timeout passed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-spool-'));
    try {
      const q = await openSpoolQueue({ dir, visibilityTimeoutMs: 100 });
      await q.enqueue([msg()]);
      const first = await q.receive('c1', 10, 100);
      expect(first).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 150));
      const second = await q.receive('c1', 10, 100);
      expect(second.map((d) => d.id)).toEqual(first.map((d) => d.id));
      expect(second[0]!.attempts).toBe(1);
      await q.ack(second);
      expect(await q.depth()).toBe(0);
      await q.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!(redisUrl && redisOk))('redis specifics', () => {
  it('another consumer claims entries idle in a dead consumer, and acked entries are trimmed', async () => {
    const stream = `faultline-test:${randomBytes(6).toString('hex')}`;
    const q1 = await openRedisQueue({ url: redisUrl!, stream, claimIdleMs: 100, trimIntervalMs: 0 });
    const q2 = await openRedisQueue({ url: redisUrl!, stream, claimIdleMs: 100, trimIntervalMs: 0 });
    try {
      await q1.enqueue([msg(10), msg(10), msg(10)]);
      const taken = await q1.receive('worker-a', 10, 100);
      expect(taken).toHaveLength(3);
      await q1.close(); // worker-a dies with 3 pending entries
      await new Promise((r) => setTimeout(r, 1_100));
      const claimed = await drain(q2, 'worker-b');
      expect(claimed.map((d) => d.id)).toEqual(taken.map((d) => d.id));
      expect(claimed.every((d) => d.attempts === 1)).toBe(true);
      await q2.ack(claimed);
      expect(await q2.depth()).toBe(0);
      const probe = new Redis(redisUrl!);
      expect(await probe.xlen(stream)).toBe(0);
      probe.disconnect();
    } finally {
      await q2.destroy();
      await q2.close();
    }
  });
});
