import { BAG, setOwn, trimBag, trimUnknownKeys } from './databag.js';
import { asUint, isRecord, type JsonRecord, type Report, stringField, truncate, valuesOf } from './util.js';

/** Frames kept per stack trace; beyond it the middle is dropped (`frames_omitted`). */
export const MAX_FRAMES = 250;
const MAX_EXCEPTIONS = 50;
const MAX_THREADS = 100;
const MAX_CONTEXT_LINES = 10;
const MAX_LINE = 512;
export const MAX_CULPRIT = 200;

/** Maximum length of each string field of a frame. */
const FRAME_STRINGS: Readonly<Record<string, number>> = {
  function: 256,
  raw_function: 256,
  symbol: 256,
  module: 256,
  package: 256,
  filename: 512,
  abs_path: 512,
  platform: 64,
  instruction_addr: 64,
  symbol_addr: 64,
  image_addr: 64,
  addr_mode: 64,
  trust: 64,
};

/** One pass over the frame's own keys (frames are the bulk of most events). */
function normalizeFrame(frame: JsonRecord, path: () => string, report: Report): void {
  for (const key in frame) {
    if (!Object.hasOwn(frame, key)) continue;
    const v = frame[key];
    const max = Object.hasOwn(FRAME_STRINGS, key) ? FRAME_STRINGS[key] : undefined;
    if (max !== undefined) {
      if (typeof v !== 'string' || v.length > max) stringField(frame, key, max, report, `${path()}.${key}`);
      continue;
    }
    switch (key) {
      case 'lineno':
      case 'colno':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
          const n = asUint(v);
          if (n === undefined) delete frame[key];
          else frame[key] = n;
        }
        break;
      case 'in_app':
        if (typeof v !== 'boolean') delete frame[key];
        break;
      case 'context_line':
        if (typeof v !== 'string') delete frame[key];
        else if (v.length > MAX_LINE) frame[key] = truncate(v, MAX_LINE);
        break;
      case 'pre_context':
      case 'post_context':
        if (!Array.isArray(v)) delete frame[key];
        else if (!contextLinesOk(v)) {
          const kept = key === 'pre_context' ? v.slice(-MAX_CONTEXT_LINES) : v.slice(0, MAX_CONTEXT_LINES);
          frame[key] = kept.map((l) => (typeof l === 'string' ? truncate(l, MAX_LINE) : ''));
        }
        break;
      case 'vars': {
        let vars = v;
        if (Array.isArray(vars)) vars = Object.fromEntries(vars.slice(0, 100).map((x, i) => [String(i), x]));
        if (isRecord(vars)) frame.vars = trimBag(vars, BAG.frameVars, `${path()}.vars`, report);
        else delete frame.vars;
        break;
      }
      case 'data':
        if (isRecord(v)) trimBag(v, BAG.other, `${path()}.data`, report);
        else delete frame.data;
        break;
      default:
        if ((v !== null && typeof v === 'object') || (typeof v === 'string' && v.length > 1024)) {
          setOwn(frame, key, trimBag(v, BAG.other, `${path()}.${key}`, report));
        }
    }
  }
}

function contextLinesOk(lines: unknown[]): boolean {
  if (lines.length > MAX_CONTEXT_LINES) return false;
  for (const l of lines) if (typeof l !== 'string' || l.length > MAX_LINE) return false;
  return true;
}

