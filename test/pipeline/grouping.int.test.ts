/**
 * Recorded SDK events through the whole per-event pipeline into issues: the same error twice →
 * one issue; different lines → two; messages differing in numbers → one; fingerprints, chains,
 * non-in-app frames, v11 synthetic stacks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { decodeEventData, listGroupEvents } from '../../src/storage/events.repository.js';
import { getGroup, listGroupsForProject } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, delivery, eventEnvelope, fixtureMessage, message, testLogger } from './helpers.js';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

async function run(projectId: number, ...rels: string[]) {
  const ctx = createBatchContext(tdb.db, testLogger());
  return processBatch(
    ctx,
    rels.map((r) => delivery(fixtureMessage(r, projectId))),
  );
}

describe('grouping into issues', () => {
  it('the same error thrown twice from one line is one issue with 2 events; another line is a second issue', async () => {
    const { projectId } = await createProject(tdb.db);
    await run(projectId, 'node/same-error-repeated.01-event.json');
    await run(projectId, 'node/same-error-repeated.02-event.json');
    let groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe(2);
    expect(groups[0]!.title).toBe('RangeError: Quantity must be an integer');
    expect(groups[0]!.short_id).toBe(1);
    expect(groups[0]!.substatus).toBe('new');
    expect(await listGroupEvents(tdb.db, groups[0]!.id)).toHaveLength(2);

    await run(projectId, 'node/same-error-repeated.03-event.json');
    groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(2);
    expect(groups.map((g) => g.times_seen).sort()).toEqual([1, 2]);
    expect(new Set(groups.map((g) => g.short_id))).toEqual(new Set([1, 2]));
  });

  it('the same error in one batch twice still makes one issue (in-batch assignment)', async () => {
    const { projectId } = await createProject(tdb.db);
    const res = await run(
      projectId,
      'node/same-error-repeated.01-event.json',
      'node/same-error-repeated.02-event.json',
    );
    expect(res.stats.eventsInserted).toBe(2);
    expect(res.stats.issuesCreated).toBe(1);
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe(2);
  });

  it('python messages that differ only in numbers are one issue', async () => {
    const { projectId } = await createProject(tdb.db);
    await run(projectId, 'python/message.01-store-event.json', 'python/message.02-store-event.json');
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe(2);
  });

  it('@sentry/node 11 captureMessage events with synthetic stacks group by in-app call site', async () => {
    const { projectId } = await createProject(tdb.db);
    // 'User 123 not found' (line 7) and 'User 456 not found' (line 9) come from two call sites:
    // the synthetic stack wins over message parameterization, so Sentry makes two issues.
    await run(projectId, 'node/message-variants.01-event.json', 'node/message-variants.02-event.json');
    expect(await listGroupsForProject(tdb.db, projectId)).toHaveLength(2);
    // The same call site with another number joins the first issue.
    const again = JSON.parse(readEvent('node/message-variants.01-event.json')) as Record<string, unknown> & {
      exception: { values: { value: string }[] };
    };
    again.event_id = 'c'.repeat(32);
    again.message = 'User 999 not found';
    again.exception.values[0]!.value = 'User 999 not found';
    const ctx = createBatchContext(tdb.db, testLogger());
    await processBatch(ctx, [delivery(message(eventEnvelope(again), projectId))]);
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(2);
    expect(groups.map((g) => g.times_seen).sort()).toEqual([1, 2]);
  });

  it('a custom fingerprint merges errors of different types', async () => {
    const { projectId } = await createProject(tdb.db);
    const base = { platform: 'node', timestamp: Date.now() / 1000, fingerprint: ['payments-down'] };
    const a = eventEnvelope({ ...base, exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] } });
    const b = eventEnvelope({ ...base, exception: { values: [{ type: 'RangeError', value: 'out of range' }] } });
    const ctx = createBatchContext(tdb.db, testLogger());
    await processBatch(ctx, [delivery(message(a, projectId))]);
    await processBatch(ctx, [delivery(message(b, projectId))]);
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe(2);
    // Sentry keeps the first event's title; metadata follows the latest.
    expect(groups[0]!.title).toBe('TypeError: x is undefined');
    expect(JSON.parse(groups[0]!.metadata)).toMatchObject({ type: 'RangeError', value: 'out of range' });
  });

  it('a chained (cause) error groups by its whole chain', async () => {
    const { projectId } = await createProject(tdb.db);
    await run(projectId, 'node/error-cause-chain.json');
    const [g] = await listGroupsForProject(tdb.db, projectId);
    expect(g!.title).toContain('PaymentDeclinedError');
    const [ev] = await listGroupEvents(tdb.db, g!.id);
    // Component trees travel in the compressed payload; the column keeps the variant summaries.
    const summary = JSON.parse(ev!.grouping!) as { variants: { name: string; hash: string | null }[] };
    const grouping = (decodeEventData(ev!.data) as { _grouping: { variants: { name: string; component?: unknown }[] } })
      ._grouping;
    expect(summary.variants.map((v) => v.name)).toEqual(grouping.variants.map((v) => v.name));
    const app = grouping.variants.find((v) => v.name === 'app');
    // The component tree has one exception per link of the chain.
    expect(JSON.stringify(app?.component).match(/"id":"exception"/g)?.length).toBe(3);

    // The same outer error with a different cause is a different issue.
    const other = JSON.parse(readEvent('node/error-cause-chain.json')) as {
      exception: { values: { type: string; value: string }[] };
      event_id: string;
    };
    other.exception.values = other.exception.values.slice(1);
    other.event_id = 'a'.repeat(32);
    const ctx = createBatchContext(tdb.db, testLogger());
    await processBatch(ctx, [delivery(message(eventEnvelope(other), projectId))]);
    expect(await listGroupsForProject(tdb.db, projectId)).toHaveLength(2);
  });

  it('non-in-app frames do not split issues', async () => {
    const { projectId } = await createProject(tdb.db);
    const ev = JSON.parse(readEvent('node/same-error-repeated.01-event.json')) as {
      event_id: string;
      exception: { values: { stacktrace: { frames: Record<string, unknown>[] } }[] };
    };
    const variant = structuredClone(ev);
    variant.event_id = 'b'.repeat(32);
    // Add and change library (node_modules / node internals) frames only.
    const frames = variant.exception.values[0]!.stacktrace.frames;
    frames.unshift({
      filename: 'node:internal/modules/cjs/loader',
      function: 'Module._compile',
      lineno: 1554,
      in_app: false,
    });
    for (const f of frames) if (f.in_app === false) f.lineno = Number(f.lineno ?? 0) + 7;
    const ctx = createBatchContext(tdb.db, testLogger());
    await processBatch(ctx, [
      delivery(message(eventEnvelope(ev), projectId)),
      delivery(message(eventEnvelope(variant), projectId)),
    ]);
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe(2);
    expect((await getGroup(tdb.db, groups[0]!.id))!.culprit).not.toBe('');
  });
});

function readEvent(rel: string): string {
  const env = fixtureMessage(rel, 0).envelope.toString('utf8');
  const lines = env.split('\n');
  const idx = lines.findIndex((l) => l.includes('"type":"event"'));
  return lines[idx + 1]!;
}
