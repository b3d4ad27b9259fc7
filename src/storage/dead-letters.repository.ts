/**
 * SQL for `dead_letters`: queue messages the worker gave up on after bounded retries, with the
 * error. Listed (newest first) for the admin API; a parked message can be taken out for replay.
 */
import type { Db } from './database.js';
import { byteaParam } from './events.repository.js';
import type { DeadLetterRow } from './telemetry.table.js';

export interface NewDeadLetter {
  project_id: number | null;
  delivery_id: string;
  message: Buffer;
  error: string;
  attempts: number;
}

export async function insertDeadLetters(db: Db, rows: readonly NewDeadLetter[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('dead_letters')
    .values(rows.map((r) => ({ ...r, message: byteaParam(r.message) })))
    .execute();
}

export interface ListDeadLettersOptions {
  projectId?: number;
  limit?: number;
  /** Only letters with an id lower than this (pagination, newest first). */
  beforeId?: number;
}

export async function listDeadLetters(db: Db, opts: ListDeadLettersOptions = {}): Promise<DeadLetterRow[]> {
  let q = db
    .selectFrom('dead_letters')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(opts.limit ?? 100, 1), 1000));
  if (opts.projectId !== undefined) q = q.where('project_id', '=', opts.projectId);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function countDeadLetters(db: Db): Promise<number> {
  const row = await db
    .selectFrom('dead_letters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes and returns a dead letter (to replay it through the queue). */
export async function takeDeadLetter(db: Db, id: number): Promise<DeadLetterRow | undefined> {
  const row = await db.deleteFrom('dead_letters').where('id', '=', id).returningAll().executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}
