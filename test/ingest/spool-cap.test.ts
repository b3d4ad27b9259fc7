/**
 * The embedded spool's size cap (FAULTLINE_SPOOL_MAX_MB): past it ingest answers 503 with
 * Retry-After instead of filling the disk, nothing is enqueued for those requests, and once the
 * pipeline has consumed (acked) the backlog, requests are accepted again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueFullError } from '../../src/queue/types.js';
import { type IngestHarness, startIngestHarness } from './harness.js';

let h: IngestHarness;
beforeAll(async () => {
  // Small segments so that acked ones are deleted while the test runs.
  h = await startIngestHarness({}, { maxBytes: 48 * 1024, segmentBytes: 16 * 1024 });
});
afterAll(async () => {
  await h?.close();
});

const envelope = (i: number) => {
  const id = i.toString(16).padStart(32, '0');
  return `{"event_id":"${id}"}\n{"type":"event"}\n{"event_id":"${id}","message":"${'x'.repeat(1500)}"}\n`;
};

describe('spool size cap', () => {
  it('answers 503 + Retry-After once the spool is full, and accepts again after the backlog is consumed', async () => {
    const url = `/api/${h.key.projectId}/envelope/?sentry_key=${h.key.publicKey}`;
    const statuses: number[] = [];
    let full: Awaited<ReturnType<typeof h.app.inject>> | undefined;
    for (let i = 1; i <= 60 && !full; i++) {
      const res = await h.app.inject({ method: 'POST', url, payload: envelope(i) });
      statuses.push(res.statusCode);
      if (res.statusCode === 503) full = res;
    }
    expect(full).toBeDefined();
    expect(full!.headers['retry-after']).toBe('60');
    expect(full!.json()).toEqual({ detail: 'the ingest queue is full (processing is behind), retry later' });
    const accepted = statuses.filter((s) => s === 200).length;
    // ~1.6 KB per message, 48 KiB cap.
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(32);
    await expect(h.queue.enqueue([])).resolves.toBeUndefined();

    // Every 200 is in the queue, no 503 is.
    const delivered = await h.drain();
    expect(delivered).toHaveLength(accepted);
    const again = await h.app.inject({ method: 'POST', url, payload: envelope(1000) });
    expect(again.statusCode).toBe(200);
  });

  it('rejects with QueueFullError at the queue, enqueuing nothing', async () => {
    const big = { v: 1 as const, projectId: 1, keyId: 1, receivedAt: Date.now(), remoteAddr: null, userAgent: null };
    const err = await h.queue.enqueue([{ ...big, envelope: Buffer.alloc(60 * 1024) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueFullError);
    expect(await h.queue.depth()).toBe(1);
  });
});
