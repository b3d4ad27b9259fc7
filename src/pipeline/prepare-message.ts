/**
 * One queue message → prepared writes: the envelope is split by ingest's parser and each item goes
 * to its handler (items/*, stages/prepare-event.ts). CPU only, no database. A message whose
 * preparation throws is marked failed (the worker retries, then parks it); bad items are counted.
 */
import { hash } from 'node:crypto';
import type { Delivery } from '../queue/types.js';
import { attachmentRow } from './items/attachments.js';
import { checkInRecord } from './items/check-ins.js';
import { type JsonRecord, parseJsonObject, uuidHex } from './items/common.js';
import type { ItemContext } from './items/context.js';
import { feedbackRow, userReportRow } from './items/feedback.js';
import { logRows, traceMetricRows } from './items/logs-metrics.js';
import { sessionAggregateRows, sessionRow } from './items/sessions.js';
import { spanContainerRows, transactionRows } from './items/transactions.js';
import type { BatchContext } from './process-batch.js';
import type { PipelineProject } from './projects.js';
import { type EnvelopeItemView, splitEnvelope } from './stages/envelope.js';
import { normalizeAndScrub, prepareEvent } from './stages/prepare-event.js';
import {
  type BatchStats,
  emptyStats,
  emptyTelemetry,
  type PreparedEvent,
  type PreparedTelemetry,
} from './stages/types.js';

export interface PreparedMessage {
  delivery: Delivery;
  project: PipelineProject | null;
  events: PreparedEvent[];
  telemetry: PreparedTelemetry;
  stats: BatchStats;
  /** Items dropped by inbound filters: `filtered` outcomes (category, Sentry's filter id as reason). */
  filtered: { category: string; reason: string }[];
  /** Preparation threw (a bug or hostile input the handlers did not survive): retry / dead-letter. */
  error?: unknown;
}

/** Item types the pipeline does not store yet (accepted by ingest, counted here). */
const UNSUPPORTED = new Set([
  'profile',
  'profile_chunk',
  'profile_chunk_ui',
  'replay_event',
  'replay_recording',
  'replay_video',
  'statsd',
  'metric_buckets',
  'metric_meta',
  'otel_span',
  'otel_traces_data',
  'otel_log',
  'security',
  'raw_security',
  'nel',
  'unreal_report',
  'form_data',
]);

function bump(map: Record<string, number>, key: string): void {
  map[key.slice(0, 64)] = (map[key.slice(0, 64)] ?? 0) + 1;
}

