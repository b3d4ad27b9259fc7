/**
 * Issue state across batches: regressions of resolved issues (with activity), archived issues
 * coming back, counters and rollups (times seen, users, tag values, hourly counts), and crash
 * safety — a batch whose transaction aborts after its inserts leaves nothing behind, and
 * redelivering it (or a committed batch) counts every event exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { countEvents } from '../../src/storage/events.repository.js';
import { listIssueActivities } from '../../src/storage/issue-activity.repository.js';
import { getGroup, listGroupsForProject, setGroupStatus } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, delivery, eventEnvelope, fixtureMessage, message, testLogger } from './helpers.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

const ctx = () => createBatchContext(tdb.db, testLogger());
let idSeq = 0;
function errorEvent(extra: Record<string, unknown> = {}) {
  idSeq++;
  return eventEnvelope({
    event_id: idSeq.toString(16).padStart(32, '0'),
    platform: 'node',
    timestamp: Date.now() / 1000,
    exception: { values: [{ type: 'LifecycleError', value: 'boom' }] },
    ...extra,
  });
}

describe('regressions', () => {
  it('a resolved issue that sees the error again is unresolved/regressed, with an activity entry', async () => {
    const { projectId } = await createProject(tdb.db);
    await processBatch(ctx(), [delivery(fixtureMessage('node/same-error-repeated.01-event.json', projectId))]);
    const [g] = await listGroupsForProject(tdb.db, projectId);
    await setGroupStatus(tdb.db, g!.id, { status: 'resolved' }, new Date(Date.now() - 1000));
    expect((await getGroup(tdb.db, g!.id))!.status).toBe('resolved');

    const res = await processBatch(ctx(), [
      delivery(fixtureMessage('node/same-error-repeated.02-event.json', projectId)),
    ]);
    expect(res.stats.regressions).toBe(1);
    expect(res.notifications).toMatchObject([{ issueId: g!.id, isNew: false, count: 2, isRegression: true }]);
    const after = await getGroup(tdb.db, g!.id);
    expect(after).toMatchObject({ status: 'unresolved', substatus: 'regressed', resolved_at: null, times_seen: 2 });
    const acts = await listIssueActivities(tdb.db, g!.id, { limit: 10 });
    expect(acts.map((a) => a.type)).toContain('set_regression');
  });

  it('resolved in release 1.2.0: an event from 1.1.0 keeps it resolved, one from 1.3.0 regresses', async () => {
    const { projectId } = await createProject(tdb.db);
    await processBatch(ctx(), [delivery(message(errorEvent({ release: 'app@1.1.0' }), projectId))]);
    const [g] = await listGroupsForProject(tdb.db, projectId);
    await setGroupStatus(tdb.db, g!.id, { status: 'resolved', resolvedInRelease: 'app@1.2.0' });
    await processBatch(ctx(), [delivery(message(errorEvent({ release: 'app@1.1.0' }), projectId))]);
    expect((await getGroup(tdb.db, g!.id))!.status).toBe('resolved');
    await processBatch(ctx(), [delivery(message(errorEvent({ release: 'app@1.3.0' }), projectId))]);
    expect(await getGroup(tdb.db, g!.id)).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      times_seen: 3,
      first_release: 'app@1.1.0',
      last_release: 'app@1.3.0',
    });
  });

  it('archived until 2 more occurrences comes back as escalating', async () => {
    const { projectId } = await createProject(tdb.db);
    await processBatch(ctx(), [delivery(message(errorEvent(), projectId))]);
    const [g] = await listGroupsForProject(tdb.db, projectId);
    await setGroupStatus(tdb.db, g!.id, { status: 'ignored', ignoreCount: 2 });
    await processBatch(ctx(), [delivery(message(errorEvent(), projectId))]);
    expect(await getGroup(tdb.db, g!.id)).toMatchObject({
      status: 'ignored',
      substatus: 'archived_until_condition_met',
    });
    await processBatch(ctx(), [delivery(message(errorEvent(), projectId))]);
    expect(await getGroup(tdb.db, g!.id)).toMatchObject({
      status: 'unresolved',
      substatus: 'escalating',
      ignore_count: null,
    });
  });
});

describe('counters and rollups', () => {
  it('counts users, tag values and hourly buckets once per inserted event', async () => {
    const { projectId } = await createProject(tdb.db);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const batch = [
      errorEvent({ user: { id: 'u1' }, tags: { region: 'eu' }, timestamp: hour / 1000 + 10 }),
      errorEvent({ user: { id: 'u1' }, tags: { region: 'us' }, timestamp: hour / 1000 + 20 }),
      errorEvent({ user: { id: 'u2' }, tags: { region: 'eu' }, timestamp: hour / 1000 - 10 }),
    ];
    await processBatch(
      ctx(),
      batch.map((e) => delivery(message(e, projectId))),
    );
    // The same envelopes again (a redelivery) change nothing.
    await processBatch(
      ctx(),
      batch.map((e) => delivery(message(e, projectId))),
    );
    const [g] = await listGroupsForProject(tdb.db, projectId);
    expect(g).toMatchObject({ times_seen: 3, user_count: 2 });
    expect(g!.first_seen.getTime()).toBe(hour - 10_000);
    expect(g!.last_seen.getTime()).toBe(hour + 20_000);
    const tags = await tdb.db
      .selectFrom('group_tag_values')
      .select(['key', 'value', 'times_seen'])
      .where('group_id', '=', g!.id)
      .where('key', '=', 'region')
      .orderBy('value')
      .execute();
    expect(tags).toEqual([
      { key: 'region', value: 'eu', times_seen: 2 },
      { key: 'region', value: 'us', times_seen: 1 },
    ]);
    const hourly = await tdb.db
      .selectFrom('group_hourly')
      .select(['hour', 'count'])
      .where('group_id', '=', g!.id)
      .orderBy('hour')
      .execute();
    expect(hourly.map((h) => [new Date(h.hour).getTime(), h.count])).toEqual([
      [hour - 3_600_000, 1],
      [hour, 2],
    ]);
  });
});

describe('crash safety', () => {
  it('an aborted batch leaves nothing; redelivered, every event counts exactly once', async () => {
    const { projectId } = await createProject(tdb.db);
    const batch = Array.from({ length: 20 }, (_, i) =>
      errorEvent({ exception: { values: [{ type: `CrashError${i % 4}`, value: 'x' }] }, user: { id: `u${i % 3}` } }),
    );
    const deliveries = batch.map((e) => delivery(message(e, projectId)));
    const aborting = createBatchContext(tdb.db, testLogger(), {
      beforeCommit: async (trx) => {
        // Everything is written inside the transaction at this point…
        expect(await countEvents(trx, projectId)).toBe(20);
        throw new Error('worker killed mid-batch');
      },
    });
    await expect(processBatch(aborting, deliveries)).rejects.toThrow('worker killed mid-batch');
    expect(await countEvents(tdb.db, projectId)).toBe(0);
    expect(await listGroupsForProject(tdb.db, projectId)).toHaveLength(0);

    // Redelivery after the "restart", then a duplicate redelivery of a committed batch.
    await processBatch(ctx(), deliveries);
    const again = await processBatch(ctx(), deliveries);
    expect(again.stats).toMatchObject({ eventsInserted: 0, eventsDuplicate: 20, issuesCreated: 0 });
    expect(await countEvents(tdb.db, projectId)).toBe(20);
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups).toHaveLength(4);
    expect(groups.reduce((n, g) => n + g.times_seen, 0)).toBe(20);
    expect(groups.map((g) => g.user_count)).toEqual([3, 3, 3, 3]);
    // Short ids of the aborted batch were rolled back too: 1..4, no gaps.
    expect(groups.map((g) => g.short_id).sort()).toEqual([1, 2, 3, 4]);
  });
});
