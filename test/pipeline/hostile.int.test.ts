/**
 * Attacker-controlled payloads never crash the worker or poison a batch: wrong shapes, NUL
 * characters (PostgreSQL text cannot hold them), absurd timestamps and numbers, oversized
 * containers. Bad items are counted as invalid; good items in the same batch are stored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { singleItemEnvelope } from '../../src/ingest/protocol/index.js';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { countEvents, getEvent } from '../../src/storage/events.repository.js';
import { listGroupsForProject } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, delivery, eventEnvelope, message, testLogger } from './helpers.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

const item = (type: string, payload: unknown, headers: Record<string, unknown> = {}) =>
  singleItemEnvelope(headers, type, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)));

it('a batch of hostile items is stored or counted, never thrown', async () => {
  const { projectId } = await createProject(tdb.db);
  const nul = 'a\u0000b';
  const goodId = 'e'.repeat(32);
  const nulId = 'f'.repeat(32);
  const envelopes = [
    eventEnvelope({ event_id: goodId, message: 'fine', timestamp: Date.now() / 1000 }),
    eventEnvelope({
      event_id: nulId,
      message: `nul ${nul}`,
      environment: nul,
      release: nul,
      transaction: nul,
      logger: nul,
      tags: { [nul]: nul, ok: nul },
      user: { id: nul },
      exception: { values: [{ type: nul, value: nul }] },
      timestamp: 1e20,
    }),
    item('event', [1, 2, 3]),
    item('event', 'not json {'),
    item('event', 42),
    item('transaction', { type: 'transaction', timestamp: 'soon', spans: 'many', contexts: { trace: 7 } }),
    item('span', { items: Array.from({ length: 3000 }, (_, i) => ({ span_id: `${i}`, trace_id: nul })) }),
    item('span', {
      items: [
        {
          trace_id: 'a'.repeat(32),
          span_id: 'b'.repeat(16),
          start_timestamp: 1e12,
          name: nul,
          attributes: { [nul]: { value: nul } },
        },
      ],
    }),
    item('session', { sid: nul, started: 'yesterday', attrs: { release: nul }, errors: -5, status: 'weird' }),
    item('sessions', {
      aggregates: [{ started: new Date().toISOString(), exited: 1e30, errored: 'x' }],
      attrs: { release: 'r' },
    }),
    item('check_in', { check_in_id: nul, monitor_slug: '💥💥💥', status: 'ok' }),
    item('check_in', {
      check_in_id: 'not-a-uuid',
      monitor_slug: `job ${nul} one`,
      status: 'error',
      duration: -1,
      monitor_config: { schedule: nul },
    }),
    item('feedback', { contexts: { feedback: { message: nul, contact_email: nul, associated_event_id: 'zzz' } } }),
    item('user_report', { event_id: goodId, comments: nul, name: nul }),
    item('attachment', Buffer.alloc(0).toString(), { filename: nul, content_type: nul }),
    item('log', {
      items: [{ body: nul, level: nul, timestamp: nul, attributes: { [nul]: { value: nul } } }, 'x', null],
    }),
    item('trace_metric', {
      items: [
        { name: nul, type: 'counter', value: Number.MAX_VALUE },
        { name: 'x', type: 'gauge', value: 'NaN' },
      ],
    }),
    item('profile_chunk', 'binary-ish'),
    // Not an envelope ingest would accept (item without a type): the message fails preparation,
    // so the worker retries and then parks it in dead_letters; the rest of the batch is stored.
    item('', '{}'),
  ];
  const log = testLogger();
  const res = await processBatch(
    createBatchContext(tdb.db, log),
    envelopes.map((e) => delivery(message(e, projectId))),
  );
  expect(res.failed.map((f) => String(f.error))).toEqual(['AppError: invalid item header: missing type']);
  expect(res.stats.eventsInserted).toBe(2);
  expect(res.stats.invalid.event).toBe(3);
  expect(await countEvents(tdb.db, projectId)).toBe(2);
  const stored = await getEvent(tdb.db, projectId, nulId);
  expect(stored!.environment).not.toContain('\u0000');
  expect(stored!.tags.join('')).not.toContain('\u0000');
  expect(stored!.timestamp.getTime()).toBeLessThan(Date.now() + 3_600_000);
  const groups = await listGroupsForProject(tdb.db, projectId);
  expect(groups).toHaveLength(2);
  for (const g of groups) expect(g.title).not.toContain('\u0000');
  expect(res.stats.unsupported).toMatchObject({ profile_chunk: 1 });
});
