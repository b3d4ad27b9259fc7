import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { normalizeBreadcrumbs } from './breadcrumbs.js';
import { addUserAgentContexts, eventUserAgent, normalizeContexts } from './contexts.js';
import { BAG, trimBag, trimObjectBag } from './databag.js';
import { deriveCulprit, normalizeExceptions, normalizeThreadsAndStacktrace } from './exceptions.js';
import { canonicalizeInterfaces } from './interfaces/index.js';
import { normalizeLevel } from './level.js';
import { formatMessage, normalizeLogentry } from './logentry.js';
import { normalizeMetaFields } from './meta-fields.js';
import { normalizeRequest } from './request.js';
import { DEFAULT_MAX_EVENT_BYTES, enforceMaxSize } from './size.js';
import { addDerivedTags, normalizeTags } from './tags.js';
import { normalizeEventTimestamps } from './timestamps.js';
import { normalizeTransactionParts } from './transaction.js';
import { normalizeUser } from './user.js';
import { type EventError, isRecord, type JsonRecord, Report, stringField, truncate } from './util.js';

export type NormalizeContext = {
  projectId: number;
  /** When ingest received the envelope, in milliseconds since the epoch. */
  receivedAt: number;
  /** The envelope header `sent_at` (the SDK's clock when it sent), if any. */
  sentAt?: string | undefined;
  /** Client IP (first X-Forwarded-For entry or socket address), used for `{{auto}}` user IPs. */
  remoteAddr: string | null;
  /** The HTTP User-Agent of the ingest request (a browser's own UA for browser SDKs). */
  userAgent: string | null;
  itemType: 'event' | 'transaction' | 'feedback' | string;
  /** Upper bound for the normalized event's JSON size (default 1 MiB, Relay's default). */
  maxEventBytes?: number;
  /**
   * Optional: byte length of the payload `raw` was parsed from. When it is well under
   * `maxEventBytes` the size check is skipped (normalization only adds a bounded amount).
   */
  payloadBytes?: number;
};

/** Upper bound of what normalization adds (derived tags, contexts, errors, culprit, received). */
const MAX_GROWTH = 64 * 1024;

export type NormalizedEvent = {
  /** Sentry-normalized event JSON. */
  event: Record<string, unknown>;
  meta: { trimmed: string[] };
  /** Processing errors, shaped like Sentry's `event.errors`; also stored on `event.errors`. */
  errors: EventError[];
};

const EVENT_ID = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/;
const SECURITY_TYPES = ['csp', 'hpkp', 'expectct', 'expectstaple', 'nel'] as const;

/**
 * Relay-style normalization of one event payload (see docs/data-handling.md for every rule).
 *
 * Ownership: `raw` must be a freshly parsed JSON value that the caller hands over — nested
 * objects are normalized in place (no deep copy, for speed) and end up in the result.
 *
 * Never throws for any object input; a payload that is not a JSON object throws
 * `AppError('invalid_envelope')` (Relay rejects such items as invalid).
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): NormalizedEvent {
  if (!isRecord(raw)) {
    throw new AppError('invalid_envelope', 'event payload must be a JSON object');
  }
  const report = new Report();
  preformatLogentry(raw);
  const event = canonicalizeInterfaces(raw);
  const clientErrors = event.errors;
  delete event.errors;
  delete event._meta;

  normalizeEventId(event, report);
  const type = eventType(event, ctx.itemType);
  event.type = type;
  const isTransaction = type === 'transaction';

  const received = (Number.isFinite(ctx.receivedAt) ? ctx.receivedAt : Date.now()) / 1000;
  const shift = normalizeEventTimestamps(event, received, ctx.sentAt, report);

  const platform = stringField(event, 'platform', 64, report);
  if (platform === undefined || platform === '') event.platform = 'other';
  const level = normalizeLevel(event.level);
  if (event.level !== undefined && level === undefined) report.error('invalid_data', 'level', event.level);
  event.level = level ?? (isTransaction || type === 'feedback' ? 'info' : 'error');

  normalizeMetaFields(event, report);
  normalizeLogentry(event, report);
  normalizeExceptions(event, report);
  normalizeThreadsAndStacktrace(event, report);
  normalizeBreadcrumbs(event, shift, report);
  normalizeRequest(event, report);
  normalizeContexts(event, report);
  addUserAgentContexts(event, eventUserAgent(event, ctx.userAgent));
  normalizeUser(event, ctx.remoteAddr, report);
  const extra = trimObjectBag(event.extra, BAG.extra, 'extra', report);
  if (extra === undefined) delete event.extra;
  if (event.spans !== undefined || event.measurements !== undefined) normalizeTransactionParts(event, shift, report);
  if (isTransaction) {
    if (typeof event.transaction !== 'string' || event.transaction === '')
      event.transaction = '<unlabeled transaction>';
    if (event.start_timestamp === undefined) event.start_timestamp = event.timestamp;
  } else {
    const culprit = deriveCulprit(event);
    if (culprit !== undefined) event.culprit = culprit;
    else delete event.culprit;
  }

  const tags = normalizeTags(event.tags, report);
  addDerivedTags(event, tags);
  event.tags = tags;

  const maxBytes = ctx.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (ctx.payloadBytes === undefined || ctx.payloadBytes + MAX_GROWTH > maxBytes) {
    enforceMaxSize(event, maxBytes, report);
  }

  const errors = collectErrors(clientErrors, report);
  if (errors.length > 0) event.errors = errors;
  report.finish();
  return { event, meta: { trimmed: report.trimmed }, errors };
}

/**
 * Fills `logentry.formatted` before canonicalization so `{}`/`{0}`/`{name}` placeholders are
 * substituted as well as `%s`-style ones (copy-on-write: `raw` objects are not mutated).
 */
function preformatLogentry(raw: JsonRecord): void {
  for (const key of ['logentry', 'message', 'sentry.interfaces.Message'] as const) {
    const le = raw[key];
    if (!isRecord(le) || typeof le.message !== 'string' || typeof le.formatted === 'string') continue;
    if (le.params === undefined || le.message.length > 65536) continue;
    raw[key] = { ...le, formatted: formatMessage(le.message, le.params) };
  }
}

function normalizeEventId(event: JsonRecord, report: Report): void {
  const id = event.event_id;
  if (typeof id === 'string') {
    const lower = id.trim().toLowerCase();
    if (EVENT_ID.test(lower)) {
      event.event_id = lower;
      return;
    }
    if (UUID.test(lower)) {
      event.event_id = lower.replace(/-/g, '');
      return;
    }
  }
  if (id !== undefined && id !== null) report.error('invalid_data', 'event_id', id);
  event.event_id = randomUUID().replace(/-/g, '');
}

function eventType(event: JsonRecord, itemType: string): string {
  if (itemType === 'transaction') return 'transaction';
  if (itemType === 'feedback') return 'feedback';
  if (event.exception !== undefined) return 'error';
  for (const t of SECURITY_TYPES) if (isRecord(event[t])) return t;
  return 'default';
}

function collectErrors(client: unknown, report: Report): EventError[] {
  const out: EventError[] = [];
  if (Array.isArray(client)) {
    for (const e of client.slice(0, 50)) {
      if (isRecord(e) && typeof e.type === 'string') {
        const entry = trimBag({ ...e, type: truncate(e.type, 64) }, BAG.other, 'errors', report) as EventError;
        out.push(entry);
      }
    }
  }
  out.push(...report.errors);
  return out;
}
