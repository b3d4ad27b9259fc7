/**
 * Writes a batch of prepared events inside the batch's transaction, one statement per table:
 *
 * 1. resolve every event's issue by its hashes, creating issues as needed (resolve-issues.ts);
 * 2. insert events `on conflict do nothing returning` — only rows actually inserted count below;
 * 3. `afterInsert`: writes nobody contends on (the other item tables);
 * 4. tag values, aggregated in memory: merged with the tag-value buffer, or appended to it (see
 *    storage/tag-value-buffer.repository.ts) — no row another worker waits for;
 * 5. the shared counters, aggregated in memory, each table in key order so concurrent workers
 *    lock rows in the same order and hold them briefly: new (issue, user) pairs → user counts,
 *    hourly counts; then the touched issues are locked (id order) and updated: counters,
 *    first/last seen, level/metadata/release of the latest event, status transitions.
 */
import { eventKey, insertEvents } from '../../storage/events.repository.js';
import type { Db } from '../../storage/index.js';
import {
  deleteGroups,
  type GroupBatchUpdate,
  insertGroupUsers,
  lockGroups,
  type TagValueIncrement,
  updateGroupsFromBatch,
  upsertGroupHourly,
} from '../../storage/issues.repository.js';
import { bufferTagValues, flushTagValueBuffer } from '../../storage/tag-value-buffer.repository.js';
import { type IssueBatchFacts, type IssueStateBefore, nextIssueTransition } from './issue-state.js';
import { dedupe, resolveIssues } from './resolve-issues.js';
import { loadTransitionFacts } from './transition-facts.js';
import type { PreparedEvent } from './types.js';

const HOUR = 3_600_000;

export interface PersistedIssue {
  issueId: number;
  projectId: number;
  isNew: boolean;
  count: number;
  lastSeen: Date;
  regressed: { release: string | null } | null;
  unignored: 'ongoing' | 'escalating' | null;
}

export interface PersistEventsResult {
  inserted: number;
  duplicates: number;
  issuesCreated: number;
  issues: PersistedIssue[];
  /** Issue of each stored or known event of the batch, keyed by `eventKey` (feedback linking). */
  eventGroups: Map<string, number>;
  /**
   * What happened to the batch's tag-value counts: merged into `group_tag_values` with everything
   * buffered before (a flush), or appended to the buffer (merged by a later flush), or none.
   */
  tagValues: 'merged' | 'buffered' | 'none';
}

interface IssueAgg {
  projectId: number;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  latest: PreparedEvent;
  releases: (string | null)[];
  lastReceivedAt: Date;
}

