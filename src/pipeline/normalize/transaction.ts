import { BAG, trimBag, trimUnknownKeys } from './databag.js';
import { normalizeNestedTimestamp } from './timestamps.js';
import { asNumber, isRecord, type JsonRecord, type Report, stringField } from './util.js';

export const MAX_SPANS = 1000;
const MAX_MEASUREMENTS = 100;
const SPAN_KEYS = new Set([
  'span_id',
  'parent_span_id',
  'trace_id',
  'op',
  'description',
  'status',
  'start_timestamp',
  'timestamp',
  'exclusive_time',
  'tags',
  'data',
  'origin',
  'same_process_as_parent',
  'measurements',
]);

/**
 * Transaction parts: `spans` (bounded count, timestamps parsed and drift-corrected, strings and
 * `data` bounded), `measurements` (`{name: {value: number, unit?}}`, invalid ones dropped) and a
 * default name.
 */
export function normalizeTransactionParts(event: JsonRecord, shift: number, report: Report): void {
  if (event.spans !== undefined) {
    if (!Array.isArray(event.spans)) {
      report.error('invalid_data', 'spans', 'expected a list');
      delete event.spans;
    } else {
      let spans = event.spans;
      if (spans.length > MAX_SPANS) {
        report.trim(`spans: ${spans.length - MAX_SPANS} spans dropped`);
        spans = spans.slice(0, MAX_SPANS);
      }
      const out: JsonRecord[] = [];
      for (const span of spans) {
        if (!isRecord(span)) continue;
        const path = `spans.${out.length}`;
        normalizeNestedTimestamp(span, 'start_timestamp', shift);
        normalizeNestedTimestamp(span, 'timestamp', shift);
        stringField(span, 'op', 128, report, () => `${path}.op`);
        stringField(span, 'description', 8192, report, () => `${path}.description`);
        stringField(span, 'status', 64, report, () => `${path}.status`);
        stringField(span, 'origin', 128, report, () => `${path}.origin`);
        for (const key of ['span_id', 'parent_span_id', 'trace_id'] as const) {
          if (span[key] !== undefined && typeof span[key] !== 'string') delete span[key];
        }
        for (const key of ['tags', 'data'] as const) {
          if (span[key] === undefined) continue;
          if (isRecord(span[key])) trimBag(span[key], BAG.spanData, `${path}.${key}`, report);
          else delete span[key];
        }
        trimUnknownKeys(span, SPAN_KEYS, path, report);
        out.push(span);
      }
      event.spans = out;
    }
  }
  if (event.measurements !== undefined) {
    const m = event.measurements;
    if (!isRecord(m)) delete event.measurements;
    else {
      let n = 0;
      for (const name of Object.keys(m)) {
        const entry = m[name];
        const value = isRecord(entry) ? asNumber(entry.value) : undefined;
        if (value === undefined || name.length > 64 || ++n > MAX_MEASUREMENTS || !isRecord(entry)) {
          delete m[name];
          continue;
        }
        const unit = typeof entry.unit === 'string' && entry.unit.length <= 15 ? entry.unit : undefined;
        m[name] = unit === undefined ? { value } : { value, unit };
      }
    }
  }
}
