/**
 * (Over 300 lines: it is the one place SQL touches `groups` and its rollup tables, by design.)
 * SQL for issues (`groups`), their hashes and rollups. The pipeline writes in batches: one statement
 * per table per batch (multi-row VALUES, sorted by key so concurrent workers lock rows in the same
 * order), never a statement per event. Functions take `db` (or a transaction) first. Timestamps in
 * `unnest` arrays travel as epoch milliseconds (`to_timestamp(x / 1000.0)`): parsing timestamp
 * text costs PGlite more than the rest of such a row.
 */
import { sql } from 'kysely';
import type { Db } from './database.js';
import type { Group, IssueStatus, IssueSubstatus } from './issues.table.js';

/** Rows per multi-row statement (keeps bind parameters far below PostgreSQL's 65,535). */
const CHUNK = 500;
/** Rows per `unnest(…)` statement: a handful of array parameters, however many rows. */
const ARRAY_CHUNK = 5000;

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export interface HashKey {
  projectId: number;
  hash: string;
}

export const hashKey = (projectId: number, hash: string): string => `${projectId}:${hash}`;

/** The issue each known (project, hash) belongs to, keyed by `hashKey()`. */
export async function findGroupIdsByHashes(db: Db, keys: readonly HashKey[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(keys, 5000)) {
    const res = await sql<{ project_id: number; hash: string; group_id: number }>`
      select gh.project_id, gh.hash, gh.group_id
      from group_hashes gh
      join unnest(${part.map((k) => k.projectId)}::int[], ${part.map((k) => k.hash)}::text[]) as k(project_id, hash)
        on gh.project_id = k.project_id and gh.hash = k.hash`.execute(db);
    for (const r of res.rows) out.set(hashKey(r.project_id, r.hash), Number(r.group_id));
  }
  return out;
}

/**
 * Serialises issue creation per project across workers until the transaction ends, so two workers
 * never create two issues for the same new hash. Taken only by batches that create issues.
 */
export async function lockProjectsForIssueCreation(db: Db, projectIds: readonly number[]): Promise<void> {
  for (const id of [...new Set(projectIds)].sort((a, b) => a - b)) {
    await sql`select pg_advisory_xact_lock(${ISSUE_CREATION_LOCK}, ${id})`.execute(db);
  }
}
const ISSUE_CREATION_LOCK = 2_000_200;

/** Reserves `n` consecutive short ids per project; returns the first of each range. */
export async function reserveShortIds(db: Db, counts: ReadonlyMap<number, number>): Promise<Map<number, number>> {
  const entries = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const out = new Map<number, number>();
  if (entries.length === 0) return out;
  const rows = await db
    .insertInto('project_counters')
    .values(entries.map(([project_id, n]) => ({ project_id, next_short_id: 1 + n })))
    .onConflict((oc) =>
      oc.column('project_id').doUpdateSet({
        next_short_id: sql`project_counters.next_short_id + excluded.next_short_id - 1`,
      }),
    )
    .returning(['project_id', 'next_short_id'])
    .execute();
  for (const r of rows) out.set(r.project_id, Number(r.next_short_id) - counts.get(r.project_id)!);
  return out;
}

export interface NewGroupRow {
  project_id: number;
  short_id: number;
  type: string;
  title: string;
  culprit: string;
  level: string;
  platform: string | null;
  logger: string | null;
  metadata: string;
  first_seen: Date;
  last_seen: Date;
  first_release: string | null;
  last_release: string | null;
  primary_hash: string;
}

/** Inserts new issues (status unresolved, substatus new, counters 0); returns their ids by short id. */
export async function insertGroups(db: Db, rows: readonly NewGroupRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(rows)) {
    const res = await db
      .insertInto('groups')
      .values(part.map((r) => ({ ...r, status: 'unresolved' as const, substatus: 'new' as const })))
      .returning(['id', 'project_id', 'short_id'])
      .execute();
    for (const r of res) out.set(`${r.project_id}:${r.short_id}`, Number(r.id));
  }
  return out;
}

export interface GroupHashRow {
  project_id: number;
  hash: string;
  group_id: number;
  grouping_config: string;
}

