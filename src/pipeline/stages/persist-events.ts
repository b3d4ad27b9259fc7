/**
 * Writes a batch of prepared events inside the batch's transaction, with one statement per table:
 *
 * 1. resolve every hash to its issue (`group_hashes`), assigning events in order: the first hash
 *    with an issue wins; an event with none joins an issue created earlier in the batch that shares
 *    a hash, else it creates one. If issues must be created, the projects are locked (advisory,
 *    transaction-scoped) and the lookup is redone, so concurrent workers never split a new issue;
 * 2. create issues (short ids reserved per project with one upsert on `project_counters`), then
 *    store every hash not yet known for its issue;
 * 3. insert events `on conflict do nothing returning` — only rows actually inserted count below;
 * 4. new (issue, user) pairs → user counts; lock the touched issues (id order) and apply counters,
 *    first/last seen, level/metadata/release of the latest event and status transitions;
 * 5. upsert tag-value and hourly rollups aggregated in memory.
 */
import { eventKey, insertEvents } from '../../storage/events.repository.js';
import type { Db } from '../../storage/index.js';
import {
  countGroupEventsSince,
  countGroupUsersSince,
  deleteGroups,
  findGroupIdsByHashes,
  type GroupBatchUpdate,
  type GroupHashRow,
  hashKey,
  insertGroupHashes,
  insertGroups,
  insertGroupUsers,
  listGroupHourly,
  lockGroups,
  lockProjectsForIssueCreation,
  type NewGroupRow,
  reserveShortIds,
  type TagValueIncrement,
  updateGroupsFromBatch,
  upsertGroupHourly,
  upsertGroupTagValues,
} from '../../storage/issues.repository.js';
import { factsNeeded, type IssueBatchFacts, type IssueStateBefore, nextIssueTransition } from './issue-state.js';
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
}

type Target = { kind: 'existing'; id: number } | { kind: 'pending'; index: number };

interface Assignment {
  targets: Target[];
  pending: PreparedEvent[];
  /** Hashes to add to each target (known issue id or pending index). */
  newHashes: { target: Target; projectId: number; hash: string; config: string }[];
}

function assign(events: readonly PreparedEvent[], known: Map<string, number>): Assignment {
  const map = new Map<string, Target>();
  for (const [k, id] of known) map.set(k, { kind: 'existing', id });
  const targets: Target[] = [];
  const pending: PreparedEvent[] = [];
  const newHashes: Assignment['newHashes'] = [];
  for (const ev of events) {
    let target: Target | undefined;
    for (const h of ev.hashes) {
      target = map.get(hashKey(ev.projectId, h));
      if (target) break;
    }
    if (!target) {
      target = { kind: 'pending', index: pending.length };
      pending.push(ev);
    }
    targets.push(target);
    for (const h of ev.hashes) {
      const k = hashKey(ev.projectId, h);
      if (!map.has(k)) {
        map.set(k, target);
        newHashes.push({ target, projectId: ev.projectId, hash: h, config: ev.groupingConfig });
      }
    }
  }
  return { targets, pending, newHashes };
}

function dedupe(events: readonly PreparedEvent[]): PreparedEvent[] {
  const seen = new Set<string>();
  const out: PreparedEvent[] = [];
  for (const ev of events) {
    const k = eventKey(ev.projectId, ev.eventId);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(ev);
  }
  return out;
}

