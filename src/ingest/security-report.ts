/**
 * Browser CSP violation reports → Sentry events, as Relay turns its `security` / `csp-report`
 * endpoint's payloads into `csp` events: the message ("Blocked 'script' from 'evil.example'"),
 * the culprit (the violated directive with its sources normalized against the document), tags
 * (`effective-directive`, `blocked-uri`, `blocked-host`), the request (document URL, Referer) and
 * the `csp` interface that grouping uses. Two payload forms:
 *   - `report-uri`: `{"csp-report": {"document-uri": …, "violated-directive": …}}` (kebab-case)
 *   - Reporting API (`report-to`, `application/reports+json`): `[{"type": "csp-violation",
 *     "body": {"documentURL": …, "effectiveDirective": …}}, …]`, several reports per request.
 * Other report types (expect-ct, hpkp, nel, deprecation…) are not turned into events.
 */
import { AppError } from '../shared/errors.js';

export type JsonRecord = Record<string, unknown>;

/** CSP directives (Relay `CspDirective`); anything else is not a CSP report we can read. */
const DIRECTIVES = new Set([
  'base-uri',
  'child-src',
  'connect-src',
  'default-src',
  'fenced-frame-src',
  'font-src',
  'form-action',
  'frame-ancestors',
  'frame-src',
  'img-src',
  'manifest-src',
  'media-src',
  'object-src',
  'plugin-types',
  'prefetch-src',
  'referrer',
  'script-src',
  'script-src-attr',
  'script-src-elem',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'upgrade-insecure-requests',
  'worker-src',
  'sandbox',
  'navigate-to',
  'report-uri',
  'report-to',
  'block-all-mixed-content',
  'require-sri-for',
  'require-trusted-types-for',
  'trusted-types',
]);

/** Field → the spellings browsers use for it (report-uri kebab-case, Reporting API camelCase). */
const ALIASES: Record<string, readonly string[]> = {
  effective_directive: ['effective_directive', 'effective-directive', 'effectiveDirective'],
  blocked_uri: ['blocked_uri', 'blocked-uri', 'blockedURL'],
  document_uri: ['document_uri', 'document-uri', 'documentURL'],
  original_policy: ['original_policy', 'original-policy', 'originalPolicy'],
  referrer: ['referrer'],
  status_code: ['status_code', 'status-code', 'statusCode'],
  violated_directive: ['violated_directive', 'violated-directive', 'violatedDirective'],
  source_file: ['source_file', 'source-file', 'sourceFile'],
  line_number: ['line_number', 'line-number', 'lineNumber'],
  column_number: ['column_number', 'column-number', 'columnNumber'],
  script_sample: ['script_sample', 'script-sample', 'scriptSample', 'sample'],
  disposition: ['disposition'],
};
const NUMERIC = new Set(['status_code', 'line_number', 'column_number']);
const KNOWN = new Set(Object.values(ALIASES).flat());

/** Most reports taken from one Reporting API batch. */
export const MAX_REPORTS = 100;

const isRecord = (v: unknown): v is JsonRecord => v !== null && typeof v === 'object' && !Array.isArray(v);

const isLocal = (uri: string) => uri === '' || uri === 'self' || uri === "'self'";

/** Schemes written with `//` (Python's urlunsplit, which Sentry's normalization mimics). */
const NETLOC_SCHEMES = new Set(
  'ftp http gopher nntp telnet imap wais file mms https shttp snews prospero rtsp rtspu rsync svn svn+ssh sftp nfs git git+ssh ws wss'.split(
    ' ',
  ),
);

function unsplit(scheme: string, host: string): string {
  if (host !== '' || NETLOC_SCHEMES.has(scheme)) return `${scheme}://${host}`;
  return scheme === '' ? '' : `${scheme}:${host}`;
}

/** `http://evil.example/x.js` → `evil.example`; `data` → `data:`; local → `'self'`. */
export function normalizeUri(value: string): string {
  if (isLocal(value)) return "'self'";
  if (!value.includes(':')) return unsplit(value, '');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  const scheme = url.protocol.slice(0, -1);
  const base = scheme === 'http' || scheme === 'https' ? url.hostname : unsplit(scheme, url.hostname);
  return url.port ? `${base}:${url.port}` : base;
}