export async function insertGroupHashes(db: Db, rows: readonly GroupHashRow[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.project_id - b.project_id || cmpStr(a.hash, b.hash));
  for (const part of chunks(sorted, ARRAY_CHUNK)) {
    await sql`
      insert into group_hashes (project_id, hash, group_id, grouping_config)
      select * from unnest(${part.map((r) => r.project_id)}::int[], ${part.map((r) => r.hash)}::text[],
        ${part.map((r) => r.group_id)}::bigint[], ${part.map((r) => r.grouping_config)}::text[])
      on conflict (project_id, hash) do nothing`.execute(db);
  }
}

/** Inserts (group, user) pairs not seen before; returns the pairs actually inserted. */
export async function insertGroupUsers(
  db: Db,
  rows: readonly { group_id: number; user_ident: string; first_seen: Date }[],
): Promise<{ group_id: number; user_ident: string }[]> {
  const sorted = [...rows].sort((a, b) => a.group_id - b.group_id || cmpStr(a.user_ident, b.user_ident));
  const out: { group_id: number; user_ident: string }[] = [];
  for (const part of chunks(sorted, ARRAY_CHUNK)) {
    const res = await sql<{ group_id: number; user_ident: string }>`
      insert into group_users (group_id, user_ident, first_seen)
      select u.group_id, u.user_ident, to_timestamp(u.first_seen / 1000.0)
      from unnest(${part.map((r) => r.group_id)}::bigint[], ${part.map((r) => r.user_ident)}::text[],
        ${part.map((r) => r.first_seen.getTime())}::float8[]) as u(group_id, user_ident, first_seen)
      on conflict (group_id, user_ident) do nothing
      returning group_id, user_ident`.execute(db);
    for (const r of res.rows) out.push({ group_id: Number(r.group_id), user_ident: r.user_ident });
  }
  return out;
}

/** What the pipeline reads of an issue it is about to update (state transitions, counters). */
export type GroupLockRow = Pick<
  Group,
  | 'id'
  | 'status'
  | 'substatus'
  | 'last_seen'
  | 'times_seen'
  | 'user_count'
  | 'resolved_at'
  | 'resolved_in_release'
  | 'resolved_in_next_release'
  | 'ignore_until'
  | 'ignore_count'
  | 'ignore_window'
  | 'ignore_user_count'
  | 'ignore_user_window'
  | 'ignore_baseline_times_seen'
  | 'ignore_baseline_user_count'
>;

/**
 * Locks the issues (ids ascending: a fixed order, no deadlocks between workers) and returns the
 * columns the pipeline needs (not `*`: titles and metadata would be read back for nothing).
 */
