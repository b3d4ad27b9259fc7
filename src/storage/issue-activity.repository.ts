/**
 * What people do to issues: the activity log (notes are `note` activities, as in Sentry),
 * bookmarks, seen-by and subscriptions. The only place SQL touches those tables.
 *
 * The pipeline records regressions with `insertIssueActivities(db, [{groupId, projectId,
 * type: 'set_regression', data: {version}}])` (one multi-row insert per batch).
 */
import { type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import type { ActivityType } from './issue-activity.table.js';

export interface NewIssueActivity {
  groupId: number;
  projectId: number;
  type: ActivityType;
  userId?: number | null;
  data?: Record<string, unknown>;
  createdAt?: Date;
}

export interface IssueActivityRow {
  id: number;
  group_id: number;
  project_id: number;
  type: ActivityType;
  user_id: number | null;
  data: string;
  created_at: Date;
}

const byGroups = (ids: readonly number[]) => sql<SqlBool>`group_id = any(${[...ids]}::bigint[])`;

export async function insertIssueActivities(db: Db, rows: readonly NewIssueActivity[]): Promise<IssueActivityRow[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('group_activity')
    .values(
      rows.map((r) => ({
        group_id: r.groupId,
        project_id: r.projectId,
        type: r.type,
        user_id: r.userId ?? null,
        data: JSON.stringify(r.data ?? {}),
        ...(r.createdAt ? { created_at: r.createdAt } : {}),
      })),
    )
    .returningAll()
    .execute();
  return inserted.map(toActivityRow);
}

function toActivityRow(r: {
  id: unknown;
  group_id: unknown;
  project_id: number;
  type: ActivityType;
  user_id: number | null;
  data: string;
  created_at: Date;
}): IssueActivityRow {
  return { ...r, id: Number(r.id), group_id: Number(r.group_id), created_at: new Date(r.created_at) };
}

/** Newest first. */
export async function listIssueActivities(
  db: Db,
  groupId: number,
  opts: { types?: ActivityType[]; limit: number; offset?: number },
): Promise<IssueActivityRow[]> {
  let q = db
    .selectFrom('group_activity')
    .selectAll()
    .where(byGroups([groupId]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
  if (opts.types && opts.types.length > 0) q = q.where('type', 'in', opts.types);
  return (await q.execute()).map(toActivityRow);
}

export async function findIssueActivity(db: Db, groupId: number, id: number): Promise<IssueActivityRow | undefined> {
  const row = await db
    .selectFrom('group_activity')
    .selectAll()
    .where(byGroups([groupId]))
    .where(sql<SqlBool>`id = ${id}::bigint`)
    .executeTakeFirst();
  return row ? toActivityRow(row) : undefined;
}

export async function updateIssueActivityData(db: Db, id: number, data: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('group_activity')
    .set({ data: JSON.stringify(data) })
    .where(sql<SqlBool>`id = ${id}::bigint`)
    .execute();
}

export async function deleteIssueActivity(db: Db, id: number): Promise<void> {
  await db.deleteFrom('group_activity').where(sql<SqlBool>`id = ${id}::bigint`).execute();
}

/** Keeps `groups.num_comments` equal to the issue's notes. */
export async function refreshCommentCounts(db: Db, groupIds: readonly number[]): Promise<void> {
  if (groupIds.length === 0) return;
  await sql`update groups g set num_comments = (select count(*) from group_activity a
      where a.group_id = g.id and a.type = 'note')
    where g.id = any(${[...groupIds]}::bigint[])`.execute(db);
}

export async function setIssueBookmarks(db: Db, userId: number, groupIds: readonly number[], on: boolean) {
  if (groupIds.length === 0) return;
  if (on) {
    await db
      .insertInto('group_bookmarks')
      .values(groupIds.map((g) => ({ group_id: g, user_id: userId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  } else {
    await db.deleteFrom('group_bookmarks').where('user_id', '=', userId).where(byGroups(groupIds)).execute();
  }
}

export async function setIssueSeen(
  db: Db,
  userId: number,
  groupIds: readonly number[],
  seen: boolean,
  now = new Date(),
) {
  if (groupIds.length === 0) return;
  if (seen) {
    await db
      .insertInto('group_seen')
      .values(groupIds.map((g) => ({ group_id: g, user_id: userId, last_seen: now })))
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ last_seen: now }))
      .execute();
  } else {
    await db.deleteFrom('group_seen').where('user_id', '=', userId).where(byGroups(groupIds)).execute();
  }
}

export async function setIssueSubscriptions(
  db: Db,
  userId: number,
  groupIds: readonly number[],
  active: boolean,
  reason: string,
) {
  if (groupIds.length === 0) return;
  await db
    .insertInto('group_subscriptions')
    .values(groupIds.map((g) => ({ group_id: g, user_id: userId, is_active: active, reason })))
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ is_active: active, reason }))
    .execute();
}

/** Subscribes (if no explicit choice exists yet) — Sentry subscribes participants (commenters, assignees). */
export async function subscribeIfUnset(db: Db, userId: number, groupIds: readonly number[], reason: string) {
  if (groupIds.length === 0) return;
  await db
    .insertInto('group_subscriptions')
    .values(groupIds.map((g) => ({ group_id: g, user_id: userId, is_active: true, reason })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface ViewerIssueState {
  bookmarked: Set<number>;
  seen: Map<number, Date>;
  subscriptions: Map<number, { active: boolean; reason: string }>;
}

/** The viewer's bookmarks, seen marks and subscriptions for a page of issues (three queries). */
export async function loadViewerIssueState(
  db: Db,
  userId: number | null,
  groupIds: readonly number[],
): Promise<ViewerIssueState> {
  const state: ViewerIssueState = { bookmarked: new Set(), seen: new Map(), subscriptions: new Map() };
  if (userId === null || groupIds.length === 0) return state;
  const [bookmarks, seen, subs] = await Promise.all([
    db
      .selectFrom('group_bookmarks')
      .select('group_id')
      .where('user_id', '=', userId)
      .where(byGroups(groupIds))
      .execute(),
    db
      .selectFrom('group_seen')
      .select(['group_id', 'last_seen'])
      .where('user_id', '=', userId)
      .where(byGroups(groupIds))
      .execute(),
    db
      .selectFrom('group_subscriptions')
      .select(['group_id', 'is_active', 'reason'])
      .where('user_id', '=', userId)
      .where(byGroups(groupIds))
      .execute(),
  ]);
  for (const b of bookmarks) state.bookmarked.add(Number(b.group_id));
  for (const s of seen) state.seen.set(Number(s.group_id), new Date(s.last_seen));
  for (const s of subs) state.subscriptions.set(Number(s.group_id), { active: s.is_active, reason: s.reason });
  return state;
}

/** Who has seen the issue, most recent first. */
export async function listIssueSeenBy(db: Db, groupId: number, limit = 100) {
  const rows = await db
    .selectFrom('group_seen as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select('s.last_seen as seen_at')
    .where(sql<SqlBool>`s.group_id = ${groupId}::bigint`)
    .orderBy('s.last_seen', 'desc')
    .limit(limit)
    .execute();
  return rows;
}
