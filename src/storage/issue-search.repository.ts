/**
 * Issue list reads for the API: keyset-paginated search over `groups` (the where-clause comes
 * from the API's search module as a SQL fragment over `groups as g`), hit counts, and the
 * per-issue rollups a list page shows (hourly counts).
 *
 * Pagination is keyset on (sort key, id). A cursor also freezes a snapshot: issues created after
 * the first page (id > maxId) are left out of later pages, and for `sort=date` an issue whose
 * last_seen moved past the snapshot time is ordered by its last_seen as of the snapshot (the
 * newest event received by then), so paging stays free of gaps and duplicates while events arrive.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import type { Group } from './issues.table.js';

export type IssueSort = 'date' | 'new' | 'freq' | 'user' | 'priority';

export interface IssueSnapshot {
  /** When the first page was read. */
  at: Date;
  /** The highest issue id at that time. */
  maxId: number;
}

export interface IssueKeyset {
  /** Epoch microseconds for date sorts, the count for freq/user. */
  sortValue: number;
  id: number;
}

export interface SearchIssuesInput {
  projectIds: number[];
  where: RawBuilder<SqlBool>;
  sort: IssueSort;
  limit: number;
  /** Rows strictly after this position (next page) or strictly before it (previous page). */
  position?: { keyset: IssueKeyset; direction: 'after' | 'before' } | undefined;
  snapshot?: IssueSnapshot | undefined;
}

/** A groups row with its bigint columns as numbers (independent of how the table types declare them). */
export type IssueRow = Omit<Group, 'id' | 'short_id' | 'times_seen' | 'user_count'> & {
  id: number;
  short_id: number;
  times_seen: number;
  user_count: number;
};

export type IssueSearchRow = IssueRow & { sort_value: number };

export function toIssueRow<T extends Group>(r: T): Omit<T, 'id' | 'short_id' | 'times_seen' | 'user_count'> & IssueRow {
  return {
    ...r,
    id: Number(r.id),
    short_id: Number(r.short_id),
    times_seen: Number(r.times_seen),
    user_count: Number(r.user_count),
  };
}

const MICROS = sql`1000000`;

/** One project as an equality, so the (project_id, sort key, id) indexes serve the ordering. */
function inProjects(ids: number[]): RawBuilder<SqlBool> {
  return ids.length === 1
    ? sql<SqlBool>`g.project_id = ${ids[0]}::integer`
    : sql<SqlBool>`g.project_id = any(${ids}::integer[])`;
}

function sortColumn(sort: IssueSort): 'last_seen' | 'first_seen' | 'times_seen' | 'user_count' {
  switch (sort) {
    case 'new':
      return 'first_seen';
    case 'freq':
      return 'times_seen';
    case 'user':
      return 'user_count';
    default:
      return 'last_seen';
  }
}

function isDateSort(sort: IssueSort): boolean {
  return sort === 'date' || sort === 'priority' || sort === 'new';
}

