/**
 * Performance data: classic `transaction` events and v2 `span` containers (@sentry/* 11 streams
 * spans by default). Both become a `transactions` row (a v2 segment is turned into a
 * transaction-shaped record) plus one `spans` row per span.
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../storage/index.js';
import {
  asRecord,
  attrValue,
  boundedJson,
  derivedId,
  gzipJson,
  hexId,
  isRecord,
  type JsonRecord,
  num,
  str,
  strOrNull,
  tagPairs,
  toDate,
  userIdent,
} from './common.js';
import type { ItemContext } from './context.js';

type TransactionRow = Insertable<Database['transactions']>;
type SpanRow = Insertable<Database['spans']>;

/** Spans stored per transaction / per container (the rest is still in the transaction's data). */
const MAX_SPANS = 1000;

export interface PerformanceRows {
  transactions: TransactionRow[];
  spans: SpanRow[];
}

function durationMs(start: Date, end: Date): number {
  return Math.max(0, end.getTime() - start.getTime());
}

/** A classic transaction event (already normalized and scrubbed when those stages ran). */
export function transactionRows(event: JsonRecord, ctx: ItemContext): PerformanceRows | undefined {
  const eventId = str(event.event_id, 64) ?? ctx.envelopeEventId;
  const end = toDate(event.timestamp) ?? ctx.receivedAt;
  const start = toDate(event.start_timestamp) ?? end;
  if (!eventId) return undefined;
  const trace = asRecord(asRecord(event.contexts)?.trace) ?? {};
  const traceId = hexId(trace.trace_id, 32) ?? null;
  const rootSpanId = hexId(trace.span_id, 16) ?? null;
  const spans: SpanRow[] = [];
  const list = Array.isArray(event.spans) ? event.spans : [];
  for (const s of list.slice(0, MAX_SPANS)) {
    if (!isRecord(s)) continue;
    const spanId = hexId(s.span_id, 16);
    const spanTrace = hexId(s.trace_id, 32) ?? traceId;
    const sStart = toDate(s.start_timestamp);
    if (!spanId || !spanTrace || !sStart) continue;
    const sEnd = toDate(s.timestamp) ?? sStart;
    spans.push({
      project_id: ctx.projectId,
      trace_id: spanTrace,
      span_id: spanId,
      parent_span_id: hexId(s.parent_span_id, 16) ?? null,
      segment_id: rootSpanId,
      transaction_event_id: eventId,
      is_segment: false,
      name: str(s.description, 2000) ?? '',
      op: strOrNull(s.op, 200),
      status: strOrNull(s.status, 64),
      start_timestamp: sStart,
      timestamp: sEnd,
      duration_ms: durationMs(sStart, sEnd),
      attributes: boundedJson({ data: s.data, tags: s.tags, origin: s.origin }, 8192),
    });
  }
  if (traceId && rootSpanId) {
    spans.push({
      project_id: ctx.projectId,
      trace_id: traceId,
      span_id: rootSpanId,
      parent_span_id: hexId(trace.parent_span_id, 16) ?? null,
      segment_id: rootSpanId,
      transaction_event_id: eventId,
      is_segment: true,
      name: str(event.transaction, 2000) ?? '',
      op: strOrNull(trace.op, 200),
      status: strOrNull(trace.status, 64),
      start_timestamp: start,
      timestamp: end,
      duration_ms: durationMs(start, end),
      attributes: boundedJson({ data: trace.data, origin: trace.origin }, 8192),
    });
  }
  const data = gzipJson(event);
  return {
    transactions: [
      {
        project_id: ctx.projectId,
        event_id: eventId,
        trace_id: traceId,
        span_id: rootSpanId,
        parent_span_id: hexId(trace.parent_span_id, 16) ?? null,
        transaction: str(event.transaction, 200) ?? '<unlabeled transaction>',
        op: strOrNull(trace.op, 200),
        status: strOrNull(trace.status, 64),
        platform: strOrNull(event.platform, 64),
        environment: strOrNull(event.environment, 64),
        release: strOrNull(event.release, 250),
        start_timestamp: start,
        timestamp: end,
        duration_ms: durationMs(start, end),
        received_at: ctx.receivedAt,
        user_ident: userIdent(event.user),
        tags: tagPairs(event.tags).map(([k, v]) => `${k}=${v}`),
        source: 'transaction',
        span_count: list.length,
        size: data.length,
        data,
      },
    ],
    spans,
  };
}

interface V2Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  segmentId: string | null;
  isSegment: boolean;
  name: string;
  start: Date;
  end: Date;
  status: string | null;
  attributes: JsonRecord;
}

function readV2Span(raw: unknown): V2Span | undefined {
  if (!isRecord(raw)) return undefined;
  const traceId = hexId(raw.trace_id, 32);
  const spanId = hexId(raw.span_id, 16);
  const start = toDate(raw.start_timestamp);
  if (!traceId || !spanId || !start) return undefined;
  const attributes = asRecord(raw.attributes) ?? {};
  const isSegment = raw.is_segment === true;
  return {
    traceId,
    spanId,
    parentSpanId: hexId(raw.parent_span_id, 16) ?? null,
    segmentId: hexId(attrValue(attributes, 'sentry.segment.id'), 16) ?? (isSegment ? spanId : null),
    isSegment,
    name: str(raw.name, 2000) ?? '',
    start,
    end: toDate(raw.end_timestamp) ?? start,
    status: strOrNull(raw.status, 64),
    attributes,
  };
}

