/**
 * Event reads: an issue's events (keyset-paginated, `full=true` for whole events), its latest /
 * oldest / recommended event, one event by id within an issue, a project, or an organization
 * (`eventids` resolution). Full events carry `previousEventID` / `nextEventID` within the issue.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import {
  type EventReadRow,
  findEventNeighbours,
  findEventRow,
  findIssueEdgeEvent,
  listIssueEventRows,
} from '../../storage/event-read.repository.js';
import type { Db } from '../../storage/index.js';
import type { LoadedIssue } from '../issues/issue-context.js';
import { type Cursor, parseCursor, parseLimit, setLinkHeader } from '../pagination.js';
import { eventWhere } from '../search/index.js';
import { eventCompleteness, serializeEvent, serializeEventSummary } from '../serializers/event.js';

const notFound = () => new AppError('not_found', 'Event not found');

/** A 32-hex event id (dashes allowed, any case), or null. */
export function normalizeEventId(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 40) return null;
  const id = raw.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(id) ? id : null;
}

function decodeEventCursor(c: Cursor): { timestampUs: number; eventId: string } {
  const m = /^(\d{1,17})_([0-9a-f]{32})$/.exec(c.value);
  if (!m) throw new AppError('bad_request', 'Invalid cursor parameter.');
  return { timestampUs: Number(m[1]), eventId: m[2]! };
}

export async function listIssueEvents(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  loaded: LoadedIssue,
  baseUrl: string,
): Promise<unknown[]> {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const full = q.full === 'true' || q.full === '1';
  const limit = parseLimit(q, full ? 50 : 100, 100);
  const query = typeof q.query === 'string' ? q.query : '';
  const cursor = parseCursor(q.cursor);
  const at = cursor ? decodeEventCursor(cursor) : undefined;
  const envs = (Array.isArray(q.environment) ? q.environment : [q.environment]).filter(
    (e): e is string => typeof e === 'string' && e !== '' && e.length <= 256,
  );
  const envQuery = envs.length > 0 ? ` environment:[${envs.map((e) => JSON.stringify(e)).join(',')}]` : '';
  const rows = await listIssueEventRows(db, loaded.issue.id, {
    limit,
    where: eventWhere(`${query}${envQuery}`),
    position: at && cursor ? { at, direction: cursor.isPrev ? 'before' : 'after' } : undefined,
  });
  const isPrev = cursor?.isPrev === true;
  const more = rows.length > limit;
  const page = isPrev ? rows.slice(Math.max(0, rows.length - limit)) : rows.slice(0, limit);
  const enc = (r: { ts_us: number; event_id: string } | undefined, prev: boolean): Cursor => ({
    value: r ? `${r.ts_us}_${r.event_id}` : at ? `${at.timestampUs}_${at.eventId}` : '0',
    offset: 0,
    isPrev: prev,
  });
  setLinkHeader(reply, request, baseUrl, {
    previous: { cursor: enc(page[0], true), results: isPrev ? more : at !== undefined && page.length > 0 },
    next: { cursor: enc(page.at(-1), false), results: isPrev ? at !== undefined : more },
  });
  return page.map((r) => (full ? serializeEvent(r) : serializeEventSummary(r)));
}

async function withNeighbours(db: Db, row: EventReadRow) {
  const neighbours =
    row.group_id === null
      ? { previous: null, next: null }
      : await findEventNeighbours(db, row.group_id, { timestamp: row.timestamp, eventId: row.event_id });
  return serializeEvent(row, neighbours);
}

/** How many recent events "recommended" looks at for the most complete one. */
const RECOMMENDED_WINDOW = 50;

export async function issueEvent(db: Db, loaded: LoadedIssue, which: string) {
  let row: EventReadRow | undefined;
  if (which === 'latest' || which === 'oldest') row = await findIssueEdgeEvent(db, loaded.issue.id, which);
  else if (which === 'recommended') {
    const recent = await listIssueEventRows(db, loaded.issue.id, { limit: RECOMMENDED_WINDOW - 1 });
    let best = -1;
    for (const r of recent) {
      const score = eventCompleteness(r);
      if (score > best) {
        best = score;
        row = r;
      }
    }
  } else {
    const id = normalizeEventId(which);
    if (!id) throw notFound();
    const found = await findEventRow(db, [loaded.issue.project_id], id);
    if (found && found.group_id === loaded.issue.id) row = found;
  }
  if (!row) throw notFound();
  return withNeighbours(db, row);
}

export async function projectEvent(db: Db, projectId: number, rawEventId: unknown) {
  const id = normalizeEventId(rawEventId);
  const row = id ? await findEventRow(db, [projectId], id) : undefined;
  if (!row) throw notFound();
  return withNeighbours(db, row);
}

/** `/organizations/:org/eventids/:id/` → `{organizationSlug, projectSlug, groupId, eventId, event}`. */
export async function resolveEventId(
  db: Db,
  orgSlug: string,
  projects: Array<{ id: number; slug: string }>,
  rawEventId: unknown,
) {
  // Sentry's `/organizations/:org/events/<project-slug>:<event-id>/` form names the project.
  let raw = typeof rawEventId === 'string' ? rawEventId : '';
  let candidates = projects;
  const colon = raw.lastIndexOf(':');
  if (colon > 0) {
    const slug = raw.slice(0, colon);
    candidates = projects.filter((p) => p.slug === slug);
    raw = raw.slice(colon + 1);
  }
  const id = normalizeEventId(raw);
  const row = id
    ? await findEventRow(
        db,
        candidates.map((p) => p.id),
        id,
      )
    : undefined;
  if (!row) throw notFound();
  const project = projects.find((p) => p.id === row.project_id)!;
  return {
    organizationSlug: orgSlug,
    projectSlug: project.slug,
    groupId: row.group_id === null ? null : String(row.group_id),
    eventId: row.event_id,
    event: await withNeighbours(db, row),
  };
}