function prepareItem(
  item: EnvelopeItemView,
  ctx: ItemContext,
  project: PipelineProject,
  out: PreparedMessage,
  bctx: BatchContext,
): void {
  const s = out.stats;
  const t = out.telemetry;
  const json = (): JsonRecord | undefined => {
    const v = parseJsonObject(item.payload);
    if (!v) bump(s.invalid, item.type);
    return v;
  };
  switch (item.type) {
    case 'event': {
      const raw = json();
      if (!raw) return;
      s.events++;
      const res = prepareEvent(raw, ctx, project, bctx.processors);
      if (res.kind === 'event') out.events.push(res.event);
      else if (res.kind === 'filtered') {
        s.eventsFiltered++;
        out.filtered.push({ category: 'error', reason: res.reason });
        bctx.log.debug({ projectId: ctx.projectId, reason: res.reason }, 'event filtered');
      } else bump(s.invalid, 'event');
      return;
    }
    case 'transaction': {
      const raw = json();
      if (!raw) return;
      const res = normalizeAndScrub(raw, ctx, project, 'transaction', bctx.processors);
      if ('filtered' in res) {
        s.eventsFiltered++;
        out.filtered.push({ category: 'transaction', reason: res.filtered });
        return;
      }
      const rows = transactionRows(res.event, ctx);
      if (!rows) {
        bump(s.invalid, 'transaction');
        return;
      }
      t.transactions.push(...rows.transactions);
      t.spans.push(...rows.spans);
      s.transactions += rows.transactions.length;
      s.spans += rows.spans.length;
      return;
    }
    case 'span': {
      const raw = json();
      if (!raw) return;
      const rows = spanContainerRows(raw, ctx);
      t.transactions.push(...rows.transactions);
      t.spans.push(...rows.spans);
      s.transactions += rows.transactions.length;
      s.spans += rows.spans.length;
      return;
    }
    case 'session': {
      const raw = json();
      const row = raw && sessionRow(raw, ctx);
      if (raw && !row) bump(s.invalid, 'session');
      if (row) {
        t.sessions.push(row);
        s.sessions++;
      }
      return;
    }
    case 'sessions': {
      const raw = json();
      if (!raw) return;
      const rows = sessionAggregateRows(raw, ctx);
      t.sessionAggregates.push(...rows);
      s.sessions += rows.length;
      return;
    }
    case 'check_in': {
      const raw = json();
      const rec = raw && checkInRecord(raw, ctx);
      if (raw && !rec) bump(s.invalid, 'check_in');
      if (rec) {
        t.checkIns.push(rec);
        s.checkIns++;
      }
      return;
    }
    case 'feedback': {
      const raw = json();
      if (!raw) return;
      const res = normalizeAndScrub(raw, ctx, project, 'feedback', bctx.processors);
      if ('filtered' in res) {
        s.eventsFiltered++;
        out.filtered.push({ category: 'feedback', reason: res.filtered });
        return;
      }
      const row = feedbackRow(res.event, ctx);
      if (!row) {
        bump(s.invalid, 'feedback');
        return;
      }
      t.feedback.push(row);
      s.feedback++;
      return;
    }
    case 'user_report': {
      const raw = json();
      const row = raw && userReportRow(raw, ctx);
      if (raw && !row) bump(s.invalid, 'user_report');
      if (row) {
        t.feedback.push(row);
        s.feedback++;
      }
      return;
    }
    case 'attachment':
      t.attachments.push(attachmentRow(item.payload, ctx));
      s.attachments++;
      return;
    case 'log': {
      const raw = json();
      if (!raw) return;
      const rows = logRows(raw, ctx);
      t.logs.push(...rows);
      s.logs += rows.length;
      return;
    }
    case 'trace_metric': {
      const raw = json();
      if (!raw) return;
      const rows = traceMetricRows(raw, ctx);
      t.traceMetrics.push(...rows);
      s.traceMetrics += rows.length;
      return;
    }
    case 'client_report':
      // Ingest records client-side outcomes when it accepts the envelope.
      s.clientReports++;
      return;
    default:
      bump(s.unsupported, item.type || 'unknown');
      bctx.log.debug(
        { projectId: ctx.projectId, itemType: item.type.slice(0, 64), known: UNSUPPORTED.has(item.type) },
        'item type not stored',
      );
  }
}

export function prepareMessage(
  delivery: Delivery,
  project: PipelineProject | null,
  bctx: BatchContext,
): PreparedMessage {
  const out: PreparedMessage = {
    delivery,
    project,
    events: [],
    telemetry: emptyTelemetry(),
    stats: emptyStats(),
    filtered: [],
  };
  out.stats.messages = 1;
  if (!project) {
    // The project was deleted after ingest accepted the envelope: nothing to store.
    bump(out.stats.invalid, 'unknown_project');
    return out;
  }
  try {
    const msg = delivery.message;
    const envelope = splitEnvelope(msg.envelope);
    const receivedAt = new Date(Number.isFinite(msg.receivedAt) ? msg.receivedAt : Date.now());
    const envelopeEventId = uuidHex(envelope.headers.event_id);
    // The sha1 keys items without ids of their own: taken only when such an item asks for it.
    let envelopeHash: string | undefined;
    const hashOfEnvelope = (): string => {
      envelopeHash ??= hash('sha1', msg.envelope, 'hex');
      return envelopeHash;
    };
    envelope.items.forEach((item, itemIndex) => {
      const ctx: ItemContext = {
        projectId: project.id,
        receivedAt,
        get envelopeHash() {
          return hashOfEnvelope();
        },
        envelopeEventId,
        envelopeHeaders: envelope.headers,
        remoteAddr: msg.remoteAddr,
        userAgent: msg.userAgent,
        itemIndex,
        itemHeaders: item.headers,
      };
      prepareItem(item, ctx, project, out, bctx);
    });
  } catch (err) {
    out.error = err;
  }
  return out;
}
