/**
 * Logs (`log` containers) and trace metrics (`trace_metric` containers): one row per contained
 * record, keyed by the item's position (they carry no ids). Attribute values are kept as
 * `{key: value}` JSON text, bounded.
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../storage/index.js';
import { attrValue, boundedJson, hexId, isRecord, type JsonRecord, num, str, strOrNull, toDate } from './common.js';
import { type ItemContext, itemKey } from './context.js';

type LogRow = Insertable<Database['logs']>;
type MetricRow = Insertable<Database['trace_metrics']>;

const MAX_RECORDS = 1000;
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const METRIC_TYPES = new Set(['counter', 'gauge', 'distribution', 'set']);

function plain(attrs: unknown): JsonRecord {
  const out: JsonRecord = {};
  if (!isRecord(attrs)) return out;
  let n = 0;
  for (const [k, v] of Object.entries(attrs)) {
    if (n++ >= 200 || k.length > 200) continue;
    out[k] = isRecord(v) && 'value' in v ? v.value : v;
  }
  return out;
}

function records(p: JsonRecord): unknown[] {
  return (Array.isArray(p.items) ? p.items : [p]).slice(0, MAX_RECORDS);
}

/**
 * Log lines of one request are microseconds apart: keep the SDK's float seconds at microsecond
 * precision (a JS Date would round to milliseconds and reorder them).
 */
function preciseTimestamp(v: unknown, fallback: Date): LogRow['timestamp'] {
  const date = toDate(v);
  if (!date) return fallback;
  if (typeof v !== 'number') return date;
  const us = Math.round(v * 1e6);
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return `${iso.slice(0, -1)}${String(((us % 1000) + 1000) % 1000).padStart(3, '0')}Z`;
}

export function logRows(p: JsonRecord, ctx: ItemContext): LogRow[] {
  const out: LogRow[] = [];
  records(p).forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const rawLevel = str(raw.level, 16)?.toLowerCase() ?? 'info';
    const level = rawLevel === 'warning' ? 'warn' : LEVELS.has(rawLevel) ? rawLevel : 'info';
    const severity = num(raw.severity_number);
    out.push({
      project_id: ctx.projectId,
      item_key: itemKey(ctx, i),
      timestamp: preciseTimestamp(raw.timestamp, ctx.receivedAt),
      trace_id: hexId(raw.trace_id, 32) ?? null,
      span_id: hexId(raw.span_id, 16) ?? null,
      level,
      severity_number: severity !== undefined ? Math.max(0, Math.min(24, Math.trunc(severity))) : null,
      body: str(raw.body, 65_536) ?? '',
      environment: strOrNull(attrValue(raw.attributes, 'sentry.environment'), 64),
      release: strOrNull(attrValue(raw.attributes, 'sentry.release'), 250),
      attributes: boundedJson(plain(raw.attributes)),
      received_at: ctx.receivedAt,
    });
  });
  return out;
}

export function traceMetricRows(p: JsonRecord, ctx: ItemContext): MetricRow[] {
  const out: MetricRow[] = [];
  records(p).forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const name = str(raw.name, 200);
    const type = str(raw.type, 16);
    const value = num(raw.value);
    if (!name || !type || !METRIC_TYPES.has(type) || value === undefined) return;
    out.push({
      project_id: ctx.projectId,
      item_key: itemKey(ctx, i),
      timestamp: toDate(raw.timestamp) ?? ctx.receivedAt,
      trace_id: hexId(raw.trace_id, 32) ?? null,
      span_id: hexId(raw.span_id, 16) ?? null,
      name,
      type,
      unit: strOrNull(raw.unit, 64),
      value,
      environment: strOrNull(attrValue(raw.attributes, 'sentry.environment'), 64),
      release: strOrNull(attrValue(raw.attributes, 'sentry.release'), 250),
      attributes: boundedJson(plain(raw.attributes)),
      received_at: ctx.receivedAt,
    });
  });
  return out;
}
