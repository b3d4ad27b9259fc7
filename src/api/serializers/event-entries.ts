/**
 * Event interfaces → Sentry's API `entries` (`{type, data}`), with frames camelCased as Sentry's
 * `Frame.get_api_context` returns them (`absPath`, `lineNo`, `colNo`, `inApp`, `context` as
 * `[[lineNo, line], …]`, `vars`). Order as Sentry displays them: message, exception, stacktrace,
 * threads, breadcrumbs, request, debugmeta.
 */
import { arr, bool, isoTimestamp, type JsonObject, num, obj, pairs, scalarString, str, values } from './guards.js';

export interface Entry {
  type: string;
  data: unknown;
}

const MAX_FRAMES = 500;
const MAX_VALUES = 100;
const MAX_BREADCRUMBS = 500;

function contextLines(f: JsonObject): Array<[number, string | null]> {
  const lineNo = num(f.lineno);
  if (lineNo === undefined) return [];
  const pre = arr(f.pre_context).slice(-50);
  const post = arr(f.post_context).slice(0, 50);
  const line = str(f.context_line);
  if (line === undefined && pre.length === 0 && post.length === 0) return [];
  const out: Array<[number, string | null]> = [];
  let n = lineNo - pre.length;
  for (const l of pre) out.push([n++, str(l) ?? null]);
  out.push([lineNo, line ?? null]);
  n = lineNo + 1;
  for (const l of post) out.push([n++, str(l) ?? null]);
  return out;
}

export function serializeFrame(raw: unknown): JsonObject {
  const f = obj(raw) ?? {};
  return {
    filename: str(f.filename) ?? null,
    absPath: str(f.abs_path) ?? null,
    module: str(f.module) ?? null,
    package: str(f.package) ?? null,
    platform: str(f.platform) ?? null,
    instructionAddr: str(f.instruction_addr) ?? null,
    symbolAddr: str(f.symbol_addr) ?? null,
    function: str(f.function) ?? null,
    rawFunction: str(f.raw_function) ?? null,
    symbol: str(f.symbol) ?? null,
    context: contextLines(f),
    lineNo: num(f.lineno) ?? null,
    colNo: num(f.colno) ?? null,
    inApp: bool(f.in_app) ?? false,
    trust: str(f.trust) ?? null,
    errors: null,
    lock: f.lock ?? null,
    sourceLink: str(f.source_link) ?? null,
    vars: obj(f.vars) ?? null,
    ...(str(f.map_url) ? { mapUrl: str(f.map_url) } : {}),
  };
}

function hasSystemFrames(frames: unknown[]): boolean {
  let system = 0;
  for (const f of frames) if (obj(f)?.in_app !== true) system++;
  return system > 0 && system !== frames.length;
}

export function serializeStacktrace(raw: unknown): JsonObject | null {
  const st = obj(raw);
  if (!st) return null;
  const frames = arr(st.frames);
  const kept = frames.length > MAX_FRAMES ? frames.slice(-MAX_FRAMES) : frames;
  return {
    frames: kept.map(serializeFrame),
    framesOmitted: arr(st.frames_omitted).length === 2 ? st.frames_omitted : null,
    registers: obj(st.registers) ?? null,
    hasSystemFrames: hasSystemFrames(kept),
  };
}

function exceptionEntry(exc: unknown): Entry | null {
  const vals = values(exc).slice(-MAX_VALUES);
  if (vals.length === 0) return null;
  let system = false;
  const out = vals.map((v) => {
    const e = obj(v) ?? {};
    const st = serializeStacktrace(e.stacktrace);
    if (st?.hasSystemFrames) system = true;
    return {
      type: str(e.type) ?? null,
      value: scalarString(e.value) ?? null,
      mechanism: obj(e.mechanism) ?? null,
      threadId: scalarString(e.thread_id) ?? null,
      module: str(e.module) ?? null,
      stacktrace: st,
      rawStacktrace: serializeStacktrace(e.raw_stacktrace),
    };
  });
  return { type: 'exception', data: { values: out, hasSystemFrames: system, excOmitted: null } };
}

