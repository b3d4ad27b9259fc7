import type { JsonRecord, Report } from './util.js';

/** Below this drift between the SDK's `sent_at` and our receive time we trust the SDK clock. */
export const MIN_CLOCK_DRIFT_SECONDS = 55;
/** Relay's defaults: events may be at most 60 s in the future and 30 days in the past. */
export const MAX_SECONDS_IN_FUTURE = 60;
export const MAX_SECONDS_IN_PAST = 30 * 24 * 3600;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * Unix seconds (float) from a number or a string: RFC 3339 / ISO 8601 with or without fraction
 * and offset (naive means UTC, as in Relay), or a numeric string. Undefined when unparseable or
 * outside years 1970..9999.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return valid(value);
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const s = value.trim();
  const m = ISO.exec(s);
  if (m === null) {
    if (/^-?\d+(?:\.\d+)?$/.test(s)) return valid(Number(s));
    return undefined;
  }
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (!Number.isFinite(ms)) return undefined;
  let seconds = ms / 1000 + (m[7] === undefined ? 0 : Number(m[7]));
  if (m[9] !== undefined) {
    const offset = Number(m[10]) * 3600 + Number(m[11] ?? 0) * 60;
    seconds -= m[9] === '-' ? -offset : offset;
  }
  return valid(seconds);
}

function valid(seconds: number): number | undefined {
  return Number.isFinite(seconds) && seconds >= 0 && seconds < 253402300800 ? seconds : undefined;
}

export function toIso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/** Rounds to microseconds (what Relay keeps) so float noise does not leak into stored JSON. */
export function roundTs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/**
 * Sets `received`, normalizes `timestamp`/`start_timestamp`, and returns the clock-drift shift
 * (seconds to add to every SDK timestamp: breadcrumbs, spans) — 0 when no correction applies.
 */
export function normalizeEventTimestamps(
  event: JsonRecord,
  received: number,
  sentAt: string | undefined,
  report: Report,
): number {
  event.received = roundTs(received);
  let timestamp = parseTimestamp(event.timestamp);
  if (event.timestamp !== undefined && timestamp === undefined) {
    report.error('invalid_data', 'timestamp', event.timestamp);
  }
  let start = parseTimestamp(event.start_timestamp);
  if (event.start_timestamp !== undefined && start === undefined) {
    report.error('invalid_data', 'start_timestamp', event.start_timestamp);
    delete event.start_timestamp;
  }

  let shift = 0;
  const sent = sentAt === undefined ? undefined : parseTimestamp(sentAt);
  if (sent !== undefined) {
    const drift = received - sent;
    if (Math.abs(drift) >= MIN_CLOCK_DRIFT_SECONDS) {
      shift = drift;
      report.error('clock_drift', 'timestamp', { sdk_time: toIso(sent), server_time: toIso(received) });
    }
  }
  if (timestamp !== undefined) timestamp += shift;
  if (start !== undefined) start += shift;

  if (timestamp === undefined) {
    timestamp = received;
  } else if (timestamp > received + MAX_SECONDS_IN_FUTURE || timestamp < received - MAX_SECONDS_IN_PAST) {
    const type = timestamp > received ? 'future_timestamp' : 'past_timestamp';
    report.error(type, 'timestamp', toIso(timestamp));
    // Keep a transaction's duration when its end is moved to the receive time.
    if (start !== undefined) start += received - timestamp;
    timestamp = received;
  }
  event.timestamp = roundTs(timestamp);
  if (start !== undefined) event.start_timestamp = roundTs(start);
  return shift;
}

/** Normalizes a nested timestamp field (breadcrumb, span) in place; drops it when invalid. */
export function normalizeNestedTimestamp(obj: JsonRecord, key: string, shift: number): number | undefined {
  const raw = obj[key];
  if (raw === undefined) return undefined;
  const ts = parseTimestamp(raw);
  if (ts === undefined) {
    delete obj[key];
    return undefined;
  }
  const out = roundTs(ts + shift);
  obj[key] = out;
  return out;
}
