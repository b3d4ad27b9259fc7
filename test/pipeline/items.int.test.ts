/**
 * Every item type in the recorded SDK traffic lands in its table: transactions (classic and
 * streamed v2 segments) with spans, sessions and aggregates, monitors and check-ins, feedback
 * (linked to its event's issue), attachments, logs, trace metrics; client reports are counted;
 * unknown items are counted, not dropped silently. Redelivery inserts nothing twice.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleItemEnvelope } from '../../src/ingest/protocol/index.js';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import type { Database } from '../../src/storage/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, delivery, fixtureMessage, message, testLogger } from './helpers.js';

let tdb: TestDatabase;
let projectId: number;
beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ projectId } = await createProject(tdb.db));
});
afterAll(async () => {
  await tdb?.close();
});

async function run(...rels: string[]) {
  return processBatch(
    createBatchContext(tdb.db, testLogger()),
    rels.map((r) => delivery(fixtureMessage(r, projectId))),
  );
}

async function count(table: keyof Database): Promise<number> {
  const row = await tdb.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id' as never, '=', projectId as never)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('item types', () => {
  it('span v2 containers become one transaction per segment plus spans (node and browser)', async () => {
    await run('node/transaction-spans.02-span.json', 'browser/pageload.04-span.json');
    const txs = await tdb.db.selectFrom('transactions').selectAll().where('source', '=', 'span_v2').execute();
    const names = txs.map((t) => t.transaction).sort();
    expect(names).toContain('POST /checkout');
    const checkout = txs.find((t) => t.transaction === 'POST /checkout')!;
    expect(checkout.op).toBe('http.server');
    expect(checkout.duration_ms).toBeGreaterThan(0);
    const data = JSON.parse(gunzipSync(checkout.data).toString()) as {
      spans: unknown[];
      contexts: { trace: { trace_id: string } };
    };
    expect(data.contexts.trace.trace_id).toBe(checkout.trace_id);
    expect(data.spans.length).toBeGreaterThan(0);
    const spans = await tdb.db
      .selectFrom('spans')
      .selectAll()
      .where('transaction_event_id', '=', checkout.event_id)
      .execute();
    expect(spans.length).toBe(7);
    expect(spans.some((s) => s.op === 'db.sql.query')).toBe(true);
  });

  it('classic transactions (node static, node 10, python) store the transaction and its spans', async () => {
    await run(
      'node/transaction-spans-static.02-transaction.json',
      'node-v10/transaction-spans.02-transaction.json',
      'python/transaction-spans.json',
    );
    const txs = await tdb.db.selectFrom('transactions').selectAll().where('source', '=', 'transaction').execute();
    expect(txs.map((t) => t.transaction).sort()).toEqual(['POST /checkout', 'POST /checkout', 'process-order']);
    for (const t of txs) {
      const spans = await tdb.db
        .selectFrom('spans')
        .select('span_id')
        .where('transaction_event_id', '=', t.event_id)
        .execute();
      expect(spans.length).toBeGreaterThan(1);
    }
  });

  it('sessions (JS and Python) and session aggregates', async () => {
    await run(
      'node/sessions.01-session.json',
      'node/sessions.03-session.json',
      'python/sessions.02-session.json',
      'node/sessions-http-server.03-sessions.json',
      'node/unhandled-exception.01-session.json',
    );
    const sessions = await tdb.db.selectFrom('sessions').selectAll().orderBy('release').execute();
    const js = sessions.find((s) => s.release === 'corpus-app@1.2.3' && s.status === 'exited');
    expect(js).toMatchObject({ errors: 1, init_received: true, environment: 'production' });
    expect(sessions.find((s) => s.release === 'corpus-py@0.1.0')).toMatchObject({ status: 'exited', errors: 1 });
    expect(sessions.some((s) => s.status === 'crashed' && s.errors >= 1)).toBe(true);
    const agg = await tdb.db.selectFrom('session_aggregates').selectAll().execute();
    expect(agg).toMatchObject([{ release: 'corpus-api@2.0.0', exited: 3, errored: 1, crashed: 0 }]);
  });

  it('check-ins upsert monitors by slug and update in-progress check-ins', async () => {
    const rels = [1, 2, 3, 4, 5, 6, 7].map((n) => `node/cron-checkin.0${n}-check_in.json`);
    await run(...rels.slice(0, 4));
    await run(...rels.slice(4), 'node/cron-checkin.08-event.json');
    const monitors = await tdb.db
      .selectFrom('monitors')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('slug')
      .execute();
    expect(monitors.length).toBeGreaterThanOrEqual(2);
    const hourly = monitors.find((m) => m.slug === 'hourly-cleanup')!;
    expect(JSON.parse(hourly.config!)).toMatchObject({ schedule: { type: 'crontab', value: '0 * * * *' } });
    const checkIns = await tdb.db.selectFrom('check_ins').selectAll().where('monitor_id', '=', hourly.id).execute();
    // in_progress (04) then ok (05) for the same check_in_id: one row, finished with a duration.
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]).toMatchObject({ status: 'ok' });
    expect(checkIns[0]!.duration_ms).toBeGreaterThan(0);
    expect(await count('check_ins')).toBe(4);
  });

  it('feedback is stored and linked to the issue of its associated event; legacy user reports too', async () => {
    await run('node/feedback.01-feedback.json', 'node/feedback.02-event.json', 'node/feedback.03-feedback.json');
    const fb = await tdb.db
      .selectFrom('feedback')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('timestamp')
      .execute();
    expect(fb).toHaveLength(2);
    const linked = fb.find((f) => f.associated_event_id !== null)!;
    expect(linked.message).toBe('It crashed when I clicked export!');
    expect(linked.group_id).not.toBeNull();
    const report = singleItemEnvelope(
      { event_id: linked.associated_event_id },
      'user_report',
      Buffer.from(
        JSON.stringify({
          event_id: linked.associated_event_id,
          name: 'Ann',
          email: 'ann@example.com',
          comments: 'still broken',
        }),
      ),
    );
    await processBatch(createBatchContext(tdb.db, testLogger()), [delivery(message(report, projectId))]);
    const legacy = await tdb.db
      .selectFrom('feedback')
      .selectAll()
      .where('kind', '=', 'user_report')
      .executeTakeFirstOrThrow();
    expect(legacy).toMatchObject({
      message: 'still broken',
      group_id: linked.group_id,
      contact_email: 'ann@example.com',
    });
  });

  it('attachments are stored with their event (text gzip, binary as is)', async () => {
    await run('node/attachment.01-event+attachment.json', 'node/attachment.02-event+attachment.json');
    const rows = await tdb.db
      .selectFrom('attachments')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute();
    expect(rows.length).toBe(3);
    const binary = rows.find((r) => r.size === 40 * 1024)!;
    expect(binary.gzipped).toBe(false);
    expect(Buffer.from(binary.data).length).toBe(40 * 1024);
    for (const r of rows) {
      const ev = await tdb.db
        .selectFrom('events')
        .select('event_id')
        .where('event_id', '=', r.event_id)
        .executeTakeFirst();
      expect(ev).toBeDefined();
      const bytes = r.gzipped ? gunzipSync(r.data) : Buffer.from(r.data);
      expect(bytes.length).toBe(r.size);
    }
  });

  it('logs and trace metrics: one row per record', async () => {
    await run('node/logs.01-span.json', 'node/logs.02-log.json', 'node/metrics.json');
    const logs = await tdb.db
      .selectFrom('logs')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('timestamp')
      .execute();
    expect(logs.map((l) => l.level)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
    expect(logs[0]!.body).toBe('Starting database connection');
    expect(JSON.parse(logs[0]!.attributes)).toMatchObject({ database: 'users' });
    const metrics = await tdb.db.selectFrom('trace_metrics').selectAll().where('project_id', '=', projectId).execute();
    expect(metrics).toHaveLength(4);
    expect(metrics.find((m) => m.type === 'gauge')).toMatchObject({ name: 'queue.depth', value: 42 });
  });

  it('inbound filters drop events before storage and record filtered outcomes', async () => {
    const { projectId: filteredProject } = await createProject(tdb.db, { 'filters:error_messages': 'Ignored*' });
    const drop = singleItemEnvelope({}, 'event', Buffer.from(JSON.stringify({ message: 'Ignored: noisy thing' })));
    const keep = singleItemEnvelope({}, 'event', Buffer.from(JSON.stringify({ message: 'Kept' })));
    const res = await processBatch(createBatchContext(tdb.db, testLogger()), [
      delivery(message(drop, filteredProject)),
      delivery(message(keep, filteredProject)),
    ]);
    expect(res.stats).toMatchObject({ eventsFiltered: 1, eventsInserted: 1 });
    const outcomes = await tdb.db
      .selectFrom('outcomes')
      .selectAll()
      .where('project_id', '=', filteredProject)
      .execute();
    expect(outcomes).toMatchObject([{ outcome: 'filtered', category: 'error', reason: 'error-message', quantity: 1 }]);
  });

  it('client reports and unknown item types are counted, never silently dropped; redelivery adds nothing', async () => {
    const unknown = singleItemEnvelope({}, 'replay_event', Buffer.from('{}'));
    const res = await processBatch(createBatchContext(tdb.db, testLogger()), [
      delivery(fixtureMessage('node/client-report.01-client_report.json', projectId)),
      delivery(message(unknown, projectId)),
    ]);
    expect(res.stats.clientReports).toBe(1);
    expect(res.stats.unsupported).toEqual({ replay_event: 1 });

    const before = await Promise.all(
      (['logs', 'trace_metrics', 'spans', 'transactions', 'attachments'] as const).map(count),
    );
    await run(
      'node/logs.02-log.json',
      'node/metrics.json',
      'node/transaction-spans.02-span.json',
      'node/attachment.01-event+attachment.json',
    );
    const after = await Promise.all(
      (['logs', 'trace_metrics', 'spans', 'transactions', 'attachments'] as const).map(count),
    );
    expect(after).toEqual(before);
  });
});
