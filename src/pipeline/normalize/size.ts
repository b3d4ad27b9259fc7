import { isRecord, type JsonRecord, type Report, truncate, valuesOf } from './util.js';

/** Relay's default maximum size of a (normalized) event. */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/**
 * Estimated UTF-8 JSON size of `value`; stops counting once `limit` is passed. Strings count
 * their length (+2); non-ASCII and escapes are under-counted slightly, which the caller's margin
 * absorbs. Normalized events are depth-bounded; below depth 64 values are not counted.
 */
export function estimateJsonSize(value: unknown, limit: number): number {
  const st = { size: 0, limit };
  measure(value, 0, st);
  return st.size;
}

function measure(v: unknown, depth: number, st: { size: number; limit: number }): void {
  if (typeof v === 'string') {
    st.size += v.length + 3;
    return;
  }
  if (v === null || typeof v !== 'object') {
    st.size += 8;
    return;
  }
  if (depth > 64 || st.size > st.limit) return;
  if (Array.isArray(v)) {
    st.size += 2 + v.length;
    for (let i = 0; i < v.length; i++) measure(v[i], depth + 1, st);
    return;
  }
  st.size += 2;
  const rec = v as Record<string, unknown>;
  for (const key in rec) {
    st.size += key.length + 4;
    measure(rec[key], depth + 1, st);
  }
}

type Step = { note: string; apply: (event: JsonRecord) => void };

function forEachFrame(event: JsonRecord, fn: (frame: JsonRecord) => void): void {
  const stacks: unknown[] = [event.stacktrace];
  for (const e of valuesOf(event.exception) ?? []) if (isRecord(e)) stacks.push(e.stacktrace, e.raw_stacktrace);
  for (const t of valuesOf(event.threads) ?? []) if (isRecord(t)) stacks.push(t.stacktrace, t.raw_stacktrace);
  for (const st of stacks) {
    if (!isRecord(st) || !Array.isArray(st.frames)) continue;
    for (const f of st.frames) if (isRecord(f)) fn(f);
  }
}

/** Progressively less valuable data goes first; the last step keeps only what an issue needs. */
const STEPS: readonly Step[] = [
  {
    note: 'frame vars removed',
    apply: (e) => forEachFrame(e, (f) => delete f.vars),
  },
  {
    note: 'breadcrumbs reduced to the newest 10, extra and modules removed',
    apply: (e) => {
      const crumbs = valuesOf(e.breadcrumbs);
      if (crumbs !== undefined) e.breadcrumbs = { values: crumbs.slice(-10) };
      delete e.extra;
      delete e.modules;
    },
  },
  {
    note: 'frame source context, request body, spans beyond 100 and debug images removed',
    apply: (e) => {
      forEachFrame(e, (f) => {
        delete f.pre_context;
        delete f.post_context;
        delete f.data;
      });
      if (isRecord(e.request)) {
        delete e.request.data;
        delete e.request.env;
      }
      if (Array.isArray(e.spans)) e.spans = e.spans.slice(0, 100);
      delete e.debug_meta;
    },
  },
  {
    note: 'event reduced to its essentials',
    apply: (e) => {
      const keep = new Set(ESSENTIAL);
      for (const key of Object.keys(e)) if (!keep.has(key)) delete e[key];
      for (const ex of valuesOf(e.exception) ?? []) {
        if (!isRecord(ex)) continue;
        delete ex.stacktrace;
        delete ex.raw_stacktrace;
        if (typeof ex.value === 'string') ex.value = truncate(ex.value, 1024);
      }
      if (isRecord(e.logentry)) {
        const formatted = e.logentry.formatted;
        e.logentry = typeof formatted === 'string' ? { formatted: truncate(formatted, 1024) } : {};
      }
      if (isRecord(e.user)) e.user = { id: e.user.id, ip_address: e.user.ip_address };
    },
  },
];

const ESSENTIAL = [
  'event_id',
  'type',
  'timestamp',
  'start_timestamp',
  'received',
  'level',
  'platform',
  'logger',
  'release',
  'dist',
  'environment',
  'server_name',
  'transaction',
  'culprit',
  'tags',
  'exception',
  'logentry',
  'fingerprint',
  'user',
  'sdk',
  'contexts',
];

/** Shrinks the event until its estimated JSON size fits `maxBytes`, noting each step taken. */
export function enforceMaxSize(event: JsonRecord, maxBytes: number, report: Report): void {
  let size = estimateJsonSize(event, maxBytes);
  if (size <= maxBytes) return;
  for (const step of STEPS) {
    step.apply(event);
    report.trim(`event larger than ${maxBytes} bytes: ${step.note}`);
    size = estimateJsonSize(event, maxBytes);
    if (size <= maxBytes) return;
  }
  // Still too large (huge tag lists or contexts in a tiny limit): keep ids only.
  for (const key of Object.keys(event))
    if (!['event_id', 'timestamp', 'received', 'level', 'type'].includes(key)) delete event[key];
  report.trim(`event larger than ${maxBytes} bytes: all data removed`);
  report.error('too_large', undefined, maxBytes);
}
