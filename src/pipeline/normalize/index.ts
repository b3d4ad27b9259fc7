/**
 * Event normalization (Relay's "store normalization"): turns an SDK event payload into the
 * Sentry-normalized event the pipeline groups, scrubs and stores. See docs/data-handling.md.
 *
 *   const { event, meta, errors } = normalizeEvent(JSON-parsed payload, ctx);
 *
 * `normalizeEvent` takes ownership of its input (nested objects are normalized in place) and
 * throws `AppError('invalid_envelope')` only when the payload is not a JSON object.
 */

export { type NormalizeContext, type NormalizedEvent, normalizeEvent } from './normalize-event.js';
export { parseEventJson } from './parse-json.js';
export { userTagValue } from './tags.js';
export { MIN_CLOCK_DRIFT_SECONDS, parseTimestamp } from './timestamps.js';
export type { EventError } from './util.js';
