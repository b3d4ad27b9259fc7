/**
 * User feedback: `feedback` items (an event with `contexts.feedback`) and legacy `user_report`
 * items (`{event_id, name, email, comments}`). Both link to the associated error event's issue when
 * it is known (set when writing).
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../storage/index.js';
import { asRecord, derivedId, gzipJson, type JsonRecord, str, strOrNull, toDate, uuidHex } from './common.js';
import type { ItemContext } from './context.js';

type FeedbackRow = Insertable<Database['feedback']>;

/** A (normalized, scrubbed) feedback event → row; undefined without an id or a message. */
export function feedbackRow(event: JsonRecord, ctx: ItemContext): FeedbackRow | undefined {
  const fb = asRecord(asRecord(event.contexts)?.feedback);
  const eventId = uuidHex(event.event_id) ?? ctx.envelopeEventId;
  const message = str(fb?.message, 10_000);
  if (!fb || !eventId || !message) return undefined;
  return {
    project_id: ctx.projectId,
    event_id: eventId,
    associated_event_id: uuidHex(fb.associated_event_id) ?? null,
    group_id: null,
    kind: 'feedback',
    message,
    contact_email: strOrNull(fb.contact_email, 256),
    name: strOrNull(fb.name, 256),
    url: strOrNull(fb.url, 2048),
    environment: strOrNull(event.environment, 64),
    release: strOrNull(event.release, 250),
    timestamp: toDate(event.timestamp) ?? ctx.receivedAt,
    received_at: ctx.receivedAt,
    data: gzipJson(event),
  };
}

/** Legacy user report; its id is derived from the event it comments on (one report per event). */
export function userReportRow(p: JsonRecord, ctx: ItemContext): FeedbackRow | undefined {
  const associated = uuidHex(p.event_id) ?? ctx.envelopeEventId;
  const comments = str(p.comments, 10_000);
  if (!associated || !comments) return undefined;
  return {
    project_id: ctx.projectId,
    event_id: derivedId('user-report', associated),
    associated_event_id: associated,
    group_id: null,
    kind: 'user_report',
    message: comments,
    contact_email: strOrNull(p.email, 256),
    name: strOrNull(p.name, 256),
    url: null,
    environment: null,
    release: null,
    timestamp: ctx.receivedAt,
    received_at: ctx.receivedAt,
    data: null,
  };
}