interface CspRaw {
  effective_directive?: string;
  blocked_uri: string;
  document_uri?: string;
  original_policy?: string;
  referrer?: string;
  status_code?: number;
  violated_directive: string;
  source_file?: string;
  line_number?: number;
  column_number?: number;
  script_sample?: string;
  disposition?: string;
  other: JsonRecord;
}

function readRaw(body: JsonRecord): CspRaw {
  const out: Partial<CspRaw> & { other: JsonRecord } = { other: {} };
  for (const [field, names] of Object.entries(ALIASES)) {
    for (const name of names) {
      const v = body[name];
      if (v === undefined || v === null) continue;
      if (NUMERIC.has(field)) {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
        if (!Number.isSafeInteger(n) || n < 0) throw invalid(`${name} is not a number`);
        (out as Record<string, unknown>)[field] = n;
      } else if (typeof v === 'string') {
        (out as Record<string, unknown>)[field] = v;
      } else {
        throw invalid(`${name} is not a string`);
      }
      break;
    }
  }
  for (const [k, v] of Object.entries(body)) if (!KNOWN.has(k)) out.other[k] = v;
  return { ...out, blocked_uri: out.blocked_uri ?? 'self', violated_directive: out.violated_directive ?? '' };
}

const invalid = (why: string) => new AppError('bad_request', `invalid security report: ${why}`);

/** The directive: `effective-directive` when it names one (Firefox omits it), else `violated-directive`'s first word. */
function effectiveDirective(raw: CspRaw): string {
  for (const candidate of [raw.effective_directive, raw.violated_directive]) {
    const first = candidate?.split(' ', 1)[0];
    if (first && DIRECTIVES.has(first)) return first;
  }
  throw invalid('no known CSP directive');
}

const INLINE_MESSAGES: Record<string, string> = {
  'child-src': "Blocked inline 'child'",
  'connect-src': "Blocked inline 'connect'",
  'font-src': "Blocked inline 'font'",
  'img-src': "Blocked inline 'image'",
  'manifest-src': "Blocked inline 'manifest'",
  'media-src': "Blocked inline 'media'",
  'object-src': "Blocked inline 'object'",
  'script-src-attr': "Blocked unsafe 'script' element",
  'script-src-elem': 'Blocked inline script attribute',
  'style-src': "Blocked inline 'style'",
  'style-src-elem': "Blocked 'style' or 'link' element",
  'style-src-attr': 'Blocked style attribute',
  'script-src': "Blocked unsafe (eval() or inline) 'script'",
};

const FROM_MESSAGES: Record<string, (uri: string) => string> = {
  'child-src': (u) => `Blocked 'child' from '${u}'`,
  'connect-src': (u) => `Blocked 'connect' from '${u}'`,
  'font-src': (u) => `Blocked 'font' from '${u}'`,
  'form-action': (u) => `Blocked 'form' action to '${u}'`,
  'img-src': (u) => `Blocked 'image' from '${u}'`,
  'manifest-src': (u) => `Blocked 'manifest' from '${u}'`,
  'media-src': (u) => `Blocked 'media' from '${u}'`,
  'object-src': (u) => `Blocked 'object' from '${u}'`,
  'script-src': (u) => `Blocked 'script' from '${u}'`,
  'script-src-attr': (u) => `Blocked inline script attribute from '${u}'`,
  'script-src-elem': (u) => `Blocked 'script' from '${u}'`,
  'style-src': (u) => `Blocked 'style' from '${u}'`,
  'style-src-elem': (u) => `Blocked 'style' from '${u}'`,
  'style-src-attr': (u) => `Blocked style attribute from '${u}'`,
};

function message(raw: CspRaw, directive: string): string {
  if (directive === 'script-src') {
    // CSP 3 names the blocked script resource `inline` / `eval` exactly.
    if (raw.blocked_uri === 'inline') return "Blocked unsafe inline 'script'";
    if (raw.blocked_uri === 'eval') return "Blocked unsafe eval() 'script'";
  }
  if (isLocal(raw.blocked_uri)) return INLINE_MESSAGES[directive] ?? `Blocked inline '${directive}'`;
  const uri = normalizeUri(raw.blocked_uri);
  return FROM_MESSAGES[directive]?.(uri) ?? `Blocked '${directive}' from '${uri}'`;
}

