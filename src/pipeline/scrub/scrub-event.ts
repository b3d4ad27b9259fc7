import { FILTERED, keyValuePattern, scrubIps, scrubString } from './patterns.js';

/**
 * Server-side data scrubbing with Sentry's default rules, applied to a normalized event before
 * anything is stored. See docs/data-handling.md for what is scrubbed where.
 */
export type ScrubOptions = {
  /** Sentry `dataScrubber` (`sentry:scrub_data`): scrub sensitive keys and values. Default true. */
  enabled?: boolean;
  /** Sentry `dataScrubberDefaults` (`sentry:scrub_defaults`): use the default key list and value patterns. Default true. */
  scrubDefaults?: boolean;
  /** Sentry `sensitiveFields`: extra key names (case-insensitive substrings) to scrub. */
  sensitiveFields?: string[];
  /** Sentry `safeFields`: key names (case-insensitive, exact) never scrubbed. */
  safeFields?: string[];
  /** Sentry `scrubIPAddresses` (`sentry:scrub_ip_address`): remove IP addresses. Default false. */
  scrubIpAddresses?: boolean;
};

/** Sentry's default sensitive key fragments (matched case-insensitively as substrings). */
export const DEFAULT_SENSITIVE_FIELDS = [
  'password',
  'passwd',
  'secret',
  'passphrase',
  'token',
  'api_key',
  'apikey',
  'auth',
  'credentials',
  'mysql_pwd',
  'privatekey',
  'private_key',
  'session',
  'stripetoken',
  'card_number',
  'cvv',
] as const;

/** Headers whose values are credentials whatever the rest of the configuration says. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SECRET_HEADER_PREFIXES = ['x-auth', 'x-csrf', 'x-xsrf', 'x-amz-security-token'];
const IP_HEADERS = new Set(['x-forwarded-for', 'x-real-ip', 'forwarded', 'cf-connecting-ip', 'true-client-ip']);
const SESSION_COOKIES = new Set(['sid', 'connect.sid', 'phpsessid', 'jsessionid', 'csrftoken', 'xsrf-token', '_csrf']);

/** Top-level keys that hold no user data (ids, timestamps, SDK and build metadata). */
const SKIP_TOP = new Set([
  'event_id',
  'type',
  'timestamp',
  'start_timestamp',
  'received',
  'platform',
  'level',
  'logger',
  'release',
  'dist',
  'environment',
  'fingerprint',
  'sdk',
  'debug_meta',
  'modules',
  'errors',
  '_meta',
  'measurements',
  'transaction_info',
  'server_name',
  'culprit',
  'transaction',
]);

const MAX_DEPTH = 32;

type Scrubber = {
  data: boolean;
  keyRe: RegExp | null;
  safe: ReadonlySet<string>;
  keyValue: RegExp | null;
  patterns: boolean;
  ips: boolean;
  keyCache: Map<string, number>;
};

const KEY_PLAIN = 0;
const KEY_SENSITIVE = 1;
const KEY_SAFE = 2;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const compiled = new Map<string, Scrubber>();
const byObject = new WeakMap<ScrubOptions, Scrubber>();

function compile(options: ScrubOptions | undefined): Scrubber {
  if (options !== undefined) {
    const hit = byObject.get(options);
    if (hit !== undefined) return hit;
    const s = compileUncached(options);
    byObject.set(options, s);
    return s;
  }
  return compileUncached(undefined);
}

function compileUncached(options: ScrubOptions | undefined): Scrubber {
  const data = options?.enabled ?? true;
  const defaults = options?.scrubDefaults ?? true;
  const extra = (options?.sensitiveFields ?? []).map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const safe = (options?.safeFields ?? []).map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const ips = options?.scrubIpAddresses ?? false;
  const cacheKey = JSON.stringify([data, defaults, extra, safe, ips]);
  const hit = compiled.get(cacheKey);
  if (hit !== undefined) return hit;
  const fields = [...(defaults ? DEFAULT_SENSITIVE_FIELDS : []), ...extra].slice(0, 500);
  const source = fields.map(escapeRe).join('|');
  const scrubber: Scrubber = {
    data,
    keyRe: data && source !== '' ? new RegExp(source, 'i') : null,
    safe: new Set(safe),
    keyValue: data && source !== '' ? keyValuePattern(source) : null,
    patterns: data && defaults,
    ips,
    keyCache: new Map(),
  };
  if (compiled.size >= 256) compiled.clear();
  compiled.set(cacheKey, scrubber);
  return scrubber;
}

function keyKind(key: string, s: Scrubber): number {
  let kind = s.keyCache.get(key);
  if (kind !== undefined) return kind;
  const lower = key.toLowerCase();
  if (s.safe.has(lower)) kind = KEY_SAFE;
  else if (s.keyRe !== null && key.length <= 256 && s.keyRe.test(key)) kind = KEY_SENSITIVE;
  else kind = KEY_PLAIN;
  if (s.keyCache.size >= 4096) s.keyCache.clear();
  s.keyCache.set(key, kind);
  return kind;
}

function str(v: string, s: Scrubber): string {
  let out = s.data ? scrubString(v, s.keyValue) : v;
  if (s.ips) out = scrubIps(out);
  return out;
}