export async function lockGroups(db: Db, ids: readonly number[]): Promise<GroupLockRow[]> {
  if (ids.length === 0) return [];
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const res = await sql<GroupLockRow>`
    select id, status, substatus, last_seen, times_seen, user_count, resolved_at, resolved_in_release,
      resolved_in_next_release, ignore_until, ignore_count, ignore_window, ignore_user_count, ignore_user_window,
      ignore_baseline_times_seen, ignore_baseline_user_count
    from groups where id = any(${sorted}::bigint[]) order by id for no key update`.execute(db);
  return res.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** One issue's new values after a batch (counters are increments). */
export interface GroupBatchUpdate {
  id: number;
  addTimesSeen: number;
  addUserCount: number;
  firstSeen: Date;
  lastSeen: Date;
  /** From the latest event, when it is newer than the issue's last_seen; else null (keep). */
  level: string | null;
  metadata: string | null;
  lastRelease: string | null;
  status: IssueStatus;
  substatus: IssueSubstatus | null;
  /** Clear resolved_* (regression) / ignore_* (condition met). */
  clearResolution: boolean;
  clearIgnore: boolean;
}

export async function updateGroupsFromBatch(db: Db, updates: readonly GroupBatchUpdate[]): Promise<void> {
  const sorted = [...updates].sort((a, b) => a.id - b.id);
  for (const part of chunks(sorted, ARRAY_CHUNK)) {
    const col = <T>(f: (u: GroupBatchUpdate) => T): T[] => part.map(f);
    await sql`
      update groups g set
        times_seen = g.times_seen + v.add_times,
        user_count = g.user_count + v.add_users,
        first_seen = least(g.first_seen, to_timestamp(v.first_seen / 1000.0)),
        last_seen = greatest(g.last_seen, to_timestamp(v.last_seen / 1000.0)),
        level = coalesce(v.level, g.level),
        metadata = coalesce(v.metadata, g.metadata),
        last_release = coalesce(v.last_release, g.last_release),
        status = v.status,
        substatus = v.substatus,
        resolved_at = case when v.clear_resolution then null else g.resolved_at end,
        resolved_in_release = case when v.clear_resolution then null else g.resolved_in_release end,
        resolved_in_next_release = case when v.clear_resolution then false else g.resolved_in_next_release end,
        ignore_until = case when v.clear_ignore then null else g.ignore_until end,
        ignore_count = case when v.clear_ignore then null else g.ignore_count end,
        ignore_window = case when v.clear_ignore then null else g.ignore_window end,
        ignore_user_count = case when v.clear_ignore then null else g.ignore_user_count end,
        ignore_user_window = case when v.clear_ignore then null else g.ignore_user_window end,
        ignore_baseline_times_seen = case when v.clear_ignore then null else g.ignore_baseline_times_seen end,
        ignore_baseline_user_count = case when v.clear_ignore then null else g.ignore_baseline_user_count end
      from unnest(
        ${col((u) => u.id)}::bigint[], ${col((u) => u.addTimesSeen)}::bigint[], ${col((u) => u.addUserCount)}::bigint[],
        ${col((u) => u.firstSeen.getTime())}::float8[], ${col((u) => u.lastSeen.getTime())}::float8[],
        ${col((u) => u.level)}::text[], ${col((u) => u.metadata)}::text[], ${col((u) => u.lastRelease)}::text[],
        ${col((u) => u.status)}::text[], ${col((u) => u.substatus)}::text[],
        ${col((u) => u.clearResolution)}::boolean[], ${col((u) => u.clearIgnore)}::boolean[]
      ) as v(id, add_times, add_users, first_seen, last_seen, level, metadata, last_release, status, substatus, clear_resolution, clear_ignore)
      where g.id = v.id`.execute(db);
  }
}

export interface TagValueIncrement {
  group_id: number;
  key: string;
  value: string;
  times_seen: number;
  first_seen: Date;
  last_seen: Date;
}

/**
 * Adds tag-value counts (sorted by key: a fixed lock order). Rows of issues deleted meanwhile are
 * skipped (buffered increments may outlive their issue). Timestamps travel as epoch milliseconds:
 * parsing timestamp text costs PGlite more than the rest of a row.
 */
export async function upsertGroupTagValues(db: Db, rows: readonly TagValueIncrement[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.group_id - b.group_id || cmpStr(a.key, b.key) || cmpStr(a.value, b.value));
  for (const part of chunks(sorted, ARRAY_CHUNK)) {
    await sql`
      insert into group_tag_values (group_id, key, value, times_seen, first_seen, last_seen)
      select u.group_id, u.key, u.value, u.n, to_timestamp(u.f / 1000.0), to_timestamp(u.l / 1000.0)
      from unnest(${part.map((r) => r.group_id)}::bigint[], ${part.map((r) => r.key)}::text[],
        ${part.map((r) => r.value)}::text[], ${part.map((r) => r.times_seen)}::bigint[],
        ${part.map((r) => r.first_seen.getTime())}::float8[], ${part.map((r) => r.last_seen.getTime())}::float8[])
        as u(group_id, key, value, n, f, l)
      where exists (select 1 from groups g where g.id = u.group_id)
      on conflict (group_id, key, value) do update set
        times_seen = group_tag_values.times_seen + excluded.times_seen,
        first_seen = least(group_tag_values.first_seen, excluded.first_seen),
        last_seen = greatest(group_tag_values.last_seen, excluded.last_seen)`.execute(db);
  }
}

export async function upsertGroupHourly(
  db: Db,
  rows: readonly { group_id: number; hour: Date; count: number }[],
): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.group_id - b.group_id || a.hour.getTime() - b.hour.getTime());
  for (const part of chunks(sorted, ARRAY_CHUNK)) {
    await sql`
      insert into group_hourly (group_id, hour, count)
      select u.group_id, to_timestamp(u.hour / 1000.0), u.count
      from unnest(${part.map((r) => r.group_id)}::bigint[], ${part.map((r) => r.hour.getTime())}::float8[],
        ${part.map((r) => r.count)}::bigint[]) as u(group_id, hour, count)
      on conflict (group_id, hour) do update set count = group_hourly.count + excluded.count`.execute(db);
  }
}

