/**
 * The ingest endpoints on plain `node:http` request/response objects (docs/decisions/0002):
 *   POST /api/:projectId/envelope/   POST|GET /api/:projectId/store/   POST|GET /api/store/
 *   GET|POST /api/:projectId/cron/:monitorSlug/[:publicKey/]   (HTTP cron check-ins)
 *   POST /api/:projectId/security/   POST /api/:projectId/csp-report/   (browser CSP reports)
 * each with and without the trailing slash, plus OPTIONS preflights.
 *
 * Ingest is the hot path: per request it does less work than a web framework's request cycle
 * costs, so the listening server hands these paths to {@link IngestHttp.handle} before Fastify
 * sees them (see server/app.ts). Fastify still routes the same paths to the same function
 * (routes.ts), which is how `app.inject()` and anything the quick path match misses reach it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import { AppError, httpStatusOf } from '../shared/errors.js';
import { authFromRequest, isValidPublicKey, type RequestAuth } from './auth.js';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, requestOrigin } from './cors.js';
import { decompressBody } from './decompress.js';
import type { IngestService, RequestMeta } from './ingest-service.js';
import type { IngestKey } from './key-cache.js';
import {
  type Envelope,
  HANDLED_ITEM_TYPES,
  JSON_OK,
  LIMITS,
  MAX_JSON_DEPTH,
  newEventId,
  normalizeEventId,
  parseDsn,
  parseEnvelope,
  scanJson,
  singleItemEnvelope,
} from './protocol/index.js';
import { securityEvents } from './security-report.js';
import { parseStoreBody } from './store-body.js';

export interface IngestHttpLogger {
  error(obj: object, msg?: string): void;
}

export interface IngestHttpOptions {
  /** Take the client address from `X-Forwarded-For` (behind a reverse proxy). */
  trustProxy: boolean;
  log: IngestHttpLogger;
}

type Kind = 'envelope' | 'store' | 'cron' | 'security';

export interface IngestRoute {
  kind: Kind;
  /** The path's project id segment as written (undefined for `/api/store/`). */
  projectId: string | undefined;
  /** Cron check-ins: the monitor slug segment (still URL-encoded). */
  monitorSlug?: string;
  /** Cron check-ins: the DSN public key when the path carries it. */
  publicKey?: string;
}

