/**
 * Issue changes made through the API: field updates (status, assignment), deletion, merge and
 * unmerge (moving hashes and their events between issues), and recomputing an issue's rollups
 * (counts, first/last seen, tag values, hourly counts, users) from its events.
 */
import { type SqlBool, sql, type Updateable } from 'kysely';
import type { Db } from './database.js';
import type { GroupsTable } from './issues.table.js';
import { flushTagValueBuffer } from './tag-value-buffer.repository.js';

const ids = (list: readonly number[]) => sql`${[...list]}::bigint[]`;

export type IssuePatch = Omit<Updateable<GroupsTable>, 'id' | 'project_id'>;

/**
 * Sets fields of these issues. `snapshotIgnoreBaselines`: remember the current counts as the
 * baseline of "ignore until N more events/users" conditions (the pipeline compares against it).
 */
export async function updateIssueFields(
  db: Db,
  groupIds: readonly number[],
  patch: IssuePatch,
  opts: { snapshotIgnoreBaselines?: boolean; resolveInLastRelease?: boolean } = {},
): Promise<void> {
  if (groupIds.length === 0 || Object.keys(patch).length === 0) return;
  const baselines = opts.snapshotIgnoreBaselines
    ? { ignore_baseline_times_seen: sql<number>`times_seen`, ignore_baseline_user_count: sql<number>`user_count` }
    : {};
  // "Resolved in next release": remember the release current at resolution (the pipeline regresses
  // the issue on events from any later release).
  const release = opts.resolveInLastRelease ? { resolved_in_release: sql<string | null>`last_release` } : {};
  await db
    .updateTable('groups')
    .set({ ...patch, ...baselines, ...release })
    .where(sql<SqlBool>`id = any(${ids(groupIds)})`)
    .execute();
}

