/**
 * HTTP cron check-ins as Sentry documents them for curl
 * (`/api/<project>/cron/<monitor_slug>/<public_key>/?status=…`): answered 202, enqueued as
 * `check_in` items, and stored by the pipeline as one monitor with its check-ins (in_progress then
 * ok without an id finishes the in-progress one). Bad status, ids, keys → 4xx.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { type IngestHarness, itemTypes, startIngestHarness } from './harness.js';

let h: IngestHarness;
let base: string;

beforeAll(async () => {
  h = await startIngestHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h?.close();
});

function payloadOf(envelope: Buffer): Record<string, unknown> {
  const lines = envelope.toString('utf8').split('\n');
  return JSON.parse(lines[2]!) as Record<string, unknown>;
}

describe('HTTP cron check-ins', () => {
  it('accepts the documented curl calls, and the pipeline stores monitor and check-ins', async () => {
    const crons = `${base}/api/${h.key.projectId}/cron/nightly-backup/${h.key.publicKey}/`;
    const started = await fetch(`${crons}?status=in_progress&environment=production`);
    expect(started.status).toBe(202);
    expect(await started.text()).toBe('');
    const done = await fetch(`${crons}?status=ok&duration=12.5`);
    expect(done.status).toBe(202);
    // Upsert with a monitor config in a POST body; the key in the query string instead of the path.
    const upsert = await fetch(`${base}/api/${h.key.projectId}/cron/hourly-sync?sentry_key=${h.key.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        status: 'error',
        check_in_id: 'f2f5c5a1-1c1f-4c3e-9d7b-3a7e0c3d2b11',
        monitor_config: { schedule: { type: 'crontab', value: '0 * * * *' }, checkin_margin: 5 },
      }),
    });
    expect(upsert.status).toBe(202);

    const delivered = await h.drain();
    expect(delivered.map((d) => itemTypes(Buffer.from(d.message.envelope)))).toEqual([
      ['check_in'],
      ['check_in'],
      ['check_in'],
    ]);
    const [first, second, third] = delivered.map((d) => payloadOf(Buffer.from(d.message.envelope)));
    expect(first).toEqual({
      check_in_id: '00000000000000000000000000000000',
      monitor_slug: 'nightly-backup',
      status: 'in_progress',
      environment: 'production',
    });
    expect(second).toMatchObject({ status: 'ok', duration: 12.5 });
    expect(third).toMatchObject({
      monitor_slug: 'hourly-sync',
      status: 'error',
      check_in_id: 'f2f5c5a11c1f4c3e9d7b3a7e0c3d2b11',
      monitor_config: { schedule: { type: 'crontab', value: '0 * * * *' }, checkin_margin: 5 },
    });

    // In order, one batch each (as a worker would see them over time).
    for (const d of delivered) await processBatch(createBatchContext(h.db, { debug() {}, warn() {} }), [d]);
    const monitors = await h.db
      .selectFrom('monitors')
      .selectAll()
      .where('project_id', '=', h.key.projectId)
      .orderBy('slug')
      .execute();
    expect(monitors.map((m) => m.slug)).toEqual(['hourly-sync', 'nightly-backup']);
    expect(JSON.parse(monitors[0]!.config!)).toMatchObject({ schedule: { value: '0 * * * *' } });
    const nightly = await h.db.selectFrom('check_ins').selectAll().where('monitor_id', '=', monitors[1]!.id).execute();
    expect(nightly).toHaveLength(1);
    expect(nightly[0]).toMatchObject({ status: 'ok', duration_ms: 12_500, environment: 'production' });
  });

  it('answers 4xx for bad status, id, duration, body or key', async () => {
    const crons = `${base}/api/${h.key.projectId}/cron/job/${h.key.publicKey}/`;
    const cases: Array<[string, RequestInit | undefined, number, RegExp]> = [
      [`${crons}`, undefined, 400, /status/],
      [`${crons}?status=done`, undefined, 400, /status/],
      [`${crons}?status=ok&check_in_id=nope`, undefined, 400, /check_in_id/],
      [`${crons}?status=ok&duration=-1`, undefined, 400, /duration/],
      [`${crons}?status=ok`, { method: 'POST', body: '{"monitor_config":' }, 400, /JSON/],
      [`${crons}?status=ok`, { method: 'POST', body: '[1]' }, 400, /object/],
      [`${base}/api/${h.key.projectId}/cron/job/${'0'.repeat(32)}/?status=ok`, undefined, 401, /unknown public key/],
      [`${base}/api/${h.key.projectId}/cron/job/not-a-key!/?status=ok`, undefined, 401, /invalid public key/],
      [`${base}/api/${h.key.projectId}/cron/job/?status=ok`, undefined, 401, /missing authorization/],
      [`${base}/api/${h.key.projectId + 1}/cron/job/${h.key.publicKey}/?status=ok`, undefined, 403, /project/],
      [`${crons}?status=ok&sentry_key=${'1'.repeat(32)}`, undefined, 401, /multiple authorization/],
    ];
    for (const [url, init, status, detail] of cases) {
      const res = await fetch(url, init);
      expect([url, res.status]).toEqual([url, status]);
      expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
    }
    expect(await h.drain()).toHaveLength(0);
  });

  it('behaves the same through app.inject (the Fastify route to the same handler)', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/${h.key.projectId}/cron/inject-job/${h.key.publicKey}?status=ok`,
    });
    expect(res.statusCode).toBe(202);
    const [d] = await h.drain();
    expect(payloadOf(Buffer.from(d!.message.envelope))).toMatchObject({ monitor_slug: 'inject-job', status: 'ok' });
  });
});
