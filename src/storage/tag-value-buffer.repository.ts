/**
 * Tag-value counts (`group_tag_values`) through a buffer, as Sentry's buffers do for counters.
 *
 * Every error event adds ~15 (issue, key, value) increments. Upserting them per batch is the most
 * expensive statement of a commit (a row version and an index entry per row), and in server mode
 * two workers touching the same issues wait on each other's tag rows until commit. Instead:
 *
 * - `bufferTagValues`: a batch appends its increments (already summed per batch) as ONE row of
 *   `group_tag_value_buffer` — insert-only, no conflicts, no row locks on shared rows.
 * - `flushTagValueBuffer`: one flusher at a time (transaction-scoped advisory lock) deletes the
 *   buffered rows it can see, adds the caller's own increments, sums everything per
 *   (issue, key, value) and upserts the result in key order. Many batches' increments of the same
 *   issue collapse into one row version. Deleting and merging happen in one transaction, so each
 *   buffered increment is merged exactly once; a crash before commit leaves the rows buffered.
 *
 * Reads (`group_tag_values`) are exact once merged. The worker merges in the batch transaction
 * whenever the queue is not backlogged, at least every couple of seconds under backlog, and when
 * the queue goes idle (src/pipeline/worker.ts): pending increments are at most that old.
 * Recomputing an issue's rollups (merge/unmerge) flushes first.
 */
import { sql } from 'kysely';
import type { Db } from './database.js';
import { type TagValueIncrement, upsertGroupTagValues } from './issues.repository.js';

/** Advisory lock key (with the first key below): one flusher at a time across processes. */
const FLUSH_LOCK = 2_000_202;

/** Columnar JSON payload of one buffer row. Timestamps as epoch milliseconds. */
interface Payload {
  g: number[];
  k: string[];
  v: string[];
  n: number[];
  f: number[];
  l: number[];
}

function encode(rows: readonly TagValueIncrement[]): string {
  const p: Payload = { g: [], k: [], v: [], n: [], f: [], l: [] };
  for (const r of rows) {
    p.g.push(r.group_id);
    p.k.push(r.key);
    p.v.push(r.value);
    p.n.push(r.times_seen);
    p.f.push(r.first_seen.getTime());
    p.l.push(r.last_seen.getTime());
  }
  return JSON.stringify(p);
}

/** Adds rows to `into` (summed per (issue, key, value)). */
function accumulate(into: Map<string, TagValueIncrement>, rows: Iterable<TagValueIncrement>): void {
  for (const r of rows) {
    const key = `${r.group_id}\u0000${r.key}\u0000${r.value}`;
    const t = into.get(key);
    if (!t) into.set(key, { ...r });
    else {
      t.times_seen += r.times_seen;
      if (r.first_seen < t.first_seen) t.first_seen = r.first_seen;
      if (r.last_seen > t.last_seen) t.last_seen = r.last_seen;
    }
  }
}

function* decode(text: string): Generator<TagValueIncrement> {
  const p = JSON.parse(text) as Payload;
  for (let i = 0; i < p.g.length; i++) {
    yield {
      group_id: p.g[i]!,
      key: p.k[i]!,
      value: p.v[i]!,
      times_seen: p.n[i]!,
      first_seen: new Date(p.f[i]!),
      last_seen: new Date(p.l[i]!),
    };
  }
}

/** Appends increments to the buffer (one row). */
export async function bufferTagValues(db: Db, rows: readonly TagValueIncrement[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into group_tag_value_buffer (payload) values (${encode(rows)})`.execute(db);
}

/**
 * Merges the buffered increments plus `extra` into `group_tag_values`, inside the caller's
 * transaction (the rows stay locked and the buffer rows deleted until it commits). Returns false,
 * writing nothing, when another transaction holds the flush lock — unless `wait`, which waits for
 * it. Increments of issues deleted meanwhile are dropped.
 */
export async function flushTagValueBuffer(
  db: Db,
  extra: readonly TagValueIncrement[] = [],
  opts: { wait?: boolean } = {},
): Promise<boolean> {
  if (opts.wait) await sql`select pg_advisory_xact_lock(${FLUSH_LOCK}, 0)`.execute(db);
  else {
    const res = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${FLUSH_LOCK}, 0) as ok`.execute(db);
    if (!res.rows[0]?.ok) return false;
  }
  const buffered = await sql<{ payload: string }>`delete from group_tag_value_buffer returning payload`.execute(db);
  if (buffered.rows.length === 0) {
    await upsertGroupTagValues(db, extra);
    return true;
  }
  const merged = new Map<string, TagValueIncrement>();
  for (const r of buffered.rows) accumulate(merged, decode(r.payload));
  accumulate(merged, extra);
  await upsertGroupTagValues(db, [...merged.values()]);
  return true;
}

/** Rows waiting in the buffer (tests, operations). */
export async function countBufferedTagValueRows(db: Db): Promise<number> {
  const res = await sql<{ n: number }>`select count(*)::int as n from group_tag_value_buffer`.execute(db);
  return Number(res.rows[0]?.n ?? 0);
}
