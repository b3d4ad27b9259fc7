/**
 * SQL for `events`. Inserts are multi-row and idempotent on (project_id, event_id): a redelivered
 * event inserts nothing, and the returned keys tell the caller which rows are new (only those count
 * in rollups). `data` is gzip(JSON) of the normalized event.
 */
import { gunzipSync } from 'node:zlib';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './database.js';
import type { EventRow } from './issues.table.js';

const CHUNK = 400;

/**
 * A bytea parameter sent as hex text and decoded by the database. PGlite serializes Uint8Array
 * parameters one byte at a time in JavaScript (~100 µs per KB); Node's native hex encoding plus
 * `decode()` costs a few µs, and is as cheap on PostgreSQL.
 */
export function byteaParam(bytes: Uint8Array): RawBuilder<Buffer> {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return sql<Buffer>`decode(${hex}, 'hex')`;
}

export interface NewEventRow {
  project_id: number;
  event_id: string;
  group_id: number | null;
  type: string;
  timestamp: Date;
  received_at: Date;
  level: string;
  platform: string | null;
  environment: string | null;
  release: string | null;
  transaction: string | null;
  title: string;
  message: string;
  user_ident: string | null;
  primary_hash: string | null;
  hashes: string[];
  tags: string[];
  size: number;
  data: Buffer;
  grouping: string | null;
}

export const eventKey = (projectId: number, eventId: string): string => `${projectId}:${eventId}`;

/** Inserts events, skipping ones already stored; returns the keys (`eventKey`) of rows inserted. */
export async function insertEvents(db: Db, rows: readonly NewEventRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const res = await db
      .insertInto('events')
      .values(part.map((r) => ({ ...r, data: byteaParam(r.data) })))
      .onConflict((oc) => oc.columns(['project_id', 'event_id']).doNothing())
      .returning(['project_id', 'event_id'])
      .execute();
    for (const r of res) inserted.add(eventKey(r.project_id, r.event_id));
  }
  return inserted;
}

/** Which of these events are stored, with their issue (feedback links to the associated event). */
export async function findEventGroups(
  db: Db,
  keys: readonly { projectId: number; eventId: string }[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('events')
    .select(['project_id', 'event_id', 'group_id'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('project_id', '=', k.projectId), eb('event_id', '=', k.eventId)]))))
    .execute();
  for (const r of rows) out.set(eventKey(r.project_id, r.event_id), r.group_id === null ? null : Number(r.group_id));
  return out;
}

export async function getEvent(db: Db, projectId: number, eventId: string): Promise<EventRow | undefined> {
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row ? { ...row, group_id: row.group_id === null ? null : Number(row.group_id) } : undefined;
}

export async function listGroupEvents(db: Db, groupId: number, limit = 100): Promise<EventRow[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('timestamp', 'desc')
    .orderBy('event_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, group_id: r.group_id === null ? null : Number(r.group_id) }));
}

export async function countEvents(db: Db, projectId?: number): Promise<number> {
  let q = db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n'));
  if (projectId !== undefined) q = q.where('project_id', '=', projectId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The stored event JSON (gunzipped, parsed). */
export function decodeEventData(data: Uint8Array): unknown {
  return JSON.parse(gunzipSync(data).toString('utf8'));
}
