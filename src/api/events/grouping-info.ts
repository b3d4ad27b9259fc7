/**
 * `GET /api/0/projects/:org/:project/events/:eventId/grouping-info/` — why an event grouped the
 * way it did: every grouping variant with its hash and component tree, keyed by variant name as
 * Sentry's endpoint answers. Trees are stored in the event payload (`_grouping`); events stored
 * without them answer the variant summaries kept in `events.grouping`.
 */
import { AppError } from '../../shared/errors.js';
import { findEventRow } from '../../storage/event-read.repository.js';
import type { Db } from '../../storage/index.js';
import { decodeEventJson } from '../serializers/event.js';
import { arr, isObject, type JsonObject, str } from '../serializers/guards.js';
import { normalizeEventId } from './events.js';

const DESCRIPTIONS: Record<string, string> = {
  app: 'in-app',
  system: 'system',
  default: 'default',
  custom_fingerprint: 'custom fingerprint',
  built_in_fingerprint: 'Sentry defined fingerprint',
  fallback: 'fallback',
  checksum: 'legacy checksum',
  hashed_checksum: 'hashed legacy checksum',
};

const MAX_DEPTH = 24;

/** Sentry's component JSON: {id, name, contributes, hint, values}. */
function serializeComponent(c: unknown, depth = 0): JsonObject | string | null {
  if (typeof c === 'string') return c;
  if (!isObject(c) || depth > MAX_DEPTH) return null;
  const id = str(c.id) ?? '';
  return {
    id,
    name: id.replace(/[-_]/g, ' '),
    contributes: c.contributes === true,
    hint: str(c.hint) ?? null,
    values: arr(c.values)
      .slice(0, 500)
      .map((v) => serializeComponent(v, depth + 1))
      .filter((v) => v !== null),
  };
}

export function serializeGroupingInfo(grouping: unknown): JsonObject {
  if (!isObject(grouping)) return {};
  const config = str(grouping.config) ?? 'newstyle:2023-01-11';
  const out: JsonObject = {};
  for (const v of arr(grouping.variants).slice(0, 20)) {
    if (!isObject(v)) continue;
    const name = str(v.name);
    if (!name) continue;
    const hash = str(v.hash) ?? null;
    const type = str(v.type) ?? 'component';
    out[name] = {
      key: name,
      type,
      hash,
      hashMismatch: false,
      contributes: hash !== null,
      description: DESCRIPTIONS[name] ?? DESCRIPTIONS[type] ?? name.replace(/_/g, ' '),
      hint: null,
      config: { id: config },
      ...(v.component !== undefined ? { component: serializeComponent(v.component) } : {}),
      ...(Array.isArray(v.fingerprint) ? { values: arr(v.fingerprint).map(String) } : {}),
      ...(str(v.matchedRule) ? { matchedRule: str(v.matchedRule) } : {}),
      contributingValues: arr(v.contributingValues).map(String),
    };
  }
  return out;
}

export async function eventGroupingInfo(db: Db, projectId: number, rawEventId: unknown): Promise<JsonObject> {
  const id = normalizeEventId(rawEventId);
  const row = id ? await findEventRow(db, [projectId], id) : undefined;
  if (!row) throw new AppError('not_found', 'Event not found');
  const stored = decodeEventJson(row.data)._grouping;
  if (isObject(stored)) return serializeGroupingInfo(stored);
  try {
    return serializeGroupingInfo(row.grouping ? JSON.parse(row.grouping) : null);
  } catch {
    return {};
  }
}
