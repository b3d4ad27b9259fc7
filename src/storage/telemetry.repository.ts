/**
 * SQL for the non-error telemetry tables (telemetry.table.ts). Every insert is multi-row and
 * idempotent (on conflict do nothing / last-write-wins upserts keyed by the item's id), so a
 * redelivered queue message changes nothing.
 */
import { type Insertable, sql } from 'kysely';
import type { Database, Db } from './database.js';
import { byteaParam } from './events.repository.js';
import type { MonitorRow } from './telemetry.table.js';

const CHUNK = 400;

/** Runs `insertChunk` over the rows CHUNK at a time; sums the rows it reports inserted. */
async function inChunks<R>(
  rows: readonly R[],
  insertChunk: (part: R[]) => Promise<{ numInsertedOrUpdatedRows?: bigint } | undefined>,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await insertChunk(rows.slice(i, i + CHUNK));
    n += Number(res?.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

export const insertTransactions = (db: Db, rows: readonly Insertable<Database['transactions']>[]) =>
  inChunks(rows, (part) =>
    db
      .insertInto('transactions')
      .values(part.map((r) => ({ ...r, data: byteaParam(r.data) })))
      .onConflict((oc) => oc.columns(['project_id', 'event_id']).doNothing())
      .executeTakeFirst(),
  );

export const insertSpans = (db: Db, rows: readonly Insertable<Database['spans']>[]) =>
  inChunks(rows, (part) =>
    db
      .insertInto('spans')
      .values(part)
      .onConflict((oc) => oc.columns(['project_id', 'trace_id', 'span_id']).doNothing())
      .executeTakeFirst(),
  );

export const insertSessionAggregates = (db: Db, rows: readonly Insertable<Database['session_aggregates']>[]) =>
  inChunks(rows, (part) =>
    db
      .insertInto('session_aggregates')
      .values(part)
      .onConflict((oc) => oc.columns(['project_id', 'item_key']).doNothing())
      .executeTakeFirst(),
  );

export const insertFeedback = (db: Db, rows: readonly Insertable<Database['feedback']>[]) =>
  inChunks(rows, (part) =>
    db
      .insertInto('feedback')
      .values(part.map((r) => ({ ...r, data: r.data ? byteaParam(r.data) : null })))
      .onConflict((oc) => oc.columns(['project_id', 'event_id']).doNothing())
      .executeTakeFirst(),
  );

/** Attachments are large: a few per statement. */
export const insertAttachments = async (db: Db, rows: readonly Insertable<Database['attachments']>[]) => {
  let n = 0;
  for (const row of rows) {
    const res = await db
      .insertInto('attachments')
      .values({ ...row, data: byteaParam(row.data) })
      .onConflict((oc) => oc.columns(['project_id', 'item_key']).doNothing())
      .executeTakeFirst();
    n += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
};

export const insertLogs = (db: Db, rows: readonly Insertable<Database['logs']>[]) =>
  inChunks(rows, (part) =>
    db
      .insertInto('logs')
      .values(part)
      .onConflict((oc) => oc.columns(['project_id', 'item_key']).doNothing())
      .executeTakeFirst(),
  );

export const insertTraceMetrics = (db: Db, rows: readonly Insertable<Database['trace_metrics']>[]) =>
  inChunks(rows, (part) =>
    db
      .insertInto('trace_metrics')
      .values(part)
      .onConflict((oc) => oc.columns(['project_id', 'item_key']).doNothing())
      .executeTakeFirst(),
  );

/**
 * Session updates: one row per session, the newest update wins (by timestamp, then seq); errors
 * never go down; `init_received` sticks once true. Rows must be unique per (project, sid).
 */
export async function upsertSessions(db: Db, rows: readonly Insertable<Database['sessions']>[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.project_id - b.project_id || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    await db
      .insertInto('sessions')
      .values(sorted.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['project_id', 'sid']).doUpdateSet({
          did: sql`coalesce(excluded.did, sessions.did)`,
          status: sql`case when (excluded.timestamp, excluded.seq) >= (sessions.timestamp, sessions.seq) then excluded.status else sessions.status end`,
          duration: sql`case when (excluded.timestamp, excluded.seq) >= (sessions.timestamp, sessions.seq) then coalesce(excluded.duration, sessions.duration) else sessions.duration end`,
          errors: sql`greatest(sessions.errors, excluded.errors)`,
          timestamp: sql`greatest(sessions.timestamp, excluded.timestamp)`,
          seq: sql`greatest(sessions.seq, excluded.seq)`,
          init_received: sql`sessions.init_received or excluded.init_received`,
          started: sql`least(sessions.started, excluded.started)`,
        }),
      )
      .execute();
  }
}

export interface MonitorUpsert {
  project_id: number;
  slug: string;
  /** JSON text of monitor_config, or null when the check-in carried none (keeps the stored one). */
  config: string | null;
  last_checkin: Date;
  last_status: string;
}

/** Creates monitors by slug (or updates config/last check-in); returns ids keyed `project:slug`. */
export async function upsertMonitors(db: Db, rows: readonly MonitorUpsert[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (rows.length === 0) return out;
  const sorted = [...rows].sort(
    (a, b) => a.project_id - b.project_id || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
  );
  const res = await db
    .insertInto('monitors')
    .values(sorted.map((r) => ({ ...r, name: r.slug })))
    .onConflict((oc) =>
      oc.columns(['project_id', 'slug']).doUpdateSet({
        config: sql`coalesce(excluded.config, monitors.config)`,
        updated_at: sql`now()`,
        last_checkin: sql`greatest(monitors.last_checkin, excluded.last_checkin)`,
        last_status: sql`case when monitors.last_checkin is null or excluded.last_checkin >= monitors.last_checkin then excluded.last_status else monitors.last_status end`,
      }),
    )
    .returning(['id', 'project_id', 'slug'])
    .execute();
  for (const r of res) out.set(`${r.project_id}:${r.slug}`, Number(r.id));
  return out;
}

/**
 * Check-ins keyed by check_in_id: a later update (in_progress → ok/error with duration) replaces
 * status and duration; the creation time stays. Rows must be unique per (project, check_in_id).
 */
export async function upsertCheckIns(db: Db, rows: readonly Insertable<Database['check_ins']>[]): Promise<void> {
  const sorted = [...rows].sort(
    (a, b) =>
      a.project_id - b.project_id || (a.check_in_id < b.check_in_id ? -1 : a.check_in_id > b.check_in_id ? 1 : 0),
  );
  for (let i = 0; i < sorted.length; i += CHUNK) {
    await db
      .insertInto('check_ins')
      .values(sorted.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['project_id', 'check_in_id']).doUpdateSet({
          status: sql`case when check_ins.status = 'in_progress' or excluded.status <> 'in_progress' then excluded.status else check_ins.status end`,
          duration_ms: sql`coalesce(excluded.duration_ms, check_ins.duration_ms)`,
          date_updated: sql`greatest(check_ins.date_updated, excluded.date_updated)`,
          release: sql`coalesce(excluded.release, check_ins.release)`,
          environment: sql`coalesce(excluded.environment, check_ins.environment)`,
        }),
      )
      .execute();
  }
}

/** The latest in-progress check-in of each monitor (for the all-zero check_in_id "update latest"). */
export async function findLatestInProgressCheckIns(
  db: Db,
  monitorIds: readonly number[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (monitorIds.length === 0) return out;
  const rows = await db
    .selectFrom('check_ins')
    .select(['monitor_id', 'check_in_id', 'date_created'])
    .where('monitor_id', 'in', [...monitorIds])
    .where('status', '=', 'in_progress')
    .orderBy('date_created', 'desc')
    .execute();
  for (const r of rows) if (!out.has(Number(r.monitor_id))) out.set(Number(r.monitor_id), r.check_in_id);
  return out;
}

export async function listMonitors(db: Db, projectId: number): Promise<MonitorRow[]> {
  const rows = await db
    .selectFrom('monitors')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('slug')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