/** Plain values of `{key: {value, type}}` attributes (for the transaction-shaped record). */
function plainAttributes(attrs: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  let n = 0;
  for (const [k, v] of Object.entries(attrs)) {
    if (n++ >= 200) break;
    out[k] = isRecord(v) && 'value' in v ? v.value : v;
  }
  return out;
}

/** The transaction id of a streamed segment: stable, so every container re-derives the same one. */
export const segmentEventId = (traceId: string, segmentSpanId: string): string =>
  derivedId('span-segment', traceId, segmentSpanId);

/** A `span` item: a v2 container `{items: […]}` or a single standalone span. */
export function spanContainerRows(payload: JsonRecord, ctx: ItemContext): PerformanceRows {
  const rawItems = Array.isArray(payload.items) ? payload.items : [payload];
  const spans: V2Span[] = [];
  for (const raw of rawItems.slice(0, MAX_SPANS)) {
    const s = readV2Span(raw);
    if (s) spans.push(s);
  }
  const out: PerformanceRows = { transactions: [], spans: [] };
  for (const s of spans) {
    const attrs = s.attributes;
    out.spans.push({
      project_id: ctx.projectId,
      trace_id: s.traceId,
      span_id: s.spanId,
      parent_span_id: s.parentSpanId,
      segment_id: s.segmentId,
      transaction_event_id: s.segmentId ? segmentEventId(s.traceId, s.segmentId) : null,
      is_segment: s.isSegment,
      name: s.name,
      op: strOrNull(attrValue(attrs, 'sentry.op'), 200),
      status: s.status,
      start_timestamp: s.start,
      timestamp: s.end,
      duration_ms: durationMs(s.start, s.end),
      attributes: boundedJson(plainAttributes(attrs), 8192),
    });
  }
  for (const seg of spans.filter((s) => s.isSegment)) {
    const attrs = plainAttributes(seg.attributes);
    const children = spans.filter((s) => s !== seg && s.segmentId === seg.spanId);
    const eventId = segmentEventId(seg.traceId, seg.spanId);
    const name = str(attrs['sentry.segment.name'], 200) ?? (seg.name || '<unlabeled transaction>');
    const op = str(attrs['sentry.op'], 200) ?? null;
    const environment = str(attrs['sentry.environment'], 64) ?? null;
    const release = str(attrs['sentry.release'], 250) ?? null;
    const sdk = asRecord(ctx.envelopeHeaders.sdk);
    const user: JsonRecord = {};
    for (const [k, key] of [
      ['id', 'user.id'],
      ['email', 'user.email'],
      ['username', 'user.name'],
      ['ip_address', 'user.ip_address'],
    ] as const) {
      const v = str(attrs[key], 128);
      if (v) user[k] = v;
    }
    const event: JsonRecord = {
      type: 'transaction',
      event_id: eventId,
      transaction: name,
      transaction_info: { source: str(attrs['sentry.span.source'], 32) ?? 'custom' },
      start_timestamp: seg.start.getTime() / 1000,
      timestamp: seg.end.getTime() / 1000,
      platform: str(attrs['sentry.platform'], 64) ?? (str(sdk?.name, 100)?.includes('browser') ? 'javascript' : 'node'),
      environment,
      release,
      user: Object.keys(user).length > 0 ? user : undefined,
      sdk,
      contexts: {
        trace: {
          trace_id: seg.traceId,
          span_id: seg.spanId,
          parent_span_id: seg.parentSpanId,
          op,
          status: seg.status,
          origin: str(attrs['sentry.origin'], 200),
          data: attrs,
        },
      },
      spans: children.map((c) => ({
        trace_id: c.traceId,
        span_id: c.spanId,
        parent_span_id: c.parentSpanId,
        description: c.name,
        op: str(attrValue(c.attributes, 'sentry.op'), 200),
        status: c.status,
        start_timestamp: c.start.getTime() / 1000,
        timestamp: c.end.getTime() / 1000,
        data: plainAttributes(c.attributes),
      })),
      _meta_source: 'span_v2',
    };
    const data = gzipJson(event);
    const numAttr = num(attrs['sentry.segment.span_count']);
    out.transactions.push({
      project_id: ctx.projectId,
      event_id: eventId,
      trace_id: seg.traceId,
      span_id: seg.spanId,
      parent_span_id: seg.parentSpanId,
      transaction: name,
      op,
      status: seg.status,
      platform: str(event.platform, 64) ?? null,
      environment,
      release,
      start_timestamp: seg.start,
      timestamp: seg.end,
      duration_ms: durationMs(seg.start, seg.end),
      received_at: ctx.receivedAt,
      user_ident: userIdent(user),
      tags: [],
      source: 'span_v2',
      span_count: numAttr ?? children.length,
      size: data.length,
      data,
    });
  }
  return out;
}
