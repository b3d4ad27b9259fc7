/**
 * Tag-value counts through the buffer (storage/tag-value-buffer.repository.ts): batches that only
 * append their counts end up, once merged, with exactly the counts of batches merged one by one;
 * redelivered events add nothing; increments of deleted issues are dropped; a worker under
 * backlog merges what it buffered when the queue goes idle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitBatch, createBatchContext, prepareBatch, startWorker } from '../../src/pipeline/index.js';
import { openSpoolQueue } from '../../src/queue/index.js';
import type { Db } from '../../src/storage/index.js';
import { deleteIssues } from '../../src/storage/issue-mutations.repository.js';
import { countBufferedTagValueRows, flushTagValueBuffer } from '../../src/storage/tag-value-buffer.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, delivery, eventEnvelope, message, testLogger } from './helpers.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

/** Fixed event and receive times, so two projects' rollups can be compared. */
const BASE_S = Math.floor(Date.now() / 1000) - 3600;

function events(projectId: number, n: number, offset = 0) {
  return Array.from({ length: n }, (_, i) =>
    message(
      eventEnvelope({
        event_id: `${(offset + i).toString(16).padStart(8, '0')}${'ab'.repeat(12)}`,
        message: `boom ${(offset + i) % 3}`,
        level: 'error',
        timestamp: BASE_S + offset + i,
        tags: { shard: String((offset + i) % 4), region: 'eu' },
        environment: (offset + i) % 2 ? 'production' : 'staging',
      }),
      projectId,
      { receivedAt: (BASE_S + 600) * 1000 },
    ),
  );
}

async function tagRows(db: Db, projectId: number) {
  const rows = await db
    .selectFrom('group_tag_values as t')
    .innerJoin('groups as g', 'g.id', 't.group_id')
    .select(['g.short_id', 't.key', 't.value', 't.times_seen', 't.first_seen', 't.last_seen'])
    .where('g.project_id', '=', projectId)
    .orderBy('g.short_id')
    .orderBy('t.key')
    .orderBy('t.value')
    .execute();
  return rows.map((r) => ({
    ...r,
    first_seen: new Date(r.first_seen).toISOString(),
    last_seen: new Date(r.last_seen).toISOString(),
  }));
}

async function commit(db: Db, msgs: ReturnType<typeof events>, flushTagValues: boolean) {
  const bctx = createBatchContext(db, testLogger());
  const prepared = await prepareBatch(
    bctx,
    msgs.map((m) => delivery(m)),
  );
  return commitBatch(bctx, prepared, { flushTagValues });
}

describe('tag-value buffer', () => {
  it('buffered batches merge to the counts of batches merged one by one; redeliveries add nothing', async () => {
    const a = await createProject(tdb.db);
    const b = await createProject(tdb.db);
    const all = [0, 10, 20].map((offset) => offset);
    for (const offset of all) await commit(tdb.db, events(a.projectId, 10, offset), true);
    for (const offset of all) {
      const res = await commit(tdb.db, events(b.projectId, 10, offset), false);
      expect(res.tagValues).toBe('buffered');
    }
    // A redelivered batch inserts no event, so it buffers nothing.
    await commit(tdb.db, events(b.projectId, 10, 0), false);
    expect(await countBufferedTagValueRows(tdb.db)).toBe(3);
    expect(await tagRows(tdb.db, b.projectId)).toEqual([]);
    expect(await tdb.db.transaction().execute((trx) => flushTagValueBuffer(trx))).toBe(true);
    expect(await countBufferedTagValueRows(tdb.db)).toBe(0);
    const expected = await tagRows(tdb.db, a.projectId);
    expect(expected.length).toBeGreaterThan(0);
    expect(await tagRows(tdb.db, b.projectId)).toEqual(expected);
  });

  it('a batch that merges takes along what earlier batches buffered', async () => {
    const a = await createProject(tdb.db);
    const b = await createProject(tdb.db);
    await commit(tdb.db, events(a.projectId, 12, 0), true);
    await commit(tdb.db, events(a.projectId, 12, 12), true);
    await commit(tdb.db, events(b.projectId, 12, 0), false);
    const res = await commit(tdb.db, events(b.projectId, 12, 12), true);
    expect(res.tagValues).toBe('merged');
    expect(await countBufferedTagValueRows(tdb.db)).toBe(0);
    expect(await tagRows(tdb.db, b.projectId)).toEqual(await tagRows(tdb.db, a.projectId));
  });

  it('tag values with quotes, backslashes, braces and commas survive the way into events and tag values', async () => {
    const p = await createProject(tdb.db);
    const awkward = 'a "quoted" \\ back\\slash, {brace} \'single\' NULL';
    const msg = message(
      eventEnvelope({ event_id: 'cd'.repeat(16), message: 'awkward', tags: { awkward, tail: 'v,{"x"}\\' } }),
      p.projectId,
    );
    await commit(tdb.db, [msg], false);
    expect(await tdb.db.transaction().execute((trx) => flushTagValueBuffer(trx))).toBe(true);
    const ev = await tdb.db
      .selectFrom('events')
      .select('tags')
      .where('project_id', '=', p.projectId)
      .executeTakeFirstOrThrow();
    expect(ev.tags).toContain(`awkward=${awkward}`);
    expect(ev.tags).toContain('tail=v,{"x"}\\');
    const tags = await tagRows(tdb.db, p.projectId);
    expect(tags.find((t) => t.key === 'awkward')?.value).toBe(awkward);
    expect(tags.find((t) => t.key === 'tail')?.value).toBe('v,{"x"}\\');
  });

  it('increments of issues deleted before the merge are dropped', async () => {
    const p = await createProject(tdb.db);
    await commit(tdb.db, events(p.projectId, 6, 0), false);
    const ids = (await tdb.db.selectFrom('groups').select('id').where('project_id', '=', p.projectId).execute()).map(
      (r) => Number(r.id),
    );
    expect(ids.length).toBeGreaterThan(0);
    await deleteIssues(tdb.db, ids);
    expect(await tdb.db.transaction().execute((trx) => flushTagValueBuffer(trx))).toBe(true);
    expect(await countBufferedTagValueRows(tdb.db)).toBe(0);
    expect(await tagRows(tdb.db, p.projectId)).toEqual([]);
  });

  it('a worker under backlog buffers, and merges when the queue goes idle', async () => {
    const p = await createProject(tdb.db);
    const ref = await createProject(tdb.db);
    await commit(tdb.db, events(ref.projectId, 30, 0), true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-tagbuf-'));
    const queue = await openSpoolQueue({ dir });
    // Full batches of 10 (a backlog) and a merge interval longer than the test.
    await queue.enqueue(events(p.projectId, 30, 0));
    const worker = startWorker({
      db: tdb.db,
      queue,
      log: testLogger(),
      consumer: 'tagbuf',
      batchSize: 10,
      waitMs: 20,
      tagFlushIntervalMs: 3_600_000,
    });
    try {
      for (
        let i = 0;
        i < 500 && (worker.stats.eventsInserted < 30 || (await countBufferedTagValueRows(tdb.db)) > 0);
        i++
      )
        await new Promise((r) => setTimeout(r, 20));
      expect(worker.stats.eventsInserted).toBe(30);
      expect(await countBufferedTagValueRows(tdb.db)).toBe(0);
      expect(await tagRows(tdb.db, p.projectId)).toEqual(await tagRows(tdb.db, ref.projectId));
    } finally {
      await worker.stop();
      await queue.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
