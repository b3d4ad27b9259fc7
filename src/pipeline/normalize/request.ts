import { BAG, trimBag, trimObjectBag } from './databag.js';
import { asUint, isRecord, type JsonRecord, type Report, scalarString, stringField, truncate } from './util.js';

const MAX_URL = 2048;
const MAX_PAIRS = 100;
const MAX_PAIR_VALUE = 4096;
const METHOD = /^[A-Z_-]{3,32}$/;
const KNOWN = new Set(['url', 'method', 'query_string', 'fragment', 'headers', 'cookies', 'data', 'env']);

/**
 * Relay-style `request` normalization: query string and fragment split off the URL, `headers`,
 * `cookies` and `query_string` as `[key, value]` pair lists (header names in canonical
 * Title-Case), cookies parsed from the `Cookie` header when the SDK sent none, string bodies
 * parsed as JSON or form data (`inferred_content_type`), `data`/`env` bounded.
 */
export function normalizeRequest(event: JsonRecord, report: Report): void {
  const raw = event.request;
  if (raw === undefined || raw === null) {
    delete event.request;
    return;
  }
  if (!isRecord(raw)) {
    report.error('invalid_data', 'request', 'expected an object');
    delete event.request;
    return;
  }
  const req = raw;
  let url = stringField(req, 'url', MAX_URL, report, 'request.url');
  if (url !== undefined) {
    const hash = url.indexOf('#');
    if (hash >= 0) {
      if (req.fragment === undefined && hash + 1 < url.length) req.fragment = url.slice(hash + 1);
      url = url.slice(0, hash);
    }
    const q = url.indexOf('?');
    if (q >= 0) {
      if (req.query_string === undefined || req.query_string === null) req.query_string = url.slice(q + 1);
      url = url.slice(0, q);
    }
    req.url = url;
  }
  const method = stringField(req, 'method', 32, report, 'request.method');
  if (method !== undefined) {
    const upper = method.toUpperCase();
    if (METHOD.test(upper)) req.method = upper;
    else {
      report.error('invalid_data', 'request.method', method);
      delete req.method;
    }
  }
  stringField(req, 'fragment', 1024, report, 'request.fragment');
  setPairs(req, 'query_string', toPairs(req.query_string, parseQuery, 'request.query_string', report));
  const headers = toPairs(req.headers, undefined, 'request.headers', report);
  if (headers !== undefined) for (const h of headers) h[0] = headerName(h[0]);
  setPairs(req, 'headers', headers);
  let cookies = req.cookies;
  if ((cookies === undefined || cookies === null) && headers !== undefined) {
    cookies = headers.find((h) => h[0] === 'Cookie')?.[1];
  }
  setPairs(req, 'cookies', toPairs(cookies, parseCookies, 'request.cookies', report));

  if (typeof req.data === 'string') inferBody(req, headers);
  if (req.data !== undefined) req.data = trimBag(req.data, BAG.requestData, 'request.data', report);
  const env = trimObjectBag(req.env, BAG.requestEnv, 'request.env', report);
  if (env === undefined) delete req.env;
  else req.env = env;
  if (req.body_size !== undefined) {
    const size = asUint(req.body_size);
    if (size === undefined) delete req.body_size;
    else req.body_size = size;
  }
  for (const key of Object.keys(req)) {
    if (KNOWN.has(key) || key === 'body_size' || key === 'inferred_content_type' || key === 'api_target') continue;
    req[key] = trimBag(req[key], BAG.other, `request.${key}`, report);
  }
}

type Pair = [string, string];

function setPairs(req: JsonRecord, key: string, pairs: Pair[] | undefined): void {
  if (pairs === undefined || pairs.length === 0) delete req[key];
  else req[key] = pairs;
}

/** Object, pair list, or (with `parse`) a string → bounded `[key, value]` pairs. */
function toPairs(
  value: unknown,
  parse: ((s: string) => Pair[]) | undefined,
  path: string,
  report: Report,
): Pair[] | undefined {
  if (value === undefined || value === null) return undefined;
  let entries: Array<[unknown, unknown]>;
  if (typeof value === 'string' && parse !== undefined) return bound(parse(value), path, report);
  if (isRecord(value)) entries = Object.entries(value);
  else if (Array.isArray(value)) {
    entries = [];
    for (const item of value) if (Array.isArray(item) && item.length === 2) entries.push([item[0], item[1]]);
  } else {
    report.error('invalid_data', path, typeof value);
    return undefined;
  }
  const out: Pair[] = [];
  for (const [k, v] of entries) {
    if (typeof k !== 'string') continue;
    const s = Array.isArray(v) ? v.map((x) => scalarString(x) ?? '').join(', ') : scalarString(v);
    if (s !== undefined) out.push([k, s]);
  }
  return bound(out, path, report);
}

function bound(pairs: Pair[], path: string, report: Report): Pair[] {
  if (pairs.length > MAX_PAIRS) {
    report.trim(`${path}: ${pairs.length - MAX_PAIRS} entries dropped`);
    pairs.length = MAX_PAIRS;
  }
  for (const p of pairs) {
    if (p[0].length > 256) p[0] = truncate(p[0], 256);
    if (p[1].length > MAX_PAIR_VALUE) {
      report.trim(`${path}.${p[0]}: value truncated to ${MAX_PAIR_VALUE} chars`);
      p[1] = truncate(p[1], MAX_PAIR_VALUE);
    }
  }
  return pairs;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function parseQuery(qs: string): Pair[] {
  const out: Pair[] = [];
  const s = qs.startsWith('?') ? qs.slice(1) : qs;
  if (s === '') return out;
  for (const part of s.split('&', MAX_PAIRS * 2)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

export function parseCookies(header: string): Pair[] {
  const out: Pair[] = [];
  for (const part of header.split(';', MAX_PAIRS * 2)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const k = part.slice(0, eq).trim();
    if (k !== '') out.push([k, decode(part.slice(eq + 1).trim())]);
  }
  return out;
}

/** `user-agent` → `User-Agent` (Relay normalizes header names this way). */
export function headerName(name: string): string {
  const trimmed = name.trim();
  if (/^[A-Z][a-z0-9]*(?:-[A-Z][a-z0-9]*)*$/.test(trimmed)) return trimmed;
  return trimmed
    .split('-')
    .map((w) => (w === '' ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('-');
}

function inferBody(req: JsonRecord, headers: Pair[] | undefined): void {
  const body = req.data as string;
  if (body.length > 1024 * 1024) return;
  const contentType = headers?.find((h) => h[0] === 'Content-Type')?.[1]?.toLowerCase() ?? '';
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[') || contentType.includes('json')) {
    try {
      req.data = JSON.parse(body) as unknown;
      req.inferred_content_type = 'application/json';
      return;
    } catch {
      // not JSON: keep the string (or try form data below)
    }
  }
  if (contentType.includes('x-www-form-urlencoded') || /^[^\s=&]+=[^\s]*$/.test(body)) {
    const obj: JsonRecord = {};
    for (const [k, v] of parseQuery(body)) {
      if (k !== '__proto__') obj[k] = v;
    }
    req.data = obj;
    req.inferred_content_type = 'application/x-www-form-urlencoded';
  }
}
