import { asArray, asNonEmptyString, asString, isRecord, type JsonRecord } from './guards.js';

/**
 * Canonical frame: obviously invalid field types dropped and a filename derived from `abs_path`
 * when the SDK sent none (what Relay does before Sentry groups). A frame that needs no change is
 * returned as is (callers must copy before writing to it).
 */
export function canonicalizeFrame(raw: JsonRecord): JsonRecord {
  if (frameIsCanonical(raw)) return raw;
  const frame: JsonRecord = { ...raw };
  for (const key of STRING_FIELDS) {
    const v = frame[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') delete frame[key];
  }
  if (frame.in_app !== undefined && typeof frame.in_app !== 'boolean') delete frame.in_app;
  if (frame.lineno !== undefined && typeof frame.lineno !== 'number') delete frame.lineno;
  if (frame.colno !== undefined && typeof frame.colno !== 'number') delete frame.colno;
  if (frame.data !== undefined && !isRecord(frame.data)) delete frame.data;
  const absPath = asString(frame.abs_path);
  if (absPath !== undefined && frame.filename === undefined) {
    frame.filename = filenameFromAbsPath(absPath);
  }
  return frame;
}

function frameIsCanonical(raw: JsonRecord): boolean {
  for (const key of STRING_FIELDS) {
    const v = raw[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) return false;
  }
  if (raw.in_app !== undefined && typeof raw.in_app !== 'boolean') return false;
  if (raw.lineno !== undefined && typeof raw.lineno !== 'number') return false;
  if (raw.colno !== undefined && typeof raw.colno !== 'number') return false;
  if (raw.data !== undefined && !isRecord(raw.data)) return false;
  return !(raw.abs_path !== undefined && raw.filename === undefined);
}

const STRING_FIELDS = [
  'filename',
  'abs_path',
  'function',
  'raw_function',
  'module',
  'package',
  'platform',
  'context_line',
  'symbol',
] as const;

const URL_WITH_PATH = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^?#]*)/;

/** For `http://host/a/b.js` the filename is `/a/b.js`; anything else is used verbatim. */
function filenameFromAbsPath(absPath: string): string {
  const m = URL_WITH_PATH.exec(absPath);
  if (m && m[1] !== undefined && m[1] !== '' && m[1] !== '/') return m[1];
  return absPath;
}

/**
 * Canonical stack trace `{frames: [...]}`. Accepts a bare frame list. Non-object frames are
 * dropped. Returns undefined when the input is not a stack trace at all.
 */
export function canonicalizeStacktrace(value: unknown): JsonRecord | undefined {
  let st: JsonRecord;
  if (Array.isArray(value)) st = { frames: value };
  else if (isRecord(value)) st = { ...value };
  else return undefined;
  const frames = asArray(st.frames);
  if (frames === undefined) {
    st.frames = [];
    return st;
  }
  const out: JsonRecord[] = [];
  for (const f of frames) if (isRecord(f)) out.push(canonicalizeFrame(f));
  st.frames = out;
  return st;
}

/** `threads` as `{values: [...]}` with each thread's stack traces canonicalized. */
export function canonicalizeThreads(value: unknown): JsonRecord | undefined {
  let list: unknown[] | undefined;
  let base: JsonRecord = {};
  if (Array.isArray(value)) list = value;
  else if (isRecord(value)) {
    base = { ...value };
    list = asArray(value.values);
  }
  if (list === undefined) return undefined;
  const values: JsonRecord[] = [];
  for (const t of list) {
    if (!isRecord(t)) continue;
    const thread: JsonRecord = { ...t };
    if (thread.stacktrace !== undefined) {
      const st = canonicalizeStacktrace(thread.stacktrace);
      if (st) thread.stacktrace = st;
      else delete thread.stacktrace;
    }
    if (thread.raw_stacktrace !== undefined) {
      const st = canonicalizeStacktrace(thread.raw_stacktrace);
      if (st) thread.raw_stacktrace = st;
      else delete thread.raw_stacktrace;
    }
    values.push(thread);
  }
  base.values = values;
  return base;
}

/** True when the value names something non-empty, used by callers deciding whether to keep it. */
export function hasText(value: unknown): boolean {
  return asNonEmptyString(value) !== undefined;
}