/** Normalizes a stacktrace in place; returns false when it holds no usable frame. */
export function normalizeStacktrace(st: unknown, path: string, report: Report): st is JsonRecord {
  if (!isRecord(st)) return false;
  let frames = Array.isArray(st.frames) ? st.frames : undefined;
  if (frames === undefined) return false;
  if (frames.length > MAX_FRAMES) {
    const half = MAX_FRAMES / 2;
    report.trim(`${path}.frames: ${frames.length - MAX_FRAMES} middle frames of ${frames.length} omitted`);
    st.frames_omitted = [half, frames.length - half];
    frames = [...frames.slice(0, half), ...frames.slice(frames.length - half)];
  }
  const out: JsonRecord[] = [];
  for (const f of frames) {
    if (!isRecord(f)) continue;
    const index = out.length;
    normalizeFrame(f, () => `${path}.frames.${index}`, report);
    out.push(f);
  }
  st.frames = out;
  if (st.registers !== undefined && !isRecord(st.registers)) delete st.registers;
  else if (st.registers !== undefined) trimBag(st.registers, BAG.other, `${path}.registers`, report);
  return out.length > 0;
}

function normalizeMechanism(exc: JsonRecord, path: string, report: Report): void {
  const m = exc.mechanism;
  if (m === undefined) return;
  if (!isRecord(m)) {
    delete exc.mechanism;
    return;
  }
  const type = stringField(m, 'type', 128, report, () => `${path}.type`);
  if (type === undefined || type === '') m.type = 'generic';
  for (const key of ['handled', 'synthetic', 'is_exception_group'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'boolean') delete m[key];
  }
  for (const key of ['exception_id', 'parent_id'] as const) {
    if (m[key] === undefined) continue;
    const n = asUint(m[key]);
    if (n === undefined) delete m[key];
    else m[key] = n;
  }
  stringField(m, 'description', 8192, report, () => `${path}.description`);
  stringField(m, 'help_link', 2048, report, () => `${path}.help_link`);
  stringField(m, 'source', 128, report, () => `${path}.source`);
  for (const key of ['data', 'meta'] as const) {
    if (m[key] === undefined) continue;
    if (isRecord(m[key])) trimBag(m[key], BAG.other, `${path}.${key}`, report);
    else delete m[key];
  }
}

/** `exception.values`: bounded list of exceptions with normalized mechanism and stack traces. */
export function normalizeExceptions(event: JsonRecord, report: Report): void {
  const raw = event.exception;
  if (raw === undefined || raw === null) {
    delete event.exception;
    return;
  }
  let list = valuesOf(raw) ?? (isRecord(raw) && ('type' in raw || 'value' in raw) ? [raw] : undefined);
  if (list === undefined) {
    report.error('invalid_data', 'exception', 'expected a list of exceptions');
    delete event.exception;
    return;
  }
  if (list.length > MAX_EXCEPTIONS) {
    report.trim(`exception.values: ${list.length - MAX_EXCEPTIONS} innermost exceptions dropped`);
    list = list.slice(list.length - MAX_EXCEPTIONS);
  }
  const out: JsonRecord[] = [];
  for (const exc of list) {
    if (!isRecord(exc)) continue;
    const path = `exception.values.${out.length}`;
    stringField(exc, 'type', 256, report, () => `${path}.type`);
    stringField(exc, 'value', 8192, report, () => `${path}.value`);
    stringField(exc, 'module', 256, report, () => `${path}.module`);
    for (const key of ['stacktrace', 'raw_stacktrace'] as const) {
      if (exc[key] !== undefined && !normalizeStacktrace(exc[key], `${path}.${key}`, report)) delete exc[key];
    }
    normalizeMechanism(exc, `${path}.mechanism`, report);
    if (exc.type === undefined && exc.value === undefined && exc.stacktrace === undefined) {
      report.error('invalid_data', path, 'exception without type, value or stacktrace');
      continue;
    }
    trimUnknownKeys(exc, EXC_KEYS, path, report);
    out.push(exc);
  }
  if (out.length === 0) delete event.exception;
  else event.exception = { values: out };
}
const EXC_KEYS = new Set(['type', 'value', 'module', 'stacktrace', 'raw_stacktrace', 'mechanism', 'thread_id']);

