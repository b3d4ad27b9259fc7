/**
 * Validation and accounting of a parsed envelope: size limits per item type (413), JSON syntax
 * and depth of JSON items (400), container `item_count`, event ids, duplicate events; the data
 * categories and quantities of each item; which items are forwarded to the pipeline. Client
 * reports become outcomes here; unsupported item types are accepted and dropped.
 * Spec: docs/sentry-protocol.md §2.3, §3.
 */
import { AppError } from '../shared/errors.js';
import {
  categoryOfUnhandled,
  type DataCategory,
  type DiscardedEvents,
  discardedEvents,
  type Envelope,
  type EnvelopeItem,
  HANDLED_ITEM_TYPES,
  JSON_OK,
  JSON_TOO_DEEP,
  LIMITS,
  MAX_JSON_DEPTH,
  newEventId,
  normalizeEventId,
  scanJson,
  TopLevelFields,
} from './protocol/index.js';

export type Quantity = [category: DataCategory, quantity: number];

export interface InspectedItem {
  item: EnvelopeItem;
  quantities: Quantity[];
  /** Forwarded to the pipeline (false: consumed or dropped at ingest). */
  forward: boolean;
  /** Depends on the envelope's event (dropped with it when the event is rate limited). */
  eventBound: boolean;
  /** Counts against the DSN key's rate limit (error events). */
  keyLimited: boolean;
}

export interface InspectedEnvelope {
  envelope: Envelope;
  items: InspectedItem[];
  /** The event id to answer with (null: no event in the envelope). */
  eventId: string | null;
  /** The envelope header line to forward (rewritten when an event id had to be added). */
  headerRaw: Buffer;
  unsupported: Quantity[];
  clientDiscards: DiscardedEvents[];
}

const SECURITY_TYPES = new Set(['csp', 'hpkp', 'expectct', 'expectstaple', 'nel']);

const tooLarge = (type: string) =>
  new AppError('payload_too_large', `envelope exceeded size limits for type '${type}'`);

/** Top-level keys ingest reads from JSON items (the rest is the pipeline's business). */
const FIELDS = new TopLevelFields(['event_id', 'type', 'exception', 'items', 'aggregates']);
const F_EVENT_ID = FIELDS.indexOf('event_id');
const F_TYPE = FIELDS.indexOf('type');
const F_EXCEPTION = FIELDS.indexOf('exception');
const F_ITEMS = FIELDS.indexOf('items');
const F_AGGREGATES = FIELDS.indexOf('aggregates');

/**
 * Proves a JSON item well-formed, bounded in depth and an object, without building it (a parse
 * per request would cost more than all the rest of ingest); FIELDS holds its top-level facts.
 */
