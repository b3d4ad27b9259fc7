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

/** The sort key as a SQL expression over `g` (snapshot-adjusted for date sorts on later pages). */
function sortKeyExpr(sort: IssueSort, snapshot: IssueSnapshot | undefined): RawBuilder<unknown> {
  const col = sql.ref(`g.${sortColumn(sort)}`);
  if ((sort === 'date' || sort === 'priority') && snapshot) {
    return sql`case when g.last_seen > ${snapshot.at} then coalesce((select max(e.timestamp) from events e
      where e.group_id = g.id and e.received_at <= ${snapshot.at}), g.last_seen) else g.last_seen end`;
  }
  return col;
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
  const key = sortKeyExpr(input.sort, input.snapshot);
  const plainKey = sql.ref(`g.${sortColumn(input.sort)}`);
  const adjusted = (input.sort === 'date' || input.sort === 'priority') && input.snapshot !== undefined;
  const conds: RawBuilder<SqlBool>[] = [sql<SqlBool>`g.project_id = any(${input.projectIds}::integer[])`, input.where];
  if (input.snapshot) conds.push(sql<SqlBool>`g.id <= ${input.snapshot.maxId}`);
  const pos = input.position;
  let desc = true;
  if (pos) {
    const v = dateSort ? microsToTimestamp(pos.keyset.sortValue) : sql`${pos.keyset.sortValue}::bigint`;
    const cmp = sql.raw(pos.direction === 'after' ? '<' : '>');
    desc = pos.direction === 'after';
    if (adjusted) {
      // The adjusted key is never above last_seen: a cheap index-friendly pre-filter, then the exact test.
      if (pos.direction === 'after') {
        conds.push(
          sql<SqlBool>`((g.last_seen, g.id) < (${v}, ${pos.keyset.id}) or g.last_seen > ${input.snapshot!.at})`,
        );
      }
      conds.push(sql<SqlBool>`(${key}, g.id) ${cmp} (${v}, ${pos.keyset.id})`);
    } else {
      conds.push(sql<SqlBool>`(${plainKey}, g.id) ${cmp} (${v}, ${pos.keyset.id})`);
    }
  }
  const dir = sql.raw(desc ? 'desc' : 'asc');
  const orderKey = adjusted ? key : plainKey;
  const sortValue = dateSort ? keyToMicros(key) : sql<number>`${key}::bigint`;
  const result = await sql<Group & { sort_value: number }>`
    select g.*, ${sortValue} as sort_value
    from groups g
    where ${sql.join(conds, sql` and `)}
    order by ${orderKey} ${dir}, g.id ${dir}
    limit ${input.limit + 1}`.execute(db);
  const rows: IssueSearchRow[] = result.rows.map((r) => ({ ...toIssueRow(r), sort_value: Number(r.sort_value) }));
  return desc ? rows : rows.reverse();
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
      where g.project_id = any(${projectIds}::integer[]) and ${where} limit ${cap}) s`.execute(db);
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
    select g.id from groups g where g.project_id = any(${projectIds}::integer[]) and ${where}
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
