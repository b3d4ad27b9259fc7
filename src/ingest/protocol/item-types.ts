/**
 * Envelope item types we handle, their payload kinds and size limits (Relay `Limits::default`).
 * Spec: https://develop.sentry.dev/sdk/foundations/transport/envelope-items/ (docs/sentry-protocol.md §2.3, §3.4).
 */
import type { DataCategory } from './data-category.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface ItemTypeSpec {
  /** JSON payloads are validated (depth, syntax, object shape); attachments are raw bytes. */
  json: boolean;
  /** Payload is an item container `{"items": [...]}` (needs `item_count`). */
  container?: boolean;
  /** Largest payload accepted for one item. */
  maxBytes: number;
  /** The item carries or belongs to the envelope's event (an event id is required). */
  eventBound?: boolean;
}

/** Items ingest accepts and forwards to the pipeline. Everything else is accepted and dropped. */
export const HANDLED_ITEM_TYPES: Readonly<Record<string, ItemTypeSpec>> = {
  event: { json: true, maxBytes: 1 * MiB, eventBound: true },
  transaction: { json: true, maxBytes: 1 * MiB, eventBound: true },
  feedback: { json: true, maxBytes: 1 * MiB, eventBound: true },
  user_report: { json: true, maxBytes: 1 * MiB, eventBound: true },
  attachment: { json: false, maxBytes: 100 * MiB, eventBound: true },
  session: { json: true, maxBytes: 1 * MiB },
  sessions: { json: true, maxBytes: 1 * MiB },
  check_in: { json: true, maxBytes: 100 * KiB },
  client_report: { json: true, maxBytes: 4 * KiB },
  span: { json: true, maxBytes: 1 * MiB },
  log: { json: true, container: true, maxBytes: 1 * MiB },
  trace_metric: { json: true, container: true, maxBytes: 1 * MiB },
};

export const LIMITS = {
  /** Request body on the wire (compressed or not). */
  maxRequestBytes: 40 * MiB,
  /** Whole envelope after decompression (Relay `max_envelope_size`). */
  maxEnvelopeBytes: 100 * MiB,
  /** All attachments of one envelope (Relay `max_attachments_size`). */
  maxAttachmentsBytes: 100 * MiB,
  /** `session` items per envelope and buckets per `sessions` item (Relay `max_session_count`). */
  maxSessions: 100,
  /** Items in one container (spans/logs/metrics). */
  maxContainerItems: 1000,
} as const;

/** Outcome category of an item type that is not handled (Relay `ItemType` → `DataCategory`). */
export function categoryOfUnhandled(type: string): DataCategory {
  switch (type) {
    case 'profile':
    case 'profile_chunk':
      return 'profile';
    case 'replay_event':
    case 'replay_recording':
    case 'replay_video':
      return 'replay';
    case 'security':
    case 'raw_security':
    case 'nel':
      return 'security';
    default:
      return 'unknown';
  }
}