function scanJsonItem(item: EnvelopeItem): void {
  const type = item.header.type;
  const p = item.payload;
  if (p.length === 0) throw new AppError('invalid_envelope', `empty payload in item of type '${type}'`);
  const result = scanJson(p, 0, p.length, MAX_JSON_DEPTH, FIELDS);
  if (result === JSON_TOO_DEEP) {
    throw new AppError('invalid_envelope', `item of type '${type}' is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  if (result !== JSON_OK) throw new AppError('invalid_envelope', `invalid JSON in item of type '${type}'`);
  let first = 0;
  while (p[first] === 0x20 || p[first] === 0x0a || p[first] === 0x0d || p[first] === 0x09) first++;
  if (p[first] !== 0x7b /* { */) throw new AppError('invalid_envelope', `item of type '${type}' is not a JSON object`);
}

/** The value of a scanned top-level field (undefined when absent). */
function fieldValue(item: EnvelopeItem, field: number): unknown {
  const start = FIELDS.start[field]!;
  return start < 0 ? undefined : JSON.parse(item.payload.toString('utf8', start, FIELDS.end[field]));
}

/** Whether the scanned `exception` holds anything (an object, or a non-empty array). */
function hasException(item: EnvelopeItem): boolean {
  const start = FIELDS.start[F_EXCEPTION]!;
  if (start < 0) return false;
  const c = item.payload[start];
  return c === 0x7b /* { */ || (c === 0x5b /* [ */ && FIELDS.count[F_EXCEPTION]! > 0);
}

function eventCategory(item: EnvelopeItem): DataCategory {
  if (FIELDS.start[F_TYPE]! >= 0) {
    const t = fieldValue(item, F_TYPE);
    if (typeof t === 'string' && SECURITY_TYPES.has(t)) return 'security';
  }
  return hasException(item) ? 'error' : 'default';
}

/** The container's items (spans v2, logs, trace metrics), checked against `item_count`. */
function containerItems(item: EnvelopeItem): number {
  const type = item.header.type;
  const n = FIELDS.count[F_ITEMS]!;
  if (n < 0) throw new AppError('invalid_envelope', `item container of type '${type}' has no items array`);
  const declared = item.header.item_count;
  if (declared !== undefined && declared !== n) {
    throw new AppError('invalid_envelope', `item_count of '${type}' container does not match its items`);
  }
  if (n > LIMITS.maxContainerItems) throw tooLarge(type);
  return n;
}

export function inspectEnvelope(envelope: Envelope): InspectedEnvelope {
  const headerId = envelope.header.event_id;
  let eventId: string | null = null;
  if (headerId !== undefined && headerId !== null) {
    eventId = normalizeEventId(headerId);
    if (!eventId) throw new AppError('invalid_envelope', 'invalid event_id in envelope header');
  }
  const out: InspectedItem[] = [];
  const unsupported: Quantity[] = [];
  const clientDiscards: DiscardedEvents[] = [];
  let payloadEventId: string | null = null;
  let needsEventId = false;
  let events = 0;
  let sessions = 0;
  let attachmentBytes = 0;

  for (const item of envelope.items) {
    const type = item.header.type;
    const spec = Object.hasOwn(HANDLED_ITEM_TYPES, type) ? HANDLED_ITEM_TYPES[type] : undefined;
    if (!spec) {
      unsupported.push([categoryOfUnhandled(type), 1]);
      continue;
    }
    if (item.payload.length > spec.maxBytes) throw tooLarge(type);
    if (spec.json) scanJsonItem(item);
    const entry: InspectedItem = {
      item,
      quantities: [],
      forward: true,
      eventBound: !!spec.eventBound,
      keyLimited: false,
    };
    if (spec.eventBound) needsEventId = true;
    switch (type) {
      case 'event':
      case 'transaction': {
        if (++events > 1) throw new AppError('invalid_envelope', 'duplicate event item in envelope');
        const rawId = fieldValue(item, F_EVENT_ID);
        if (rawId !== undefined && rawId !== null) {
          const id = normalizeEventId(rawId);
          if (!id) throw new AppError('invalid_envelope', `invalid event_id in item of type '${type}'`);
          payloadEventId = id;
        }
        const category = type === 'transaction' ? 'transaction' : eventCategory(item);
        entry.quantities.push([category, 1]);
        entry.keyLimited = category !== 'transaction';
        break;
      }
      case 'feedback':
      case 'user_report':
        entry.quantities.push(['feedback', 1]);
        break;
      case 'attachment':
        attachmentBytes += item.payload.length;
        if (attachmentBytes > LIMITS.maxAttachmentsBytes) throw tooLarge(type);
        entry.quantities.push(['attachment', item.payload.length], ['attachment_item', 1]);
        break;
      case 'session':
        if (++sessions > LIMITS.maxSessions) throw tooLarge(type);
        entry.quantities.push(['session', 1]);
        break;
      case 'sessions': {
        const n = Math.max(0, FIELDS.count[F_AGGREGATES]!);
        if (n > LIMITS.maxSessions) throw tooLarge(type);
        entry.quantities.push(['session', Math.max(1, n)]);
        break;
      }
      case 'check_in':
        entry.quantities.push(['monitor', 1]);
        break;
      case 'client_report':
        clientDiscards.push(...discardedEvents(JSON.parse(item.payload.toString('utf8'))));
        entry.forward = false;
        break;
      case 'span': {
        const isContainer =
          item.header.item_count !== undefined ||
          (typeof item.header.content_type === 'string' && item.header.content_type.includes('span.v2')) ||
          FIELDS.count[F_ITEMS]! >= 0;
        entry.quantities.push(['span', isContainer ? containerItems(item) : 1]);
        break;
      }
      case 'log':
        entry.quantities.push(['log_item', containerItems(item)], ['log_byte', item.payload.length]);
        break;
      case 'trace_metric':
        entry.quantities.push(['trace_metric', containerItems(item)]);
        break;
    }
    out.push(entry);
  }

  let headerRaw = envelope.headerRaw;
  if (!eventId && needsEventId) {
    eventId = payloadEventId ?? newEventId();
    headerRaw = Buffer.from(JSON.stringify({ ...envelope.header, event_id: eventId }));
  }
  return { envelope, items: out, eventId, headerRaw, unsupported, clientDiscards };
}