async function resolveIssues(db: Db, events: PreparedEvent[]): Promise<{ ids: number[]; created: Set<number> }> {
  const keys = new Map<string, { projectId: number; hash: string }>();
  for (const ev of events)
    for (const h of ev.hashes) keys.set(hashKey(ev.projectId, h), { projectId: ev.projectId, hash: h });
  let a = assign(events, await findGroupIdsByHashes(db, [...keys.values()]));
  if (a.pending.length > 0) {
    // Another worker may be creating the same issues: serialise creation per project, then look again.
    await lockProjectsForIssueCreation(
      db,
      a.pending.map((e) => e.projectId),
    );
    a = assign(events, await findGroupIdsByHashes(db, [...keys.values()]));
  }

  const pendingIds: number[] = [];
  if (a.pending.length > 0) {
    const perProject = new Map<number, number>();
    for (const ev of a.pending) perProject.set(ev.projectId, (perProject.get(ev.projectId) ?? 0) + 1);
    const firstShortId = await reserveShortIds(db, perProject);
    const next = new Map(firstShortId);
    const rows: NewGroupRow[] = a.pending.map((ev) => {
      const shortId = next.get(ev.projectId)!;
      next.set(ev.projectId, shortId + 1);
      return {
        project_id: ev.projectId,
        short_id: shortId,
        type: ev.issue.type,
        title: ev.issue.title,
        culprit: ev.issue.culprit,
        level: ev.issue.level,
        platform: ev.issue.platform,
        logger: ev.issue.logger,
        metadata: ev.issue.metadata,
        first_seen: ev.row.timestamp,
        last_seen: ev.row.timestamp,
        first_release: ev.row.release,
        last_release: ev.row.release,
        primary_hash: ev.hashes[0]!,
      };
    });
    const ids = await insertGroups(db, rows);
    for (const r of rows) pendingIds.push(ids.get(`${r.project_id}:${r.short_id}`)!);
  }
  const idOf = (t: Target): number => (t.kind === 'existing' ? t.id : pendingIds[t.index]!);
  const hashRows: GroupHashRow[] = a.newHashes.map((h) => ({
    project_id: h.projectId,
    hash: h.hash,
    group_id: idOf(h.target),
    grouping_config: h.config,
  }));
  await insertGroupHashes(db, hashRows);
  return { ids: a.targets.map(idOf), created: new Set(pendingIds) };
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

  const newUsers = new Map<number, number>();
  for (const r of await insertGroupUsers(db, [...userAgg.values()])) {
    newUsers.set(r.group_id, (newUsers.get(r.group_id) ?? 0) + 1);
  }

  // Shared counters last, each table in key order (no deadlocks between workers). Hourly counts
  // before the issues: escalation checks read the current hour including this batch.
  await upsertGroupHourly(db, [...hourAgg.values()]);
  await upsertGroupTagValues(db, [...tagAgg.values()]);
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

type FactsById = Map<
  number,
  Pick<IssueBatchFacts, 'windowCount' | 'windowUsers' | 'currentHourCount' | 'previousPeakHourly'>
>;

/** Extra counts only archived issues with windows or escalation need (rare: a query per kind). */
async function loadTransitionFacts(
  db: Db,
  groups: readonly {
    id: number;
    status: IssueStateBefore['status'];
    substatus: IssueStateBefore['substatus'];
    ignore_window: number | null;
    ignore_user_window: number | null;
    ignore_count: number | null;
    ignore_user_count: number | null;
  }[],
  now: Date,
): Promise<FactsById> {
  const out: FactsById = new Map();
  for (const g of groups) {
    const need = factsNeeded({
      status: g.status,
      substatus: g.substatus,
      ignoreWindow: g.ignore_window,
      ignoreUserWindow: g.ignore_user_window,
      ignoreCount: g.ignore_count === null ? null : Number(g.ignore_count),
      ignoreUserCount: g.ignore_user_count === null ? null : Number(g.ignore_user_count),
    });
    const f: NonNullable<ReturnType<FactsById['get']>> = {};
    // Events of this batch are already inserted, so the counts include them.
    if (need.window) {
      const since = new Date(now.getTime() - g.ignore_window! * 60_000);
      f.windowCount = (await countGroupEventsSince(db, [g.id], since)).get(g.id) ?? 0;
    }
    if (need.userWindow) {
      const since = new Date(now.getTime() - g.ignore_user_window! * 60_000);
      f.windowUsers = (await countGroupUsersSince(db, [g.id], since)).get(g.id) ?? 0;
    }
    if (need.hourly) {
      const thisHour = Math.floor(now.getTime() / HOUR) * HOUR;
      const rows = await listGroupHourly(db, [g.id], new Date(thisHour - 7 * 24 * HOUR));
      f.currentHourCount = 0;
      f.previousPeakHourly = 0;
      for (const r of rows) {
        if (r.hour.getTime() >= thisHour) f.currentHourCount += r.count;
        else f.previousPeakHourly = Math.max(f.previousPeakHourly, r.count);
      }
    }
    if (need.window || need.userWindow || need.hourly) out.set(g.id, f);
  }
  return out;
}