interface Ctx {
  meta: RequestMeta;
  origin: string | null;
  auth: RequestAuth | null;
  key: IngestKey | null;
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PROJECT_ID = /^\d{1,10}$/;
const MAX_EVENT_BYTES = 1024 * 1024;
const JSON_TYPE = 'application/json';
/** Unread request bodies up to this size are drained (keep-alive); larger ones close the connection. */
const SMALL_UNREAD_BODY = 1024 * 1024;
const ERROR_TYPE = 'application/json; charset=utf-8';

/**
 * Which ingest endpoint a request path (query string allowed) names, or null. The project
 * segment is any non-empty segment here; it is validated when handled (400 for `/api/abc/…`).
 */
export function matchIngestPath(url: string): IngestRoute | null {
  // "/api/" + segment + "/" + (envelope|store) + optional "/" + optional "?…"
  if (url.length < 10 || url.charCodeAt(1) !== 0x61 /* a */ || !url.startsWith('/api/')) return null;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const end = path.charCodeAt(path.length - 1) === 0x2f ? path.length - 1 : path.length;
  const slash = path.indexOf('/', 5);
  if (slash < 0 || slash >= end) {
    // "/api/store" with nothing between.
    return path.slice(5, end) === 'store' ? { kind: 'store', projectId: undefined } : null;
  }
  const projectId = path.slice(5, slash);
  if (projectId === '') return null;
  const name = path.slice(slash + 1, end);
  if (name === 'envelope') return { kind: 'envelope', projectId };
  if (name === 'store') return { kind: 'store', projectId };
  if (name === 'security' || name === 'csp-report') return { kind: 'security', projectId };
  if (name.startsWith('cron/')) {
    // cron/<slug> or cron/<slug>/<key>
    const parts = name.slice(5).split('/');
    if (parts.length > 2 || parts[0] === '' || parts[1] === '') return null;
    return parts.length === 2
      ? { kind: 'cron', projectId, monitorSlug: parts[0]!, publicKey: parts[1]! }
      : { kind: 'cron', projectId, monitorSlug: parts[0]! };
  }
  return null;
}

/** Methods each endpoint answers; anything else falls through to the framework's 404/405. */
export function handlesMethod(route: IngestRoute, method: string | undefined): boolean {
  if (method === 'POST' || method === 'OPTIONS') return true;
  return method === 'GET' && (route.kind === 'store' || route.kind === 'cron');
}

/**
 * The `sentry_*` parameters of a query string (the only ones ingest reads), first value of each,
 * decoded like querystring.parse does. Cheaper than parsing every parameter of every request.
 */
export function sentryParams(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  const q = url.indexOf('?');
  if (q < 0) return out;
  let at = q + 1;
  while (at < url.length) {
    let amp = url.indexOf('&', at);
    if (amp < 0) amp = url.length;
    if (url.startsWith('sentry_', at)) {
      const eq = url.indexOf('=', at);
      const nameEnd = eq < 0 || eq > amp ? amp : eq;
      const name = url.slice(at, nameEnd);
      if (!Object.hasOwn(out, name)) {
        const raw = nameEnd === amp ? '' : url.slice(nameEnd + 1, amp);
        out[name] = raw.includes('%') || raw.includes('+') ? querystring.unescape(raw.replaceAll('+', ' ')) : raw;
      }
    }
    at = amp + 1;
  }
  return out;
}

const CRON_STATUSES = new Set(['in_progress', 'ok', 'error']);
/** What browsers post reports as (Relay's list plus the Reporting API's). */
const SECURITY_MIMES = new Set([
  'application/json',
  'application/csp-report',
  'application/reports+json',
  'application/expect-ct-report',
  'application/expect-ct-report+json',
  'application/expect-staple-report',
]);
const SECURITY_MAX_BYTES = HANDLED_ITEM_TYPES.event!.maxBytes;
const CHECK_IN_MAX_BYTES = HANDLED_ITEM_TYPES.check_in!.maxBytes;
const ZERO_UUID = '00000000000000000000000000000000';

/** The check-in parameters of a cron URL's query string (first value of each). */
function cronParams(url: string): Record<string, string> {
  const q = url.indexOf('?');
  if (q < 0) return {};
  const parsed = querystring.parse(url.slice(q + 1));
  const out: Record<string, string> = {};
  for (const name of ['status', 'check_in_id', 'environment', 'duration']) {
    const v = parsed[name];
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

function isBlank(buf: Buffer): boolean {
  for (const c of buf) if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  return true;
}

function parseCronBody(raw: Buffer): Record<string, unknown> {
  if (scanJson(raw, 0, raw.length, MAX_JSON_DEPTH) !== JSON_OK) {
    throw new AppError('bad_request', 'the check-in body is not valid JSON (or nested too deeply)');
  }
  const value = JSON.parse(raw.toString('utf8')) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('bad_request', 'the check-in body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The key in a cron path; a different key named elsewhere in the request is a conflict. */
function pathAuth(publicKey: string, other: RequestAuth | null): RequestAuth {
  if (!isValidPublicKey(publicKey)) throw new AppError('unauthorized', 'invalid public key');
  if (other && other.publicKey !== publicKey) throw new AppError('unauthorized', 'multiple authorization payloads');
  return other ?? { publicKey, client: null };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

function projectParam(route: IngestRoute): string | undefined {
  const pid = route.projectId;
  if (pid === undefined) return undefined;
  if (!PROJECT_ID.test(pid)) throw new AppError('bad_request', `invalid project id "${pid.slice(0, 40)}"`);
  return String(Number(pid));
}

/**
 * Reads a request body, up to `limit` bytes on the wire (413 past it). A class rather than
 * closures: the listeners are bound once per request, with no per-request function naming
 * (tsx keeps function names by defining `name` on every closure it creates).
 */
class BodyReader {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private resolve: (body: Buffer) => void = noop;
  private reject: (err: unknown) => void = noop;
  private readonly onData = this.data.bind(this);
  private readonly onEnd = this.end.bind(this);
  private readonly onError = this.error.bind(this);
  private readonly onClose = this.close.bind(this);

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
  ) {}

  read(): Promise<Buffer> {
    if (Number(this.req.headers['content-length']) > this.limit) return Promise.reject(this.tooLarge());
    const done = new Promise<Buffer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.req.on('data', this.onData);
    this.req.on('end', this.onEnd);
    this.req.on('error', this.onError);
    this.req.on('close', this.onClose);
    return done;
  }

  private tooLarge(): AppError {
    return new AppError('payload_too_large', `request body is larger than ${this.limit} bytes`);
  }

  private data(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.cleanup();
      this.reject(this.tooLarge());
      return;
    }
    this.chunks.push(chunk);
  }

  private end(): void {
    this.cleanup();
    this.resolve(this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size));
  }

  private error(err: Error): void {
    this.cleanup();
    this.reject(err);
  }

  private close(): void {
    if (!this.req.complete) this.error(new Error('client closed the request before its body ended'));
  }

  private cleanup(): void {
    this.req.removeListener('data', this.onData);
    this.req.removeListener('end', this.onEnd);
    this.req.removeListener('error', this.onError);
    this.req.removeListener('close', this.onClose);
  }
}

function noop(): void {}

export class IngestHttp {
  private closing = false;

  constructor(
    private readonly service: IngestService,
    private readonly opts: IngestHttpOptions,
  ) {}

  /** From now on requests are answered 503 (the server is shutting down). */
  close(): void {
    this.closing = true;
  }

  /** Handles one ingest request; `route` from {@link matchIngestPath}. Never throws. */
  handle(req: IncomingMessage, res: ServerResponse, route: IngestRoute): void {
    this.run(req, res, route).catch((err: unknown) => this.fail(req, res, err, {}));
  }

  private async run(req: IncomingMessage, res: ServerResponse, route: IngestRoute): Promise<void> {
    if (this.closing) {
      res.writeHead(503, { 'content-type': ERROR_TYPE, connection: 'close' });
      res.end('{"detail":"Service Unavailable"}');
      return;
    }
    const headers: Record<string, string> = {};
    const origin = requestOrigin(req.headers.origin, req.headers.referer);
    if (req.headers.origin) {
      headers['access-control-allow-origin'] = '*';
      headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS;
    }
    if (req.method === 'OPTIONS') {
      this.preflight(res);
      return;
    }
    const query = sentryParams(req.url ?? '/');
    const ctx: Ctx = {
      meta: { receivedAt: Date.now(), remoteAddr: this.clientAddress(req), userAgent: header(req, 'user-agent') },
      origin,
      auth: null,
      key: null,
    };
    try {
      ctx.auth = authFromRequest(req.headers, query);
      if (route.publicKey !== undefined) ctx.auth = pathAuth(route.publicKey, ctx.auth);
      const projectId = projectParam(route);
      if (ctx.auth) {
        ctx.key = await this.service.resolveKey(ctx.auth.publicKey, projectId, origin);
      } else if (route.kind !== 'envelope') {
        // Only envelopes can authenticate themselves (header `dsn`).
        throw new AppError('unauthorized', 'missing authorization information');
      }
      if (ctx.key) {
        if (origin && req.headers.origin && !ctx.key.allowedOrigins.includes('*')) {
          headers['access-control-allow-origin'] = req.headers.origin;
          headers.vary = 'Origin';
        }
        this.service.checkGlobal(ctx.key);
      }
      if (route.kind === 'envelope') await this.envelope(req, res, route, ctx, headers);
      else if (route.kind === 'cron') await this.cron(req, res, route, ctx, headers);
      else if (route.kind === 'security') await this.security(req, res, ctx, headers, query);
      else await this.store(req, res, route, ctx, headers, query);
    } catch (err) {
      if (ctx.key) this.service.recordRejected(ctx.key, err);
      // CORS headers go on errors too, so browsers can read the status and rate limits.
      this.fail(req, res, err, headers);
    }
  }

  private clientAddress(req: IncomingMessage): string | null {
    if (this.opts.trustProxy) {
      const fwd = header(req, 'x-forwarded-for');
      if (fwd) {
        const first = fwd.split(',', 1)[0]!.trim();
        if (first) return first;
      }
    }
    return req.socket.remoteAddress ?? null;
  }

  private preflight(res: ServerResponse): void {
    res.writeHead(200, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': CORS_ALLOW_HEADERS,
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      'access-control-max-age': '3600',
      'content-length': '0',
    });
    res.end();
  }

  private async body(req: IncomingMessage): Promise<Buffer> {
    const raw = await new BodyReader(req, LIMITS.maxRequestBytes).read();
    return decompressBody(raw, req.headers['content-encoding'], LIMITS.maxEnvelopeBytes);
  }

  /** Auth from the envelope header `dsn` when the request had none; mismatches → 400. */
  private async keyForEnvelope(route: IngestRoute, ctx: Ctx, envelope: Envelope): Promise<IngestKey> {
    const rawDsn = envelope.header.dsn;
    if (rawDsn !== undefined && rawDsn !== null) {
      const dsn = parseDsn(rawDsn);
      if (!dsn || !isValidPublicKey(dsn.publicKey)) throw new AppError('bad_request', 'invalid dsn in envelope header');
      const projectId = projectParam(route);
      if (projectId !== undefined && dsn.projectId !== projectId) {
        throw new AppError('bad_request', 'header mismatch: the envelope dsn names another project');
      }
      if (ctx.auth && ctx.auth.publicKey !== dsn.publicKey) {
        throw new AppError('bad_request', 'header mismatch: the envelope dsn names another key');
      }
      if (!ctx.key) {
        ctx.key = await this.service.resolveKey(dsn.publicKey, dsn.projectId, ctx.origin);
        this.service.checkGlobal(ctx.key);
      }
    }
    if (!ctx.key) throw new AppError('unauthorized', 'missing authorization information');
    return ctx.key;
  }

  private async respond(
    res: ServerResponse,
    headers: Record<string, string>,
    key: IngestKey,
    ctx: Ctx,
    envelope: Envelope,
    raw: Buffer,
    gif = false,
  ): Promise<void> {
    const result = await this.service.accept(key, envelope, raw, ctx.meta);
    if (result.status === 429) {
      throw new AppError('rate_limited', 'Rate limit exceeded for this DSN key', { headers: result.headers ?? {} });
    }
    if (gif) {
      headers['content-type'] = 'image/gif';
      res.writeHead(200, headers).end(GIF);
      return;
    }
    headers['content-type'] = JSON_TYPE;
    res.writeHead(200, headers).end(result.eventId ? `{"id":"${result.eventId}"}` : '{}');
  }

  private async envelope(
    req: IncomingMessage,
    res: ServerResponse,
    route: IngestRoute,
    ctx: Ctx,
    headers: Record<string, string>,
  ): Promise<void> {
    const raw = await this.body(req);
    const envelope = parseEnvelope(raw);
    const key = await this.keyForEnvelope(route, ctx, envelope);
    await this.respond(res, headers, key, ctx, envelope, raw);
  }

  private async store(
    req: IncomingMessage,
    res: ServerResponse,
    route: IngestRoute,
    ctx: Ctx,
    headers: Record<string, string>,
    query: Record<string, string>,
  ): Promise<void> {
    const key = ctx.key;
    if (!key) throw new AppError('unauthorized', 'missing authorization information');
    let raw: Buffer;
    if (req.method === 'GET') {
      const data = query.sentry_data;
      if (typeof data !== 'string' || data === '') throw new AppError('bad_request', 'missing sentry_data');
      raw = Buffer.from(data);
    } else {
      raw = await this.body(req);
    }
    const contentType = header(req, 'content-type') ?? '';
    if (contentType.startsWith('application/x-sentry-envelope')) {
      const envelope = parseEnvelope(raw);
      await this.respond(res, headers, await this.keyForEnvelope(route, ctx, envelope), ctx, envelope, raw);
      return;
    }
    const { json, event } = parseStoreBody(raw, MAX_EVENT_BYTES);
    let eventId = newEventId();
    if (event.event_id !== undefined && event.event_id !== null) {
      const id = normalizeEventId(event.event_id);
      if (!id) throw new AppError('bad_request', 'invalid event_id');
      eventId = id;
    }
    const type = event.type === 'transaction' ? 'transaction' : 'event';
    const envelopeBytes = singleItemEnvelope({ event_id: eventId }, type, json);
    await this.respond(res, headers, key, ctx, parseEnvelope(envelopeBytes), envelopeBytes, req.method === 'GET');
  }

  /**
   * An HTTP cron check-in (`curl …/cron/<slug>/<key>/?status=ok`), as Relay's cron endpoint takes
   * it: `status` (in_progress, ok, error), optional `check_in_id` (default: the all-zero id, "the
   * monitor's latest in-progress check-in"), `environment`, `duration` (seconds); a POST body may
   * be a JSON object with `monitor_config` (upsert) and the same fields. Enqueued as a `check_in`
   * envelope item; answered 202 with no body.
   */
  private async cron(
    req: IncomingMessage,
    res: ServerResponse,
    route: IngestRoute,
    ctx: Ctx,
    headers: Record<string, string>,
  ): Promise<void> {
    const key = ctx.key;
    if (!key) throw new AppError('unauthorized', 'missing authorization information');
    const params = cronParams(req.url ?? '/');
    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      const raw = await this.body(req);
      if (raw.length > CHECK_IN_MAX_BYTES) throw new AppError('payload_too_large', 'check-in body is too large');
      if (raw.length > 0 && !isBlank(raw)) body = parseCronBody(raw);
    }
    const pick = (name: string): unknown => params[name] ?? body[name];
    const status = pick('status');
    if (typeof status !== 'string' || !CRON_STATUSES.has(status)) {
      throw new AppError('bad_request', 'invalid or missing check-in status (in_progress, ok or error)');
    }
    let slug: string;
    try {
      slug = decodeURIComponent(route.monitorSlug ?? '');
    } catch {
      throw new AppError('bad_request', 'invalid monitor slug');
    }
    if (slug === '' || slug.length > 128) throw new AppError('bad_request', 'invalid monitor slug');
    const rawId = pick('check_in_id');
    const checkInId = rawId === undefined || rawId === '' ? ZERO_UUID : normalizeEventId(rawId);
    if (!checkInId) throw new AppError('bad_request', 'invalid check_in_id');
    const checkIn: Record<string, unknown> = { check_in_id: checkInId, monitor_slug: slug, status };
    const environment = pick('environment');
    if (typeof environment === 'string' && environment !== '') checkIn.environment = environment.slice(0, 64);
    const duration = pick('duration');
    if (duration !== undefined && duration !== '') {
      const seconds = Number(duration);
      if (!Number.isFinite(seconds) || seconds < 0) throw new AppError('bad_request', 'invalid duration');
      checkIn.duration = seconds;
    }
    if (body.monitor_config !== undefined) checkIn.monitor_config = body.monitor_config;
    const bytes = singleItemEnvelope({}, 'check_in', Buffer.from(JSON.stringify(checkIn)));
    const result = await this.service.accept(key, parseEnvelope(bytes), bytes, ctx.meta);
    if (result.status === 429) {
      throw new AppError('rate_limited', 'Rate limit exceeded for this DSN key', { headers: result.headers ?? {} });
    }
    headers['content-length'] = '0';
    res.writeHead(202, headers).end();
  }

  /**
   * Browser CSP reports (`report-uri` / `report-to` pointing at the DSN's security URL), turned
   * into `csp` events the way Relay does (security-report.ts); each event is enqueued as its own
   * envelope. `sentry_release` / `sentry_environment` query parameters tag them. Reports of other
   * kinds are counted as filtered. 415 for content types browsers do not use for reports.
   */
  private async security(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: Ctx,
    headers: Record<string, string>,
    query: Record<string, string>,
  ): Promise<void> {
    const key = ctx.key;
    if (!key) throw new AppError('unauthorized', 'missing authorization information');
    const mime = (header(req, 'content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (!SECURITY_MIMES.has(mime)) {
      throw new AppError(
        'unsupported_media_type',
        `unsupported content type for security reports: "${mime.slice(0, 60)}"`,
      );
    }
    const raw = await this.body(req);
    if (raw.length === 0) throw new AppError('bad_request', 'empty security report');
    if (raw.length > SECURITY_MAX_BYTES) throw new AppError('payload_too_large', 'security report is too large');
    const scanned = scanJson(raw, 0, raw.length, MAX_JSON_DEPTH);
    if (scanned !== JSON_OK) throw new AppError('bad_request', 'invalid security report: not valid JSON');
    const { events, other } = securityEvents(JSON.parse(raw.toString('utf8')), {
      release: query.sentry_release,
      environment: query.sentry_environment,
      newEventId,
    });
    if (other > 0)
      this.service.recordFiltered(key, 'security', 'unsupported_security_report', other, ctx.meta.receivedAt);
    for (const event of events) {
      const bytes = singleItemEnvelope({ event_id: event.event_id }, 'event', Buffer.from(JSON.stringify(event)));
      const result = await this.service.accept(key, parseEnvelope(bytes), bytes, ctx.meta);
      if (result.status === 429) {
        throw new AppError('rate_limited', 'Rate limit exceeded for this DSN key', { headers: result.headers ?? {} });
      }
    }
    headers['content-length'] = '0';
    res.writeHead(200, headers).end();
  }

  /** Answers an error with Sentry's body shape `{"detail": …}`; 5xx are logged. */
  private fail(req: IncomingMessage, res: ServerResponse, err: unknown, headers: Record<string, string>): void {
    const status = httpStatusOf(err);
    // A full spool answers 503 to every request until the pipeline catches up: not worth a log line each.
    const backpressure = err instanceof AppError && err.code === 'unavailable' && err.cause === undefined;
    if (status >= 500 && !backpressure) this.opts.log.error({ err }, 'ingest request failed');
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    if (err instanceof AppError && err.headers) Object.assign(headers, err.headers);
    headers['content-type'] = ERROR_TYPE;
    // A large body we did not read (413, early errors) is not worth receiving: close after the
    // answer instead of letting node drain it. Small ones are drained and the connection kept.
    if (!req.complete && !(Number(req.headers['content-length']) <= SMALL_UNREAD_BODY)) headers.connection = 'close';
    const detail = status >= 500 && !(err instanceof AppError) ? 'Internal error' : (err as Error).message;
    res.writeHead(status, headers).end(JSON.stringify({ detail }));
  }
}