/** Events of each issue since `since` (for ignore windows). */
export async function countGroupEventsSince(
  db: Db,
  groupIds: readonly number[],
  since: Date,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (groupIds.length === 0) return out;
  const rows = await db
    .selectFrom('events')
    .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('group_id', 'in', [...groupIds])
    .where('received_at', '>=', since)
    .groupBy('group_id')
    .execute();
  for (const r of rows) out.set(Number(r.group_id), Number(r.n));
  return out;
}

/** Distinct users first seen on each issue since `since` (for ignore user windows). */
export async function countGroupUsersSince(
  db: Db,
  groupIds: readonly number[],
  since: Date,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (groupIds.length === 0) return out;
  const rows = await db
    .selectFrom('group_users')
    .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('group_id', 'in', [...groupIds])
    .where('first_seen', '>=', since)
    .groupBy('group_id')
    .execute();
  for (const r of rows) out.set(Number(r.group_id), Number(r.n));
  return out;
}

/** Hourly counts of the issues from `since` on (for escalation checks). */
export async function listGroupHourly(
  db: Db,
  groupIds: readonly number[],
  since: Date,
): Promise<{ group_id: number; hour: Date; count: number }[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_hourly')
    .select(['group_id', 'hour', 'count'])
    .where('group_id', 'in', [...groupIds])
    .where('hour', '>=', since)
    .execute();
  return rows.map((r) => ({ group_id: Number(r.group_id), hour: new Date(r.hour), count: Number(r.count) }));
}

export async function deleteGroups(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('groups')
    .where('id', 'in', [...ids])
    .execute();
}

export async function getGroup(db: Db, id: number): Promise<Group | undefined> {
  const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export async function listGroupsForProject(db: Db, projectId: number, limit = 100): Promise<Group[]> {
  const rows = await db
    .selectFrom('groups')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function listGroupHashes(db: Db, groupId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('group_hashes')
    .select('hash')
    .where('group_id', '=', groupId)
    .orderBy('hash')
    .execute();
  return rows.map((r) => r.hash);
}

export interface IssueStatusChange {
  status: IssueStatus;
  substatus?: IssueSubstatus | null;
  resolvedInRelease?: string | null;
  resolvedInNextRelease?: boolean;
  ignoreUntil?: Date | null;
  ignoreCount?: number | null;
  ignoreWindow?: number | null;
  ignoreUserCount?: number | null;
  ignoreUserWindow?: number | null;
}

/**
 * Sets an issue's status as a person would (resolve, ignore/archive, unresolve), recording the
 * resolve time and the ignore baselines the pipeline's transitions compare against.
 */
export async function setGroupStatus(db: Db, id: number, change: IssueStatusChange, now = new Date()): Promise<void> {
  const resolved = change.status === 'resolved';
  const ignored = change.status === 'ignored';
  await db
    .updateTable('groups')
    .set({
      status: change.status,
      substatus:
        change.substatus !== undefined
          ? change.substatus
          : ignored
            ? change.ignoreUntil || change.ignoreCount || change.ignoreUserCount
              ? 'archived_until_condition_met'
              : 'archived_forever'
            : resolved
              ? null
              : 'ongoing',
      resolved_at: resolved ? now : null,
      resolved_in_release: resolved ? (change.resolvedInRelease ?? null) : null,
      resolved_in_next_release: resolved ? (change.resolvedInNextRelease ?? false) : false,
      ignore_until: ignored ? (change.ignoreUntil ?? null) : null,
      ignore_count: ignored ? (change.ignoreCount ?? null) : null,
      ignore_window: ignored ? (change.ignoreWindow ?? null) : null,
      ignore_user_count: ignored ? (change.ignoreUserCount ?? null) : null,
      ignore_user_window: ignored ? (change.ignoreUserWindow ?? null) : null,
      ignore_baseline_times_seen: ignored ? sql<number>`times_seen` : null,
      ignore_baseline_user_count: ignored ? sql<number>`user_count` : null,
    })
    .where('id', '=', id)
    .execute();
}
