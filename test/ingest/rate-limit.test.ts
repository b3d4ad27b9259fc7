/**
 * Rate limits and outcomes: a key limited to N events per window answers 429 with Retry-After
 * and X-Sentry-Rate-Limits after N; sessions still pass; every decision is counted in `outcomes`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutcomes } from '../../src/storage/index.js';
import { type IngestHarness, startIngestHarness } from './harness.js';

let h: IngestHarness;
beforeAll(async () => {
  h = await startIngestHarness({ FAULTLINE_GLOBAL_RATE_LIMIT: '0' });
});
afterAll(async () => {
  await h?.close();
});

const event = (n: number) =>
  `{"event_id":"${String(n).padStart(32, '0')}"}\n{"type":"event"}\n{"exception":{"values":[{"type":"E","value":"v"}]}}\n{"type":"attachment","length":3,"filename":"a.txt"}\nabc`;
const session =
  '{}\n{"type":"session"}\n{"sid":"a","status":"ok","started":"2026-01-01T00:00:00Z","attrs":{"release":"r"}}';

describe('per-key rate limit', () => {
  it('answers 429 after N events per window, with Sentry rate-limit headers', async () => {
    const k = await h.addProject('limited');
    await h.db
      .updateTable('project_keys')
      .set({ rate_limit_count: 3, rate_limit_window: 60 })
      .where('id', '=', k.keyId)
      .execute();
    const url = `/api/${k.projectId}/envelope/?sentry_key=${k.publicKey}`;
    // Fixed one-minute windows: do not start right before one ends.
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
    const statuses: number[] = [];
    let limited: { headers: Record<string, unknown>; body: string } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await h.app.inject({ method: 'POST', url, payload: event(i) });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited ??= { headers: res.headers, body: res.body };
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited!.headers['x-sentry-rate-limits']).toBe(`${retryAfter}:default;error;security:key`);
    expect(JSON.parse(limited!.body).detail).toMatch(/rate limit/i);
    // Sessions are not in the key's categories.
    expect((await h.app.inject({ method: 'POST', url, payload: session })).statusCode).toBe(200);
    const delivered = await h.drain();
    expect(delivered).toHaveLength(4);

    // Outcomes, flushed on close of the recorder (here: wait for the 1 s flush).
    await new Promise((r) => setTimeout(r, 1_300));
    const rows = await listOutcomes(
      h.db,
      k.projectId,
      new Date(Date.now() - 7_200_000),
      new Date(Date.now() + 3_600_000),
    );
    const q = (category: string, outcome: string) =>
      rows.filter((r) => r.category === category && r.outcome === outcome).reduce((s, r) => s + r.quantity, 0);
    expect(q('error', 'accepted')).toBe(3);
    expect(q('attachment_item', 'accepted')).toBe(3);
    expect(q('attachment', 'accepted')).toBe(9);
    expect(q('session', 'accepted')).toBe(1);
    expect(q('error', 'rate_limited')).toBe(2);
    expect(q('attachment_item', 'rate_limited')).toBe(2);
    expect(rows.find((r) => r.outcome === 'rate_limited')?.reason).toBe('key_quota');
  });

  it('a mixed envelope keeps its sessions when the event is limited, and still answers 429', async () => {
    const k = await h.addProject('mixed');
    await h.db
      .updateTable('project_keys')
      .set({ rate_limit_count: 1, rate_limit_window: 3600 })
      .where('id', '=', k.keyId)
      .execute();
    const url = `/api/${k.projectId}/envelope/?sentry_key=${k.publicKey}`;
    expect((await h.app.inject({ method: 'POST', url, payload: event(1) })).statusCode).toBe(200);
    const mixed = `${event(2)}\n{"type":"session"}\n{"sid":"b","status":"ok","started":"2026-01-01T00:00:00Z","attrs":{"release":"r"}}`;
    const res = await h.app.inject({ method: 'POST', url, payload: mixed });
    expect(res.statusCode).toBe(429);
    const delivered = await h.drain();
    expect(delivered).toHaveLength(2);
    const second = delivered[1]!.message.envelope.toString();
    expect(second).toContain('"type":"session"');
    expect(second).not.toContain('"type":"event"');
    expect(second).not.toContain('"type":"attachment"');
  });
});

describe('outcomes', () => {
  it('counts client reports, unsupported items and invalid requests', async () => {
    const k = await h.addProject('outcomes');
    const url = `/api/${k.projectId}/envelope/?sentry_key=${k.publicKey}`;
    const report =
      '{}\n{"type":"client_report"}\n{"timestamp":1700000000,"discarded_events":[{"reason":"before_send","category":"error","quantity":2},{"reason":"x y","category":"error","quantity":1},{"reason":"sample_rate","category":"transaction","quantity":-3}]}\n{"type":"replay_event"}\n{}';
    expect((await h.app.inject({ method: 'POST', url, payload: report })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url, payload: '{}\n{"type":"event"}\n{oops' })).statusCode).toBe(400);
    expect(await h.drain()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1_300));
    const rows = await listOutcomes(
      h.db,
      k.projectId,
      new Date(Date.now() - 7_200_000),
      new Date(Date.now() + 3_600_000),
    );
    const simple = rows.map((r) => [r.category, r.outcome, r.reason, r.quantity]);
    expect(simple).toContainEqual(['error', 'client_discard', 'before_send', 2]);
    expect(simple).toContainEqual(['replay', 'filtered', 'unsupported_item', 1]);
    expect(simple).toContainEqual(['default', 'invalid', 'invalid_envelope', 1]);
    expect(rows).toHaveLength(3);
  });
});