/** Deletes issues with their events, hashes and rollups (foreign keys cascade). */
export async function deleteIssues(db: Db, groupIds: readonly number[]): Promise<number> {
  if (groupIds.length === 0) return 0;
  const result = await db
    .deleteFrom('groups')
    .where(sql<SqlBool>`id = any(${ids(groupIds)})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Recomputes counters and rollups of these issues from their stored events. Buffered tag-value
 * increments are merged first (tag-value-buffer.repository.ts), so none is added twice later
 * (merge and unmerge do it before they lock issues; the advisory lock is re-entrant).
 */
export async function recomputeIssueRollups(db: Db, groupIds: readonly number[]): Promise<void> {
  if (groupIds.length === 0) return;
  await flushTagValueBuffer(db, [], { wait: true });
  const g = ids(groupIds);
  await sql`delete from group_tag_values where group_id = any(${g})`.execute(db);
  await sql`insert into group_tag_values (group_id, key, value, times_seen, first_seen, last_seen)
    select e.group_id, split_part(t, '=', 1), substr(t, strpos(t, '=') + 1), count(*), min(e.timestamp), max(e.timestamp)
    from events e cross join lateral unnest(e.tags) as t
    where e.group_id = any(${g}) and strpos(t, '=') > 1
    group by 1, 2, 3`.execute(db);
  await sql`delete from group_hourly where group_id = any(${g})`.execute(db);
  await sql`insert into group_hourly (group_id, hour, count)
    select group_id, date_trunc('hour', timestamp), count(*) from events
    where group_id = any(${g}) group by 1, 2`.execute(db);
  await sql`delete from group_users where group_id = any(${g})`.execute(db);
  await sql`insert into group_users (group_id, user_ident, first_seen)
    select group_id, user_ident, min(timestamp) from events
    where group_id = any(${g}) and user_ident is not null group by 1, 2`.execute(db);
  await sql`update groups gr set
      times_seen = coalesce(s.n, 0),
      first_seen = coalesce(s.first_seen, gr.first_seen),
      last_seen = coalesce(s.last_seen, gr.last_seen),
      user_count = (select count(*) from group_users u where u.group_id = gr.id)
    from (select x.id, c.n, c.first_seen, c.last_seen from unnest(${g}) as x(id)
      left join lateral (select count(*) as n, min(timestamp) as first_seen, max(timestamp) as last_seen
        from events e where e.group_id = x.id) c on true) s
    where gr.id = s.id`.execute(db);
}

/** Moves everything of `sources` into `target` and deletes the sources. Run inside a transaction. */
export async function mergeIssuesInto(db: Db, target: number, sources: readonly number[]): Promise<void> {
  const from = sources.filter((s) => s !== target);
  if (from.length === 0) return;
  // Merge the tag-value buffer before locking any issue: a worker merging it may wait for them.
  await flushTagValueBuffer(db, [], { wait: true });
  const s = ids(from);
  await sql`update group_hashes set group_id = ${target} where group_id = any(${s})`.execute(db);
  await sql`update events set group_id = ${target} where group_id = any(${s})`.execute(db);
  await sql`update group_activity set group_id = ${target} where group_id = any(${s})`.execute(db);
  await sql`insert into group_bookmarks (group_id, user_id, created_at)
    select ${target}, user_id, min(created_at) from group_bookmarks where group_id = any(${s}) group by user_id
    on conflict do nothing`.execute(db);
  await sql`update groups t set
      num_comments = (select count(*) from group_activity a where a.group_id = t.id and a.type = 'note'),
      first_release = coalesce(t.first_release, (select g.first_release from groups g where g.id = any(${s})
        and g.first_release is not null order by g.first_seen limit 1))
    where t.id = ${target}`.execute(db);
  await sql`delete from groups where id = any(${s})`.execute(db);
  await recomputeIssueRollups(db, [target]);
}

/**
 * Moves `hashes` of issue `groupId` (and their events) to a new issue copied from it, recomputes
 * both issues' rollups, and returns the new issue's id (undefined when none of the hashes belong
 * to the issue, or when they are all of its hashes). Run inside a transaction.
 */
export async function unmergeIssueHashes(
  db: Db,
  groupId: number,
  hashes: readonly string[],
): Promise<number | undefined> {
  const owned = await sql<{ hash: string; n: number }>`
    select hash, count(*) over () as n from group_hashes where group_id = ${groupId}::bigint`.execute(db);
  const all = new Set(owned.rows.map((r) => r.hash));
  const moving = [...new Set(hashes)].filter((h) => all.has(h));
  if (moving.length === 0 || moving.length === all.size) return undefined;
  // Merge the tag-value buffer before locking any issue: a worker merging it may wait for them.
  await flushTagValueBuffer(db, [], { wait: true });
  const src = await db.selectFrom('groups').selectAll().where(sql<SqlBool>`id = ${groupId}::bigint`).executeTakeFirst();
  if (!src) return undefined;
  const counter = await sql<{ short_id: number }>`
    insert into project_counters (project_id, next_short_id) values (${src.project_id}, 2)
    on conflict (project_id) do update set next_short_id = project_counters.next_short_id + 1
    returning next_short_id - 1 as short_id`.execute(db);
  const shortId = Number(counter.rows[0]!.short_id);
  const created = await db
    .insertInto('groups')
    .values({
      project_id: src.project_id,
      short_id: shortId,
      type: src.type,
      title: src.title,
      culprit: src.culprit,
      level: src.level,
      platform: src.platform,
      logger: src.logger,
      metadata: src.metadata,
      status: 'unresolved',
      substatus: 'new',
      first_seen: src.first_seen,
      last_seen: src.last_seen,
      first_release: src.first_release,
      last_release: src.last_release,
      primary_hash: moving[0]!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const newId = Number(created.id);
  await sql`update group_hashes set group_id = ${newId} where group_id = ${groupId}::bigint
    and hash = any(${moving}::text[])`.execute(db);
  await sql`update events set group_id = ${newId} where group_id = ${groupId}::bigint
    and primary_hash = any(${moving}::text[])`.execute(db);
  if (moving.includes(src.primary_hash)) {
    const remaining = [...all].find((h) => !moving.includes(h))!;
    await sql`update groups set primary_hash = ${remaining} where id = ${groupId}::bigint`.execute(db);
  }
  await recomputeIssueRollups(db, [groupId, newId]);
  return newId;
}

/** A user id by e-mail or name within an organization's members (for `assignedTo: "jane@x"`). */
export async function findOrgMemberUserId(db: Db, organizationId: number, who: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('organization_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .where('m.organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['u.email']), '=', who.toLowerCase()),
        eb(eb.fn('lower', ['u.name']), '=', who.toLowerCase()),
      ]),
    )
    .executeTakeFirst();
  return row?.id;
}

export async function isOrgMember(db: Db, organizationId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('organization_members')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findOrgTeam(db: Db, organizationId: number, teamId: number) {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', teamId)
    .executeTakeFirst();
}

/** Users and teams by id (to serialize assignees and activity authors). */
export async function findUsersByIds(db: Db, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', [...userIds])
    .execute();
}

export async function findTeamsByIds(db: Db, teamIds: readonly number[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('teams')
    .selectAll()
    .where('id', 'in', [...teamIds])
    .execute();
}