function messageEntry(event: JsonObject): Entry | null {
  const logentry = obj(event.logentry) ?? obj(event.message);
  const plain = str(event.message);
  if (logentry) {
    const message = scalarString(logentry.message) ?? null;
    const formatted = scalarString(logentry.formatted) ?? message;
    if (formatted === null && message === null) return null;
    return { type: 'message', data: { formatted, message, params: logentry.params ?? null } };
  }
  if (plain) return { type: 'message', data: { formatted: plain, message: null, params: null } };
  return null;
}

function breadcrumbsEntry(raw: unknown): Entry | null {
  const crumbs = values(raw).slice(-MAX_BREADCRUMBS);
  if (crumbs.length === 0) return null;
  return {
    type: 'breadcrumbs',
    data: {
      values: crumbs.map((c) => {
        const b = obj(c) ?? {};
        return {
          type: str(b.type) ?? 'default',
          timestamp: isoTimestamp(b.timestamp),
          level: str(b.level) ?? 'info',
          message: scalarString(b.message) ?? null,
          category: str(b.category) ?? null,
          data: obj(b.data) ?? null,
          event_id: str(b.event_id) ?? null,
        };
      }),
    },
  };
}

function queryPairs(q: unknown): Array<[string, unknown]> {
  if (typeof q === 'string') {
    const s = q.startsWith('?') ? q.slice(1) : q;
    try {
      return [...new URLSearchParams(s.slice(0, 8192))].slice(0, 500);
    } catch {
      return [];
    }
  }
  return pairs(q);
}

function inferredContentType(headers: Array<[string, unknown]>): string | null {
  const ct = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return typeof ct === 'string' ? (ct.split(';')[0]?.trim() ?? null) : null;
}

function requestEntry(raw: unknown): Entry | null {
  const r = obj(raw);
  if (!r) return null;
  const headers = pairs(r.headers);
  return {
    type: 'request',
    data: {
      apiTarget: null,
      method: str(r.method) ?? null,
      url: str(r.url) ?? null,
      query: queryPairs(r.query_string),
      fragment: str(r.fragment) ?? null,
      data: r.data ?? null,
      headers,
      cookies: typeof r.cookies === 'string' ? queryPairs(r.cookies.replace(/;\s*/g, '&')) : pairs(r.cookies),
      env: obj(r.env) ?? null,
      inferredContentType: inferredContentType(headers),
    },
  };
}

function threadsEntry(raw: unknown): Entry | null {
  const threads = values(raw).slice(0, MAX_VALUES);
  if (threads.length === 0) return null;
  return {
    type: 'threads',
    data: {
      values: threads.map((t) => {
        const th = obj(t) ?? {};
        return {
          id: scalarString(th.id) ?? null,
          name: str(th.name) ?? null,
          crashed: bool(th.crashed) ?? false,
          current: bool(th.current) ?? false,
          main: bool(th.main) ?? null,
          state: str(th.state) ?? null,
          heldLocks: obj(th.held_locks) ?? null,
          stacktrace: serializeStacktrace(th.stacktrace),
          rawStacktrace: serializeStacktrace(th.raw_stacktrace),
        };
      }),
    },
  };
}

export function serializeEntries(event: JsonObject): Entry[] {
  const entries: Array<Entry | null> = [
    messageEntry(event),
    exceptionEntry(event.exception),
    (() => {
      const st = serializeStacktrace(event.stacktrace);
      return st ? { type: 'stacktrace', data: st } : null;
    })(),
    threadsEntry(event.threads),
    breadcrumbsEntry(event.breadcrumbs),
    requestEntry(event.request),
    (() => {
      const dm = obj(event.debug_meta);
      return dm ? { type: 'debugmeta', data: { images: arr(dm.images), sdk_info: obj(dm.sdk_info) ?? null } } : null;
    })(),
  ];
  return entries.filter((e): e is Entry => e !== null);
}
