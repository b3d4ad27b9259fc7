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
  jsonTooDeep,
  LIMITS,
  MAX_JSON_DEPTH,
  newEventId,
  normalizeEventId,
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

function parseJsonItem(item: EnvelopeItem): Record<string, unknown> {
  const type = item.header.type;
  if (item.payload.length === 0) throw new AppError('invalid_envelope', `empty payload in item of type '${type}'`);
  if (jsonTooDeep(item.payload, 0, item.payload.length, MAX_JSON_DEPTH)) {
    throw new AppError('invalid_envelope', `item of type '${type}' is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(item.payload.toString('utf8'));
  } catch {
    throw new AppError('invalid_envelope', `invalid JSON in item of type '${type}'`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('invalid_envelope', `item of type '${type}' is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function eventCategory(event: Record<string, unknown>): DataCategory {
  if (typeof event.type === 'string' && SECURITY_TYPES.has(event.type)) return 'security';
  const exc = event.exception;
  if (Array.isArray(exc) ? exc.length > 0 : exc && typeof exc === 'object') return 'error';
  return 'default';
}

/** The container's items (spans v2, logs, trace metrics), checked against `item_count`. */
function containerItems(item: EnvelopeItem, payload: Record<string, unknown>): number {
  const type = item.header.type;
  const list = payload.items;
  if (!Array.isArray(list))
    throw new AppError('invalid_envelope', `item container of type '${type}' has no items array`);
  const declared = item.header.item_count;
  if (declared !== undefined && declared !== list.length) {
    throw new AppError('invalid_envelope', `item_count of '${type}' container does not match its items`);
  }
  if (list.length > LIMITS.maxContainerItems) throw tooLarge(type);
  return list.length;
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
    const payload = spec.json ? parseJsonItem(item) : null;
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
        const p = payload!;
        if (p.event_id !== undefined && p.event_id !== null) {
          const id = normalizeEventId(p.event_id);
          if (!id) throw new AppError('invalid_envelope', `invalid event_id in item of type '${type}'`);
          payloadEventId = id;
        }
        const category = type === 'transaction' ? 'transaction' : eventCategory(p);
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
        const aggregates = payload!.aggregates;
        const n = Array.isArray(aggregates) ? aggregates.length : 0;
        if (n > LIMITS.maxSessions) throw tooLarge(type);
        entry.quantities.push(['session', Math.max(1, n)]);
        break;
      }
      case 'check_in':
        entry.quantities.push(['monitor', 1]);
        break;
      case 'client_report':
        clientDiscards.push(...discardedEvents(payload));
        entry.forward = false;
        break;
      case 'span': {
        const isContainer =
          item.header.item_count !== undefined ||
          (typeof item.header.content_type === 'string' && item.header.content_type.includes('span.v2')) ||
          Array.isArray(payload!.items);
        entry.quantities.push(['span', isContainer ? containerItems(item, payload!) : 1]);
        break;
      }
      case 'log':
        entry.quantities.push(['log_item', containerItems(item, payload!)], ['log_byte', item.payload.length]);
        break;
      case 'trace_metric':
        entry.quantities.push(['trace_metric', containerItems(item, payload!)]);
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