function keyToMicros(expr: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(extract(epoch from ${expr}) * ${MICROS})::bigint`;
}

function microsToTimestamp(us: number): RawBuilder<unknown> {
  return sql`(timestamptz 'epoch' + ${us}::bigint * interval '1 microsecond')`;
}

/** One page (limit + 1 rows, to tell whether more follow), in display order. */
export async function searchIssues(db: Db, input: SearchIssuesInput): Promise<IssueSearchRow[]> {
  if (input.projectIds.length === 0) return [];
  const dateSort = isDateSort(input.sort);
  const plainKey = sql.ref(`g.${sortColumn(input.sort)}`);
  const conds: RawBuilder<SqlBool>[] = [inProjects(input.projectIds), input.where];
  if (input.snapshot) conds.push(sql<SqlBool>`g.id <= ${input.snapshot.maxId}`);
  const pos = input.position;
  const desc = pos === undefined || pos.direction === 'after';
  const dir = sql.raw(desc ? 'desc' : 'asc');
  const n = input.limit + 1;
  let rows: Array<Group & { sort_value: number }>;
  if (pos && input.snapshot && (input.sort === 'date' || input.sort === 'priority')) {
    rows = await searchFromSnapshot(db, conds, input.snapshot, pos, n);
  } else {
    if (pos) {
      const v = dateSort ? microsToTimestamp(pos.keyset.sortValue) : sql`${pos.keyset.sortValue}::bigint`;
      conds.push(sql<SqlBool>`(${plainKey}, g.id) ${sql.raw(desc ? '<' : '>')} (${v}, ${pos.keyset.id})`);
    }
    const sortValue = dateSort ? keyToMicros(plainKey) : sql<number>`${plainKey}::bigint`;
    const result = await sql<Group & { sort_value: number }>`
      select g.*, ${sortValue} as sort_value
      from groups g
      where ${sql.join(conds, sql` and `)}
      order by ${plainKey} ${dir}, g.id ${dir}
      limit ${n}`.execute(db);
    rows = result.rows;
  }
  const out: IssueSearchRow[] = rows.map((r) => ({ ...toIssueRow(r), sort_value: Number(r.sort_value) }));
  return desc ? out : out.reverse();
}

/**
 * `sort=date` after the first page: issues untouched since the snapshot (last_seen <= at) come
 * straight from the (project_id, last_seen, id) index; the few touched since are ordered by their
 * last_seen as of the snapshot (newest event received by then). Both are merged by that key.
 */
async function searchFromSnapshot(
  db: Db,
  conds: RawBuilder<SqlBool>[],
  snapshot: IssueSnapshot,
  pos: { keyset: IssueKeyset; direction: 'after' | 'before' },
  n: number,
) {
  const after = pos.direction === 'after';
  const cmp = sql.raw(after ? '<' : '>');
  const dir = sql.raw(after ? 'desc' : 'asc');
  const v = microsToTimestamp(pos.keyset.sortValue);
  const id = pos.keyset.id;
  const base = sql.join(conds, sql` and `);
  const asOfSnapshot = sql`coalesce((select max(e.timestamp) from events e
    where e.group_id = g.id and e.received_at <= ${snapshot.at}), g.last_seen)`;
  const result = await sql<Group & { sort_value: number }>`
    select s.*, ${keyToMicros(sql`s.k`)} as sort_value from (
      (select g.*, g.last_seen as k from groups g
        where ${base} and g.last_seen <= ${snapshot.at} and (g.last_seen, g.id) ${cmp} (${v}, ${id})
        order by g.last_seen ${dir}, g.id ${dir} limit ${n})
      union all
      (select g.*, ${asOfSnapshot} as k from groups g where ${base} and g.last_seen > ${snapshot.at})
    ) s
    where (s.k, s.id) ${cmp} (${v}, ${id})
    order by s.k ${dir}, s.id ${dir}
    limit ${n}`.execute(db);
  return result.rows;
}

/** How many issues match (capped: Sentry's `X-Max-Hits`). */
export async function countIssues(
  db: Db,
  projectIds: number[],
  where: RawBuilder<SqlBool>,
  cap: number,
): Promise<number> {
  if (projectIds.length === 0) return 0;
  const result = await sql<{ n: number }>`
    select count(*)::integer as n from (select 1 from groups g
      where ${inProjects(projectIds)} and ${where} limit ${cap}) s`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The snapshot a first page is read at. */
export async function currentIssueSnapshot(db: Db): Promise<IssueSnapshot> {
  const row = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.max('id').as('maxId'))
    .executeTakeFirst();
  return { at: new Date(), maxId: Number(row?.maxId ?? 0) };
}

/** Hourly counts of these issues since `since` (inclusive), for stats series. */
export async function listIssueHourlyCounts(
  db: Db,
  groupIds: number[],
  since: Date,
): Promise<Array<{ group_id: number; hour: Date; count: number }>> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_hourly')
    .select(['group_id', 'hour', 'count'])
    .where('group_id', 'in', groupIds)
    .where('hour', '>=', since)
    .execute();
  return rows.map((r) => ({ group_id: Number(r.group_id), hour: new Date(r.hour), count: Number(r.count) }));
}

/** Issues by id with their project (slug, name, platform, organization). */
export async function findIssuesWithProject(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('groups as g')
    .innerJoin('projects as p', 'p.id', 'g.project_id')
    .selectAll('g')
    .select([
      'p.slug as project_slug',
      'p.name as project_name',
      'p.platform as project_platform',
      'p.organization_id as organization_id',
    ])
    .where(sql<SqlBool>`g.id = any(${ids}::bigint[])`)
    .execute();
  return rows.map(toIssueRow);
}

export type IssueWithProject = Awaited<ReturnType<typeof findIssuesWithProject>>[number];

/** Issue ids matching a where-clause (bulk mutations by query), capped. */
export async function findIssueIdsMatching(
  db: Db,
  projectIds: number[],
  where: RawBuilder<SqlBool>,
  cap: number,
): Promise<number[]> {
  if (projectIds.length === 0) return [];
  const result = await sql<{ id: number }>`
    select g.id from groups g where ${inProjects(projectIds)} and ${where}
    order by g.last_seen desc, g.id desc limit ${cap}`.execute(db);
  return result.rows.map((r) => Number(r.id));
}

/** An issue by short id (`WEB-1A` → slug WEB, 42) within these projects. */
export async function findIssueIdByShortId(
  db: Db,
  projectIds: number[],
  slugUpper: string,
  shortId: number,
): Promise<number | undefined> {
  if (projectIds.length === 0) return undefined;
  const row = await db
    .selectFrom('groups as g')
    .innerJoin('projects as p', 'p.id', 'g.project_id')
    .select('g.id')
    .where('g.project_id', 'in', projectIds)
    .where((eb) => eb(eb.fn('upper', ['p.slug']), '=', slugUpper))
    .where('g.short_id', '=', shortId)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}