export async function persistEvents(
  db: Db,
  input: readonly PreparedEvent[],
  opts: {
    now?: Date;
    /**
     * Runs after the events are inserted and before the shared counters are touched: writes that
     * other workers do not contend on go here, so row locks on counters are held only briefly.
     */
    afterInsert?: (eventGroups: ReadonlyMap<string, number>) => Promise<void>;
    /**
     * true (default): merge the tag-value buffer and this batch's tag counts now (if another
     * transaction is flushing, they are buffered instead). false: only buffer them.
     */
    flushTagValues?: boolean;
  } = {},
): Promise<PersistEventsResult> {
  const now = opts.now ?? new Date();
  const events = dedupe(input);
  const result: PersistEventsResult = {
    inserted: 0,
    duplicates: 0,
    issuesCreated: 0,
    issues: [],
    eventGroups: new Map(),
    tagValues: 'none',
  };
  if (events.length === 0) {
    await opts.afterInsert?.(result.eventGroups);
    return result;
  }

  const { ids, created } = await resolveIssues(db, events);
  const insertedKeys = await insertEvents(
    db,
    events.map((ev, i) => ({ ...ev.row, group_id: ids[i]! })),
  );
  for (let i = 0; i < events.length; i++)
    result.eventGroups.set(eventKey(events[i]!.projectId, events[i]!.eventId), ids[i]!);
  await opts.afterInsert?.(result.eventGroups);

  // Aggregate the inserted events per issue, tag value, hour and user.
  const aggs = new Map<number, IssueAgg>();
  const tagAgg = new Map<string, TagValueIncrement>();
  const hourAgg = new Map<string, { group_id: number; hour: Date; count: number }>();
  const userAgg = new Map<string, { group_id: number; user_ident: string; first_seen: Date }>();
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    if (!insertedKeys.has(eventKey(ev.projectId, ev.eventId))) {
      result.duplicates++;
      continue;
    }
    result.inserted++;
    const gid = ids[i]!;
    const ts = ev.row.timestamp;
    let agg = aggs.get(gid);
    if (!agg) {
      agg = {
        projectId: ev.projectId,
        count: 0,
        firstSeen: ts,
        lastSeen: ts,
        latest: ev,
        releases: [],
        lastReceivedAt: ev.row.received_at,
      };
      aggs.set(gid, agg);
    }
    agg.count++;
    if (ts < agg.firstSeen) agg.firstSeen = ts;
    if (ts >= agg.lastSeen) {
      agg.lastSeen = ts;
      agg.latest = ev;
    }
    if (ev.row.received_at > agg.lastReceivedAt) agg.lastReceivedAt = ev.row.received_at;
    if (agg.releases.length < 100 && !agg.releases.includes(ev.row.release)) agg.releases.push(ev.row.release);

    for (const [key, value] of ev.tags) {
      const k = `${gid}\u0000${key}\u0000${value}`;
      const t = tagAgg.get(k);
      if (t) {
        t.times_seen++;
        if (ts < t.first_seen) t.first_seen = ts;
        if (ts > t.last_seen) t.last_seen = ts;
      } else tagAgg.set(k, { group_id: gid, key, value, times_seen: 1, first_seen: ts, last_seen: ts });
    }
    const hour = new Date(Math.floor(ts.getTime() / HOUR) * HOUR);
    const hk = `${gid}:${hour.getTime()}`;
    const h = hourAgg.get(hk);
    if (h) h.count++;
    else hourAgg.set(hk, { group_id: gid, hour, count: 1 });
    const user = ev.row.user_ident;
    if (user) {
      const uk = `${gid}\u0000${user}`;
      const u = userAgg.get(uk);
      if (!u) userAgg.set(uk, { group_id: gid, user_ident: user, first_seen: ts });
      else if (ts < u.first_seen) u.first_seen = ts;
    }
  }

  // Issues created for events that all turned out to be stored already (duplicate ids): remove.
  const emptyNew = [...created].filter((id) => !aggs.has(id));
  await deleteGroups(db, emptyNew);
  result.issuesCreated = created.size - emptyNew.length;
  if (aggs.size === 0) return result;

  // Tag values go through the buffer (tag-value-buffer.repository.ts): merged now when asked
  // and no other transaction is merging, else appended for the next flush. Before the rows other
  // workers also lock (users, hourly counts, issues): a merge, however long, makes nobody wait.
  const tags = [...tagAgg.values()];
  if (opts.flushTagValues !== false && (await flushTagValueBuffer(db, tags))) result.tagValues = 'merged';
  else if (tags.length > 0) {
    await bufferTagValues(db, tags);
    result.tagValues = 'buffered';
  }
  const newUsers = new Map<number, number>();
  for (const r of await insertGroupUsers(db, [...userAgg.values()])) {
    newUsers.set(r.group_id, (newUsers.get(r.group_id) ?? 0) + 1);
  }

  // Shared counters last, each table in key order (no deadlocks between workers), so their row
  // locks are held briefly. Hourly counts before the issues: escalation checks read the current
  // hour including this batch.
  await upsertGroupHourly(db, [...hourAgg.values()]);
  const current = await lockGroups(db, [...aggs.keys()]);
  const facts = await loadTransitionFacts(db, current, now);
  const updates: GroupBatchUpdate[] = [];
  for (const g of current) {
    const agg = aggs.get(g.id);
    if (!agg) continue;
    const isNew = created.has(g.id);
    const timesSeen = Number(g.times_seen) + agg.count;
    const userCount = Number(g.user_count) + (newUsers.get(g.id) ?? 0);
    const before: IssueStateBefore = {
      status: g.status,
      substatus: g.substatus,
      resolvedAt: g.resolved_at,
      resolvedInRelease: g.resolved_in_release,
      resolvedInNextRelease: g.resolved_in_next_release,
      ignoreUntil: g.ignore_until,
      ignoreCount: g.ignore_count === null ? null : Number(g.ignore_count),
      ignoreWindow: g.ignore_window,
      ignoreUserCount: g.ignore_user_count === null ? null : Number(g.ignore_user_count),
      ignoreUserWindow: g.ignore_user_window,
      ignoreBaselineTimesSeen: g.ignore_baseline_times_seen === null ? null : Number(g.ignore_baseline_times_seen),
      ignoreBaselineUserCount: g.ignore_baseline_user_count === null ? null : Number(g.ignore_baseline_user_count),
      timesSeen,
      userCount,
    };
    const batchFacts: IssueBatchFacts = {
      releases: agg.releases,
      lastReceivedAt: agg.lastReceivedAt,
      ...facts.get(g.id),
    };
    const transition = isNew ? ({ kind: 'none' } as const) : nextIssueTransition(before, batchFacts, now);
    const newer = agg.lastSeen >= g.last_seen;
    updates.push({
      id: g.id,
      addTimesSeen: agg.count,
      addUserCount: newUsers.get(g.id) ?? 0,
      firstSeen: agg.firstSeen,
      lastSeen: agg.lastSeen,
      level: newer ? agg.latest.issue.level : null,
      metadata: newer ? agg.latest.issue.metadata : null,
      lastRelease: newer ? agg.latest.row.release : null,
      status: transition.kind === 'none' ? g.status : 'unresolved',
      substatus:
        transition.kind === 'regressed'
          ? 'regressed'
          : transition.kind === 'unignored'
            ? transition.substatus
            : g.substatus,
      clearResolution: transition.kind === 'regressed',
      clearIgnore: transition.kind === 'unignored',
    });
    result.issues.push({
      issueId: g.id,
      projectId: agg.projectId,
      isNew,
      count: timesSeen,
      lastSeen: new Date(Math.max(agg.lastSeen.getTime(), g.last_seen.getTime())),
      regressed: transition.kind === 'regressed' ? { release: transition.release } : null,
      unignored: transition.kind === 'unignored' ? transition.substatus : null,
    });
  }
  await updateGroupsFromBatch(db, updates);
  return result;
}