/** Scrubs any JSON value: sensitive keys → `[Filtered]`, strings through the value patterns. */
function walk(v: unknown, depth: number, s: Scrubber): unknown {
  if (typeof v === 'string') return str(v, s);
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) return FILTERED;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'number' || typeof item === 'boolean' || item === null) continue;
      const next = walk(item, depth + 1, s);
      if (next !== item) v[i] = next;
    }
    return v;
  }
  const rec = v as Record<string, unknown>;
  for (const key in rec) {
    if (!Object.hasOwn(rec, key)) continue;
    const kind = keyKind(key, s);
    if (kind === KEY_SAFE) continue;
    const item = rec[key];
    let next: unknown;
    if (kind === KEY_SENSITIVE) next = item === null || item === undefined || item === '' ? item : FILTERED;
    else if (typeof item === 'number' || typeof item === 'boolean' || item === null) continue;
    else next = walk(item, depth + 1, s);
    if (next !== item) {
      if (key === '__proto__') Object.defineProperty(rec, key, { value: next, enumerable: true, writable: true });
      else rec[key] = next;
    }
  }
  return v;
}

/** `[key, value]` pair lists (headers, cookies, query strings, tags). */
function pairs(list: unknown, s: Scrubber, kind: 'header' | 'cookie' | 'plain'): unknown {
  if (!Array.isArray(list)) return walk(list, 1, s);
  for (const p of list) {
    if (!Array.isArray(p) || typeof p[0] !== 'string') continue;
    const name = p[0];
    const lower = name.toLowerCase();
    const k = keyKind(name, s);
    if (k === KEY_SAFE) continue;
    let secret = s.data && k === KEY_SENSITIVE;
    if (kind === 'header' && s.patterns) {
      secret ||= SECRET_HEADERS.has(lower) || SECRET_HEADER_PREFIXES.some((x) => lower.startsWith(x));
    }
    if (kind === 'header' && s.ips && IP_HEADERS.has(lower)) secret = true;
    if (kind === 'cookie' && s.patterns && SESSION_COOKIES.has(lower)) secret = true;
    if (secret) p[1] = FILTERED;
    else if (typeof p[1] === 'string') p[1] = str(p[1], s);
  }
  return list;
}

function frames(st: unknown, s: Scrubber): void {
  if (!isObj(st) || !Array.isArray(st.frames)) return;
  for (const f of st.frames) {
    // Like Relay, only frame variables are scrubbed; paths, function names and source context are not PII fields.
    if (isObj(f) && f.vars !== undefined) f.vars = walk(f.vars, 1, s);
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valuesOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObj(v) && Array.isArray(v.values)) return v.values;
  return [];
}

/**
 * Applies Sentry's default data scrubbing to `event` in place and returns it. Idempotent; never
 * throws on any shape. With `enabled: false` only IP scrubbing (when asked) runs.
 */
export function scrubEvent<T>(event: T, options?: ScrubOptions): T {
  if (!isObj(event)) return event;
  const s = compile(options);
  if (!s.data && !s.ips) return event;
  const ev = event as Record<string, unknown>;
  for (const key of Object.keys(ev)) {
    if (SKIP_TOP.has(key)) continue;
    const v = ev[key];
    switch (key) {
      case 'exception':
        for (const e of valuesOf(v)) {
          if (!isObj(e)) continue;
          if (typeof e.value === 'string') e.value = str(e.value, s);
          if (isObj(e.mechanism) && e.mechanism.data !== undefined) e.mechanism.data = walk(e.mechanism.data, 1, s);
          frames(e.stacktrace, s);
          frames(e.raw_stacktrace, s);
        }
        break;
      case 'threads':
        for (const t of valuesOf(v)) if (isObj(t)) frames(t.stacktrace, s);
        break;
      case 'stacktrace':
        frames(v, s);
        break;
      case 'breadcrumbs':
        for (const c of valuesOf(v)) {
          if (!isObj(c)) continue;
          if (typeof c.message === 'string') c.message = str(c.message, s);
          if (c.data !== undefined) c.data = walk(c.data, 1, s);
        }
        break;
      case 'request':
        if (isObj(v)) scrubRequest(v, s);
        else ev[key] = walk(v, 0, s);
        break;
      case 'tags':
        if (Array.isArray(v)) {
          pairs(v, s, 'plain');
          if (s.ips)
            ev.tags = v.filter((t) => !(Array.isArray(t) && t[0] === 'user' && String(t[1]).startsWith('ip:')));
        } else ev[key] = walk(v, 0, s);
        break;
      case 'user':
        if (isObj(v) && s.ips) delete v.ip_address;
        ev[key] = walk(v, 0, s);
        break;
      case 'spans':
        for (const span of Array.isArray(v) ? v : []) {
          if (!isObj(span)) continue;
          if (typeof span.description === 'string') span.description = str(span.description, s);
          if (span.data !== undefined) span.data = walk(span.data, 1, s);
        }
        break;
      default:
        ev[key] = walk(v, 0, s);
    }
  }
  return event;
}

function scrubRequest(req: Record<string, unknown>, s: Scrubber): void {
  for (const key of Object.keys(req)) {
    const v = req[key];
    if (key === 'headers') pairs(v, s, 'header');
    else if (key === 'cookies') pairs(v, s, 'cookie');
    else if (key === 'query_string') {
      if (typeof v === 'string') req[key] = str(v, s);
      else pairs(v, s, 'plain');
    } else if (key === 'env') {
      if (isObj(v) && s.ips) delete v.REMOTE_ADDR;
      req[key] = walk(v, 1, s);
    } else if (key === 'method' || key === 'inferred_content_type' || key === 'body_size') {
      // not user data
    } else {
      req[key] = walk(v, 1, s);
    }
  }
}
