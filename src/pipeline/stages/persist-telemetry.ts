/**
 * Writes the batch's non-error items inside the batch transaction, one multi-row statement per
 * table (fixed table order across workers). Check-ins upsert their monitor first; feedback is
 * linked to the issue of its associated event (from this batch or already stored).
 */
import { eventKey, findEventGroups } from '../../storage/events.repository.js';
import type { Db } from '../../storage/index.js';
import {
  findLatestInProgressCheckIns,
  insertAttachments,
  insertFeedback,
  insertLogs,
  insertSessionAggregates,
  insertSpans,
  insertTraceMetrics,
  insertTransactions,
  upsertCheckIns,
  upsertMonitors,
  upsertSessions,
} from '../../storage/telemetry.repository.js';
import { mergeCheckIns, ZERO_CHECK_IN_ID } from '../items/check-ins.js';
import { derivedId } from '../items/common.js';
import { mergeSessionRows } from '../items/sessions.js';
import type { PreparedTelemetry } from './types.js';

function uniqueBy<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export async function persistTelemetry(
  db: Db,
  t: PreparedTelemetry,
  eventGroups: ReadonlyMap<string, number>,
): Promise<void> {
  await insertTransactions(
    db,
    uniqueBy(t.transactions, (r) => `${r.project_id}:${r.event_id}`),
  );
  await insertSpans(
    db,
    uniqueBy(t.spans, (r) => `${r.project_id}:${r.trace_id}:${r.span_id}`),
  );
  await upsertSessions(db, mergeSessionRows(t.sessions));
  await insertSessionAggregates(db, t.sessionAggregates);

  if (t.checkIns.length > 0) {
    const monitors = new Map<
      string,
      { project_id: number; slug: string; config: string | null; last_checkin: Date; last_status: string }
    >();
    for (const c of t.checkIns) {
      const k = `${c.projectId}:${c.monitorSlug}`;
      const m = monitors.get(k);
      if (!m || c.date >= m.last_checkin) {
        monitors.set(k, {
          project_id: c.projectId,
          slug: c.monitorSlug,
          config: c.monitorConfig ?? m?.config ?? null,
          last_checkin: c.date,
          last_status: c.status,
        });
      } else if (!m.config && c.monitorConfig) m.config = c.monitorConfig;
    }
    const monitorIds = await upsertMonitors(db, [...monitors.values()]);
    const zero = t.checkIns.filter((c) => c.checkInId === ZERO_CHECK_IN_ID);
    const latest = await findLatestInProgressCheckIns(
      db,
      zero.map((c) => monitorIds.get(`${c.projectId}:${c.monitorSlug}`)!),
    );
    const resolved = t.checkIns.map((c) => {
      if (c.checkInId !== ZERO_CHECK_IN_ID) return c;
      const id = latest.get(monitorIds.get(`${c.projectId}:${c.monitorSlug}`)!);
      return { ...c, checkInId: id ?? derivedId('check-in-zero', c.monitorSlug, c.date.toISOString()) };
    });
    await upsertCheckIns(
      db,
      mergeCheckIns(resolved).map((c) => ({
        project_id: c.projectId,
        check_in_id: c.checkInId,
        monitor_id: monitorIds.get(`${c.projectId}:${c.monitorSlug}`)!,
        status: c.status,
        duration_ms: c.durationMs,
        environment: c.environment,
        release: c.release,
        trace_id: c.traceId,
        date_created: c.date,
        date_updated: c.date,
        received_at: c.receivedAt,
      })),
    );
  }

  if (t.feedback.length > 0) {
    const missing = t.feedback
      .filter((f) => f.associated_event_id && !eventGroups.has(eventKey(f.project_id, f.associated_event_id)))
      .map((f) => ({ projectId: f.project_id, eventId: f.associated_event_id! }));
    const stored = await findEventGroups(db, missing);
    const rows = t.feedback.map((f) => {
      if (!f.associated_event_id) return f;
      const k = eventKey(f.project_id, f.associated_event_id);
      return { ...f, group_id: eventGroups.get(k) ?? stored.get(k) ?? null };
    });
    await insertFeedback(
      db,
      uniqueBy(rows, (r) => `${r.project_id}:${r.event_id}`),
    );
  }
  await insertAttachments(db, t.attachments);
  await insertLogs(db, t.logs);
  await insertTraceMetrics(db, t.traceMetrics);
}
