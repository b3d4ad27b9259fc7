/**
 * Cron check-ins: `check_in` items upsert the monitor by slug (with `monitor_config` when sent)
 * and the check-in by id (in_progress → ok/error updates the same row with the duration). The
 * all-zero id means "the monitor's latest in-progress check-in" (resolved when writing).
 */

import type { PreparedCheckIn } from '../stages/types.js';
import { boundedJson, derivedId, hexId, isRecord, type JsonRecord, num, str, strOrNull, toDate } from './common.js';
import { type ItemContext, itemKey } from './context.js';

const STATUSES = new Set(['in_progress', 'ok', 'error', 'missed', 'timeout']);
export const ZERO_CHECK_IN_ID = '00000000000000000000000000000000';

/** Monitor slugs as Sentry stores them: lower-case, [a-z0-9_-], at most 50 characters. */
export function slugify(raw: string): string {
  return raw
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_\s-]/g, '')
    .trim()
    .replace(/[\s]+/g, '-')
    .slice(0, 50);
}

export function checkInRecord(p: JsonRecord, ctx: ItemContext): PreparedCheckIn | undefined {
  const rawSlug = str(p.monitor_slug, 200);
  const slug = rawSlug ? slugify(rawSlug) : '';
  const status = str(p.status, 16);
  if (!slug || !status || !STATUSES.has(status)) return undefined;
  const id = hexId(p.check_in_id, 32) ?? derivedId('check-in', itemKey(ctx));
  const duration = num(p.duration);
  const trace = isRecord(p.contexts) && isRecord(p.contexts.trace) ? p.contexts.trace : undefined;
  return {
    projectId: ctx.projectId,
    checkInId: id,
    monitorSlug: slug,
    status,
    durationMs: duration !== undefined && duration >= 0 && status !== 'in_progress' ? duration * 1000 : null,
    environment: strOrNull(p.environment, 64),
    release: strOrNull(p.release, 250),
    traceId: hexId(trace?.trace_id, 32) ?? null,
    monitorConfig: isRecord(p.monitor_config) ? boundedJson(p.monitor_config, 4096) : null,
    date: toDate(p.timestamp) ?? ctx.receivedAt,
    receivedAt: ctx.receivedAt,
  };
}

/** Several updates of one check-in in a batch → one (status from the last non-in_progress update). */
export function mergeCheckIns(list: readonly PreparedCheckIn[]): PreparedCheckIn[] {
  const byKey = new Map<string, PreparedCheckIn>();
  for (const c of list) {
    const k = `${c.projectId}:${c.checkInId}`;
    const prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, { ...c });
      continue;
    }
    byKey.set(k, {
      ...prev,
      status: c.status === 'in_progress' && prev.status !== 'in_progress' ? prev.status : c.status,
      durationMs: c.durationMs ?? prev.durationMs,
      environment: c.environment ?? prev.environment,
      release: c.release ?? prev.release,
      traceId: prev.traceId ?? c.traceId,
      monitorConfig: c.monitorConfig ?? prev.monitorConfig,
      date: new Date(Math.min(prev.date.getTime(), c.date.getTime())),
      receivedAt: new Date(Math.max(prev.receivedAt.getTime(), c.receivedAt.getTime())),
    });
  }
  return [...byKey.values()];
}