/** Top-level `stacktrace` and `threads.values[].stacktrace`. */
export function normalizeThreadsAndStacktrace(event: JsonRecord, report: Report): void {
  if (event.stacktrace !== undefined && !normalizeStacktrace(event.stacktrace, 'stacktrace', report)) {
    delete event.stacktrace;
  }
  if (event.threads === undefined) return;
  let list = valuesOf(event.threads);
  if (list === undefined) {
    delete event.threads;
    return;
  }
  if (list.length > MAX_THREADS) {
    report.trim(`threads.values: ${list.length - MAX_THREADS} threads dropped`);
    list = list.slice(0, MAX_THREADS);
  }
  const out: JsonRecord[] = [];
  for (const t of list) {
    if (!isRecord(t)) continue;
    const path = `threads.values.${out.length}`;
    stringField(t, 'name', 256, report, () => `${path}.name`);
    stringField(t, 'state', 64, report, () => `${path}.state`);
    for (const key of ['crashed', 'current', 'main'] as const) {
      if (t[key] !== undefined && typeof t[key] !== 'boolean') delete t[key];
    }
    if (t.id !== undefined && typeof t.id !== 'number' && typeof t.id !== 'string') delete t.id;
    for (const key of ['stacktrace', 'raw_stacktrace'] as const) {
      if (t[key] !== undefined && !normalizeStacktrace(t[key], `${path}.${key}`, report)) delete t[key];
    }
    trimUnknownKeys(t, THREAD_KEYS, path, report);
    out.push(t);
  }
  if (out.length === 0) delete event.threads;
  else event.threads = { values: out };
}
const THREAD_KEYS = new Set(['id', 'name', 'state', 'crashed', 'current', 'main', 'stacktrace', 'raw_stacktrace']);

/**
 * Sentry's culprit: the SDK's, else the transaction name, else the most recent in-app frame of
 * the last stack (`function(module)` for JS, `module in function` elsewhere), else the URL.
 */
export function deriveCulprit(event: JsonRecord): string | undefined {
  if (typeof event.culprit === 'string' && event.culprit !== '') return truncate(event.culprit, MAX_CULPRIT);
  if (typeof event.transaction === 'string' && event.transaction !== '') {
    return truncate(event.transaction, MAX_CULPRIT);
  }
  const platform = typeof event.platform === 'string' ? event.platform : 'other';
  let stack: unknown;
  const excs = valuesOf(event.exception);
  if (excs !== undefined && excs.length > 0) {
    const last = excs[excs.length - 1];
    if (isRecord(last) && isRecord(last.mechanism) && last.mechanism.synthetic === true) return undefined;
    for (const e of excs) if (isRecord(e) && isRecord(e.stacktrace)) stack = e.stacktrace;
  } else {
    stack = event.stacktrace;
  }
  const frames = isRecord(stack) && Array.isArray(stack.frames) ? stack.frames : [];
  let fallback: string | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    if (!isRecord(f)) continue;
    if (f.in_app === true) {
      const c = frameCulprit(f, platform);
      if (c !== undefined) return truncate(c, MAX_CULPRIT);
    } else if (fallback === undefined) {
      fallback = frameCulprit(f, platform);
    }
  }
  if (fallback !== undefined) return truncate(fallback, MAX_CULPRIT);
  const url = isRecord(event.request) ? event.request.url : undefined;
  return typeof url === 'string' && url !== '' ? truncate(url, MAX_CULPRIT) : undefined;
}

function frameCulprit(frame: JsonRecord, eventPlatform: string): string | undefined {
  const platform = typeof frame.platform === 'string' ? frame.platform : eventPlatform;
  const fn = typeof frame.function === 'string' && frame.function !== '' ? frame.function : '?';
  if (platform === 'objc' || platform === 'cocoa' || platform === 'native') return fn;
  const loc = typeof frame.module === 'string' && frame.module !== '' ? frame.module : frame.filename;
  if (typeof loc !== 'string' || loc === '') return undefined;
  if (platform === 'javascript' || platform === 'node') return `${fn}(${loc})`;
  return `${loc} in ${fn}`;
}
