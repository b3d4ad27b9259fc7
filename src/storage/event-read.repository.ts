/**
 * Event and tag reads for the API: an issue's events (keyset on timestamp, event id), single
 * events, neighbours within an issue, and the per-issue tag rollup. Read-only; the pipeline
 * owns writes (events.repository.ts).
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import type { EventRow } from './issues.table.js';

export type EventReadRow = Omit<EventRow, 'group_id'> & { group_id: number | null };

function toRow(r: EventRow): EventReadRow {
  return { ...r, group_id: r.group_id === null ? null : Number(r.group_id) };
}

export interface EventPosition {
  /** Epoch microseconds of `timestamp`. */
  timestampUs: number;
  eventId: string;
}

const tsFromMicros = (us: number) => sql`(timestamptz 'epoch' + ${us}::bigint * interval '1 microsecond')`;

/** An issue's events, newest first (or oldest first for `before` pages, returned newest first). */
export async function listIssueEventRows(
  db: Db,
  groupId: number,
  opts: {
    limit: number;
    position?: { at: EventPosition; direction: 'after' | 'before' } | undefined;
    where?: RawBuilder<SqlBool> | undefined;
    withData?: boolean;
  },
): Promise<Array<EventReadRow & { ts_us: number }>> {
  const conds: RawBuilder<SqlBool>[] = [sql<SqlBool>`e.group_id = ${groupId}::bigint`];
  if (opts.where) conds.push(opts.where);
  let desc = true;
  if (opts.position) {
    desc = opts.position.direction === 'after';
    const cmp = sql.raw(desc ? '<' : '>');
    conds.push(
      sql<SqlBool>`(e.timestamp, e.event_id) ${cmp} (${tsFromMicros(opts.position.at.timestampUs)}, ${opts.position.at.eventId})`,
    );
  }
  const dir = sql.raw(desc ? 'desc' : 'asc');
  const cols = opts.withData === false ? sql`e.*, ''::bytea as data` : sql`e.*`;
  const result = await sql<EventRow & { ts_us: number }>`
    select ${cols}, (extract(epoch from e.timestamp) * 1000000)::bigint as ts_us
    from events e where ${sql.join(conds, sql` and `)}
    order by e.timestamp ${dir}, e.event_id ${dir}
    limit ${opts.limit + 1}`.execute(db);
  const rows = result.rows.map((r) => ({ ...toRow(r), ts_us: Number(r.ts_us) }));
  return desc ? rows : rows.reverse();
}