/** A policy source as the document sees it: its own origin becomes 'self'. */
function normalizeSource(value: string, documentUri: string, raw: CspRaw): string {
  if (value === "'none'" || value === "'self'" || value === "'unsafe-inline'" || value === "'unsafe-eval'")
    return value;
  if (/^(data|mediastream|blob|filesystem|http|https|file):/.test(value)) {
    return documentUri === normalizeUri(value) ? "'self'" : value;
  }
  if (value === documentUri) return "'self'";
  const scheme = (raw.document_uri ?? '').split(':', 1)[0];
  if (!(raw.document_uri ?? '').includes(':') || scheme === 'http' || scheme === 'https') return value;
  return unsplit(scheme ?? '', value);
}

function culprit(raw: CspRaw): string {
  if (raw.violated_directive === '') return '';
  const [first = '', ...rest] = raw.violated_directive.split(/[ \t\n\r\f]+/).filter(Boolean);
  const documentUri = normalizeUri(raw.document_uri ?? '');
  return [first, ...rest.map((bit) => normalizeSource(bit, documentUri, raw))].join(' ');
}

function tags(raw: CspRaw, directive: string): [string, string][] {
  let blocked = raw.blocked_uri;
  // Stripe puts secrets in query strings (Sentry drops them from the tag).
  if (blocked.startsWith('https://api.stripe.com/')) blocked = blocked.replace(/[?#].*$/, '');
  const out: [string, string][] = [
    ['effective-directive', directive],
    ['blocked-uri', blocked],
  ];
  try {
    const url = new URL(raw.blocked_uri);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname)
      out.push(['blocked-host', url.hostname]);
  } catch {}
  return out;
}

export interface SecurityReportOptions {
  release?: string | undefined;
  environment?: string | undefined;
  /** Event id for the (first) event; later ones in a batch get their own. */
  newEventId: () => string;
}

/** One CSP report body → a Sentry event of type `csp`. */
export function cspEvent(body: JsonRecord, opts: SecurityReportOptions): JsonRecord {
  const raw = readRaw(body);
  const directive = effectiveDirective(raw);
  const csp: JsonRecord = { ...raw.other, effective_directive: directive, blocked_uri: raw.blocked_uri };
  for (const field of Object.keys(ALIASES)) {
    if (field === 'effective_directive' || field === 'blocked_uri') continue;
    const v = (raw as unknown as JsonRecord)[field];
    if (v !== undefined) csp[field] = v;
  }
  const request: JsonRecord = {};
  if (raw.document_uri !== undefined) request.url = raw.document_uri;
  if (raw.referrer) request.headers = [['Referer', raw.referrer]];
  const event: JsonRecord = {
    event_id: opts.newEventId(),
    type: 'csp',
    logger: 'csp',
    platform: 'other',
    logentry: { formatted: message(raw, directive) },
    culprit: culprit(raw),
    tags: tags(raw, directive),
    request,
    csp,
  };
  if (opts.release) event.release = opts.release;
  if (opts.environment) event.environment = opts.environment;
  return event;
}

/**
 * The CSP events of a security endpoint payload (parsed JSON), and how many reports of other
 * kinds it held. 400 when the payload is no security report at all.
 */
export function securityEvents(payload: unknown, opts: SecurityReportOptions): { events: JsonRecord[]; other: number } {
  if (Array.isArray(payload)) {
    // Reporting API batch.
    const events: JsonRecord[] = [];
    let other = 0;
    for (const report of payload.slice(0, MAX_REPORTS)) {
      if (isRecord(report) && report.type === 'csp-violation' && isRecord(report.body)) {
        events.push(cspEvent(report.body, opts));
      } else {
        other++;
      }
    }
    return { events, other: other + Math.max(0, payload.length - MAX_REPORTS) };
  }
  if (!isRecord(payload)) throw invalid('not a JSON object or array');
  if (isRecord(payload['csp-report'])) return { events: [cspEvent(payload['csp-report'], opts)], other: 0 };
  if (payload.type === 'csp-violation' && isRecord(payload.body)) {
    return { events: [cspEvent(payload.body, opts)], other: 0 };
  }
  if (typeof payload.type === 'string' || isRecord(payload['expect-ct-report']) || 'known-pins' in payload) {
    return { events: [], other: 1 };
  }
  throw invalid('neither a csp-report nor a Reporting API report');
}
