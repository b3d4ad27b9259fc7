/**
 * Release health: `session` updates (one row per session, newest update wins) and `sessions`
 * aggregates (pre-counted by SDKs in server mode). Rules from Sentry's session docs: `release` is
 * required; a `crashed` session with errors 0 counts one error; updates older than 5 days are
 * dropped; `init: true` marks a started session.
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../storage/index.js';
import { asRecord, type JsonRecord, num, str, strOrNull, toDate } from './common.js';
import { type ItemContext, itemKey } from './context.js';

type SessionRow = Insertable<Database['sessions']>;
type AggregateRow = Insertable<Database['session_aggregates']>;

const MAX_AGE_MS = 5 * 24 * 3_600_000;
const STATUSES = new Set(['ok', 'exited', 'crashed', 'abnormal', 'errored', 'unhandled']);
const MAX_AGGREGATES = 1000;

function count(v: unknown): number {
  const n = num(v);
  return n === undefined ? 0 : Math.max(0, Math.min(Math.trunc(n), 2 ** 31 - 1));
}

/** A `session` item → one row, or undefined (missing release, too old, no sid). */
export function sessionRow(p: JsonRecord, ctx: ItemContext): SessionRow | undefined {
  const attrs = asRecord(p.attrs) ?? {};
  const release = str(attrs.release, 250);
  const sid = str(p.sid, 64)?.toLowerCase();
  const started = toDate(p.started);
  if (!release || !sid || !started) return undefined;
  const timestamp = toDate(p.timestamp) ?? ctx.receivedAt;
  if (ctx.receivedAt.getTime() - timestamp.getTime() > MAX_AGE_MS) return undefined;
  const rawStatus = str(p.status, 16) ?? 'ok';
  const status = STATUSES.has(rawStatus) ? rawStatus : 'ok';
  let errors = count(p.errors);
  if ((status === 'crashed' || status === 'abnormal' || status === 'unhandled') && errors === 0) errors = 1;
  const seq = num(p.seq);
  const duration = num(p.duration);
  return {
    project_id: ctx.projectId,
    sid,
    did: strOrNull(p.did, 128),
    release,
    environment: strOrNull(attrs.environment, 64),
    started,
    timestamp,
    status,
    errors,
    duration: duration !== undefined && duration >= 0 ? duration : null,
    seq: seq !== undefined && seq >= 0 ? Math.trunc(seq) : p.init === true ? 0 : timestamp.getTime(),
    init_received: p.init === true,
    received_at: ctx.receivedAt,
  };
}

/** A `sessions` item → one row per aggregate bucket. */
export function sessionAggregateRows(p: JsonRecord, ctx: ItemContext): AggregateRow[] {
  const attrs = asRecord(p.attrs) ?? {};
  const release = str(attrs.release, 250);
  if (!release || !Array.isArray(p.aggregates)) return [];
  const out: AggregateRow[] = [];
  p.aggregates.slice(0, MAX_AGGREGATES).forEach((raw, i) => {
    const a = asRecord(raw);
    const started = a && toDate(a.started);
    if (!a || !started) return;
    if (ctx.receivedAt.getTime() - started.getTime() > MAX_AGE_MS) return;
    out.push({
      project_id: ctx.projectId,
      item_key: itemKey(ctx, i),
      started,
      release,
      environment: strOrNull(attrs.environment, 64),
      did: strOrNull(a.did, 128),
      exited: count(a.exited),
      errored: count(a.errored),
      abnormal: count(a.abnormal),
      crashed: count(a.crashed),
      received_at: ctx.receivedAt,
    });
  });
  return out;
}

/** Several updates of one session in a batch → one row (an upsert may touch a row only once). */
export function mergeSessionRows(rows: readonly SessionRow[]): SessionRow[] {
  const byKey = new Map<string, SessionRow>();
  for (const r of rows) {
    const k = `${r.project_id}:${r.sid}`;
    const prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, { ...r });
      continue;
    }
    const newer =
      (r.timestamp as Date).getTime() > (prev.timestamp as Date).getTime() ||
      ((r.timestamp as Date).getTime() === (prev.timestamp as Date).getTime() && Number(r.seq) >= Number(prev.seq));
    const merged: SessionRow = newer ? { ...r } : { ...prev };
    merged.errors = Math.max(Number(prev.errors ?? 0), Number(r.errors ?? 0));
    merged.init_received = Boolean(prev.init_received) || Boolean(r.init_received);
    merged.started = (r.started as Date) < (prev.started as Date) ? r.started : prev.started;
    merged.did = r.did ?? prev.did ?? null;
    byKey.set(k, merged);
  }
  return [...byKey.values()];
}