export async function findEventRow(db: Db, projectIds: number[], eventId: string): Promise<EventReadRow | undefined> {
  if (projectIds.length === 0) return undefined;
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Latest or oldest event of an issue. */
export async function findIssueEdgeEvent(
  db: Db,
  groupId: number,
  which: 'latest' | 'oldest',
): Promise<EventReadRow | undefined> {
  const dir = which === 'latest' ? 'desc' : 'asc';
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where(sql<SqlBool>`group_id = ${groupId}::bigint`)
    .orderBy('timestamp', dir)
    .orderBy('event_id', dir)
    .limit(1)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The previous (older) and next (newer) event ids of an event within its issue. */
export async function findEventNeighbours(
  db: Db,
  groupId: number,
  at: { timestamp: Date; eventId: string },
): Promise<{ previous: string | null; next: string | null }> {
  const [prev, next] = await Promise.all([
    db
      .selectFrom('events')
      .select('event_id')
      .where(sql<SqlBool>`group_id = ${groupId}::bigint`)
      .where(sql<SqlBool>`(timestamp, event_id) < (${at.timestamp}, ${at.eventId})`)
      .orderBy('timestamp', 'desc')
      .orderBy('event_id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('events')
      .select('event_id')
      .where(sql<SqlBool>`group_id = ${groupId}::bigint`)
      .where(sql<SqlBool>`(timestamp, event_id) > (${at.timestamp}, ${at.eventId})`)
      .orderBy('timestamp', 'asc')
      .orderBy('event_id', 'asc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { previous: prev?.event_id ?? null, next: next?.event_id ?? null };
}

export interface TagValueRow {
  key: string;
  value: string;
  times_seen: number;
  first_seen: Date;
  last_seen: Date;
}

export interface TagKeySummaryRow extends TagValueRow {
  total: number;
  unique_values: number;
}

/** Per tag key of an issue: the top `top` values with the key's totals (one query). */
export async function listIssueTagSummary(
  db: Db,
  groupId: number,
  opts: { keys?: string[] | undefined; top: number; maxKeys: number },
): Promise<TagKeySummaryRow[]> {
  const keyCond =
    opts.keys && opts.keys.length > 0 ? sql<SqlBool>`key = any(${opts.keys}::text[])` : sql<SqlBool>`true`;
  const result = await sql<TagKeySummaryRow>`
    select key, value, times_seen, first_seen, last_seen, total, unique_values from (
      select key, value, times_seen, first_seen, last_seen,
        row_number() over (partition by key order by times_seen desc, value) as rn,
        sum(times_seen) over (partition by key) as total,
        count(*) over (partition by key) as unique_values,
        dense_rank() over (order by key) as key_rank
      from group_tag_values where group_id = ${groupId}::bigint and ${keyCond}
    ) s where rn <= ${opts.top} and key_rank <= ${opts.maxKeys}
    order by key, times_seen desc, value`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    times_seen: Number(r.times_seen),
    total: Number(r.total),
    unique_values: Number(r.unique_values),
    first_seen: new Date(r.first_seen),
    last_seen: new Date(r.last_seen),
  }));
}

export type TagValueSort = 'count' | 'date' | 'age' | 'value';

/** Values of one tag key of an issue, one page (limit + 1 rows). */
export async function listIssueTagValues(
  db: Db,
  groupId: number,
  keys: string[],
  opts: { sort: TagValueSort; limit: number; offset: number },
): Promise<TagValueRow[]> {
  const order = {
    count: sql`times_seen desc, value`,
    date: sql`last_seen desc, value`,
    age: sql`first_seen desc, value`,
    value: sql`value`,
  }[opts.sort];
  const result = await sql<TagValueRow>`
    select key, value, times_seen, first_seen, last_seen from group_tag_values
    where group_id = ${groupId}::bigint and key = any(${keys}::text[])
    order by ${order} limit ${opts.limit + 1} offset ${opts.offset}`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    times_seen: Number(r.times_seen),
    first_seen: new Date(r.first_seen),
    last_seen: new Date(r.last_seen),
  }));
}

/** Hashes of an issue with their latest event (Sentry's `/hashes/` shows one event per hash). */
export async function listIssueHashes(
  db: Db,
  groupId: number,
  opts: { limit: number; offset: number },
): Promise<Array<{ hash: string; grouping_config: string; latest: EventReadRow | null }>> {
  const hashes = await db
    .selectFrom('group_hashes')
    .select(['hash', 'grouping_config'])
    .where(sql<SqlBool>`group_id = ${groupId}::bigint`)
    .orderBy('hash')
    .limit(opts.limit + 1)
    .offset(opts.offset)
    .execute();
  if (hashes.length === 0) return [];
  const latest = await sql<EventRow & { h: string }>`
    select distinct on (h.h) h.h, e.* from unnest(${hashes.map((h) => h.hash)}::text[]) as h(h)
    join lateral (select * from events e where e.group_id = ${groupId}::bigint and (e.primary_hash = h.h or h.h = any(e.hashes))
      order by e.timestamp desc, e.event_id desc limit 1) e on true`.execute(db);
  const byHash = new Map(latest.rows.map((r) => [r.h, toRow(r)]));
  return hashes.map((h) => ({ hash: h.hash, grouping_config: h.grouping_config, latest: byHash.get(h.hash) ?? null }));
}
