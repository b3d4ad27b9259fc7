/**
 * Stored events → Sentry's event JSON (`src/sentry/api/serializers/models/event.py`):
 * the full form (issue event detail, `full=true` lists) and the simple list form.
 */
import { gunzipSync } from 'node:zlib';
import type { EventReadRow } from '../../storage/event-read.repository.js';
import { serializeEntries } from './event-entries.js';
import { arr, isObject, type JsonObject, obj, pairs, scalarString, str } from './guards.js';

/** Decompressed events larger than this are not parsed (the pipeline bounds them far below). */
const MAX_EVENT_JSON = 32 * 1024 * 1024;

export function decodeEventJson(data: Uint8Array | null | undefined): JsonObject {
  if (!data || data.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(gunzipSync(data, { maxOutputLength: MAX_EVENT_JSON }).toString('utf8'));
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

const TAG_KEY_ALIASES: Record<string, string> = {
  'sentry:release': 'release',
  'sentry:user': 'user',
  'sentry:dist': 'dist',
};

/** `key=value` strings (the events.tags column) → Sentry's `[{key, value}]`, sorted by key. */
export function serializeEventTags(tags: readonly string[]): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const t of tags) {
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    const key = t.slice(0, eq);
    out.push({ key: TAG_KEY_ALIASES[key] ?? key, value: t.slice(eq + 1) });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Tags from the event JSON when the row has none (pairs or object). */
function tagsFromEvent(event: JsonObject): string[] {
  return pairs(event.tags).flatMap(([k, v]) => {
    const s = scalarString(v);
    return s === undefined ? [] : [`${k}=${s}`];
  });
}

export function serializeEventUser(event: JsonObject): JsonObject | null {
  const u = obj(event.user);
  if (!u) return null;
  const user = {
    id: scalarString(u.id) ?? null,
    email: str(u.email) ?? null,
    username: scalarString(u.username) ?? null,
    ip_address: str(u.ip_address) ?? null,
    name: str(u.name) ?? null,
    geo: obj(u.geo) ?? null,
    data: obj(u.data) ?? null,
  };
  return Object.values(user).some((v) => v !== null) ? user : null;
}

function sdk(event: JsonObject): JsonObject | null {
  const s = obj(event.sdk);
  if (!s) return null;
  return { name: str(s.name) ?? null, version: str(s.version) ?? null };
}

function release(row: EventReadRow): JsonObject | null {
  if (!row.release) return null;
  return { version: row.release, shortVersion: shortVersion(row.release) };
}

/** `package@1.2.3+abc` → `1.2.3`; a 40-char sha → its first 12 characters (as Sentry shows them). */
export function shortVersion(version: string): string {
  const at = version.lastIndexOf('@');
  let v = at > 0 ? version.slice(at + 1) : version;
  if (/^[0-9a-f]{40}$/i.test(v)) v = v.slice(0, 12);
  return v;
}

function message(row: EventReadRow, event: JsonObject): string {
  const logentry = obj(event.logentry);
  return str(logentry?.formatted) ?? str(logentry?.message) ?? str(event.message) ?? row.message ?? '';
}

function tagsOf(row: EventReadRow, event: JsonObject) {
  return serializeEventTags(row.tags.length > 0 ? row.tags : tagsFromEvent(event));
}

export interface EventNeighbours {
  previous: string | null;
  next: string | null;
}

/** The full event JSON. */
export function serializeEvent(row: EventReadRow, neighbours?: EventNeighbours): JsonObject {
  const event = decodeEventJson(row.data);
  const groupingConfig = obj(event.grouping_config);
  return {
    id: row.event_id,
    groupID: row.group_id === null ? null : String(row.group_id),
    eventID: row.event_id,
    projectID: String(row.project_id),
    size: row.size,
    entries: serializeEntries(event),
    dist: str(event.dist) ?? null,
    message: message(row, event),
    title: row.title,
    location: str(event.transaction) ?? str(event.culprit) ?? null,
    user: serializeEventUser(event),
    contexts: obj(event.contexts) ?? {},
    sdk: sdk(event),
    context: obj(event.extra) ?? {},
    packages: obj(event.modules) ?? {},
    type: row.type,
    metadata: obj(event.metadata) ?? {},
    tags: tagsOf(row, event),
    platform: row.platform ?? str(event.platform) ?? 'other',
    dateReceived: new Date(row.received_at).toISOString(),
    errors: arr(event.errors).filter(isObject).slice(0, 100),
    occurrence: null,
    _meta: obj(event._meta) ?? {},
    crashFile: null,
    culprit: str(event.culprit) ?? '',
    dateCreated: new Date(row.timestamp).toISOString(),
    fingerprints: row.hashes,
    groupingConfig: {
      id: str(groupingConfig?.id) ?? 'newstyle:2023-01-11',
      enhancements: str(groupingConfig?.enhancements) ?? '',
    },
    release: release(row),
    userReport: null,
    sdkUpdates: [],
    resolvedWith: [],
    nextEventID: neighbours?.next ?? null,
    previousEventID: neighbours?.previous ?? null,
  };
}

/** Sentry's `SimpleEventSerializer` (issue event lists without `full=true`). */
export function serializeEventSummary(row: EventReadRow, event?: JsonObject): JsonObject {
  const ev = event ?? decodeEventJson(row.data);
  return {
    id: row.event_id,
    'event.type': row.type,
    groupID: row.group_id === null ? null : String(row.group_id),
    eventID: row.event_id,
    projectID: String(row.project_id),
    message: message(row, ev),
    title: row.title,
    location: str(ev.transaction) ?? str(ev.culprit) ?? null,
    culprit: str(ev.culprit) ?? '',
    user: serializeEventUser(ev),
    tags: tagsOf(row, ev),
    platform: row.platform ?? str(ev.platform) ?? 'other',
    dateCreated: new Date(row.timestamp).toISOString(),
    crashFile: null,
  };
}

/**
 * How complete an event is, for "recommended event": a stack trace with in-app frames counts most,
 * then breadcrumbs, request, user, release, tags (Sentry prefers events with more context).
 */
export function eventCompleteness(row: EventReadRow): number {
  const event = decodeEventJson(row.data);
  let score = 0;
  const exceptions = arr(obj(event.exception)?.values ?? event.exception);
  const frames = exceptions.flatMap((e) => arr(obj(obj(e)?.stacktrace)?.frames));
  if (frames.length > 0) score += 4;
  if (frames.some((f) => obj(f)?.in_app === true)) score += 4;
  if (frames.some((f) => arr(obj(f)?.pre_context).length > 0 || str(obj(f)?.context_line))) score += 1;
  if (arr(obj(event.breadcrumbs)?.values ?? event.breadcrumbs).length > 0) score += 2;
  if (obj(event.request)) score += 1;
  if (obj(event.user)) score += 1;
  if (row.release) score += 1;
  if (row.environment) score += 1;
  return score;
}
