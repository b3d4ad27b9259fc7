/**
 * The issue stream: organization and project issue lists (Sentry search syntax, sort, stats,
 * environment/project filters, keyset cursors) and the bulk mutations on the same URLs.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Db, Organization } from '../../storage/index.js';
import { deleteIssues } from '../../storage/issue-mutations.repository.js';
import {
  countIssues,
  currentIssueSnapshot,
  findIssueIdByShortId,
  findIssueIdsMatching,
  findIssuesWithProject,
  type IssueSnapshot,
  type IssueSort,
  searchIssues,
} from '../../storage/issue-search.repository.js';
import { type Cursor, parseCursor, parseLimit, setLinkHeader } from '../pagination.js';
import { type IssueFilter, issueWhere, parseIssueQuery } from '../search/index.js';
import { serializeIssue } from '../serializers/issue.js';
import { decodeShortId } from '../serializers/short-id.js';
import { buildIssueContext, type ProjectInfo } from './issue-context.js';
import { applyIssueUpdate, parseIssueUpdate } from './mutate.js';
import { parseStatsPeriod } from './stats-series.js';

const SORTS: Record<string, IssueSort> = {
  date: 'date',
  new: 'new',
  freq: 'freq',
  user: 'user',
  priority: 'priority',
  trends: 'priority',
  inbox: 'date',
};
const MAX_HITS = 1000;
/** Bulk updates by query touch at most this many issues (Sentry: 1000). */
const BULK_LIMIT = 1000;

export interface IssueScope {
  org: Organization;
  /** Projects searched (already filtered to what the caller can see). */
  projects: ProjectInfo[];
  viewerUserId: number | null;
}

function one(v: unknown): string | undefined {
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function many(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/**
 * The filters of a list/bulk request: `query` (absent → `is:unresolved`), `status`, `environment`,
 * `start`/`end`, and `statsPeriod` as a range when `groupStatsPeriod` is given.
 */
export function requestFilters(q: Record<string, unknown>, now: Date): IssueFilter[] {
  // sentry-cli's `issues resolve --all` sends `?status=unresolved` instead of a query.
  const status = one(q.status);
  const query = one(q.query) ?? (status ? '' : 'is:unresolved');
  const filters = parseIssueQuery(query, { now });
  if (status) filters.push(...parseIssueQuery(`is:${status.replace(/\s/g, '')}`, { now }));
  const envs = many(q.environment).filter((e) => e.length <= 256);
  if (envs.length > 0)
    filters.push({ kind: 'tag', keys: ['environment'], values: envs, wildcard: false, negated: false });
  // With `groupStatsPeriod` (Sentry's org stream), `statsPeriod` is the time range: issues seen in it.
  const range = one(q.groupStatsPeriod) !== undefined ? /^(\d{1,5})([mhdw])$/.exec(one(q.statsPeriod) ?? '') : null;
  if (range) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[range[2] as 'm' | 'h' | 'd' | 'w'];
    filters.push({
      kind: 'date',
      column: 'last_seen',
      op: '>=',
      at: new Date(now.getTime() - Number(range[1]) * unit),
    });
  }
  for (const [param, op] of [
    ['start', '>='],
    ['end', '<='],
  ] as const) {
    const raw = one(q[param]);
    if (!raw) continue;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) throw new AppError('bad_request', `Invalid ${param} parameter`);
    filters.push({ kind: 'date', column: 'last_seen', op, at: d });
  }
  return filters;
}

/** Cursor value `<sortValue>_<id>_<snapshotMs>_<maxId>`. */
function decodeIssueCursor(c: Cursor): { sortValue: number; id: number; snapshot: IssueSnapshot } {
  const m = /^(\d{1,16})_(\d{1,16})_(\d{1,16})_(\d{1,16})$/.exec(c.value);
  if (!m) throw new AppError('bad_request', 'Invalid cursor parameter.');
  return {
    sortValue: Number(m[1]),
    id: Number(m[2]),
    snapshot: { at: new Date(Number(m[3])), maxId: Number(m[4]) },
  };
}

function encodeIssueCursor(row: { sort_value: number; id: number }, snap: IssueSnapshot, isPrev: boolean): Cursor {
  return { value: `${row.sort_value}_${row.id}_${snap.at.getTime()}_${snap.maxId}`, offset: 0, isPrev };
}

export async function listIssues(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: IssueScope,
  baseUrl: string,
): Promise<unknown[]> {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const now = new Date();
  const sortRaw = one(q.sort) ?? 'date';
  const sort = SORTS[sortRaw];
  if (!sort) throw new AppError('bad_request', `Invalid sort: ${sortRaw}`);
  const period = parseStatsPeriod(one(q.groupStatsPeriod) ?? one(q.statsPeriod), '24h');
  if (period === 'invalid')
    throw new AppError('bad_request', 'Invalid stats_period. Valid choices are "", "24h", and "14d"');
  const limit = parseLimit(q, 25, 100);
  const projectIds = scope.projects.map((p) => p.id);
  const ctxFor = (issues: Parameters<typeof buildIssueContext>[1]['issues']) =>
    buildIssueContext(db, {
      baseUrl,
      organizationSlug: scope.org.slug,
      viewerUserId: scope.viewerUserId,
      issues,
      projects: scope.projects,
      ...(period ? { stats: [period] } : {}),
    });

  // `shortIdLookup=1` and a query that is a short id: that issue directly (Sentry's direct hit).
  const rawQuery = (one(q.query) ?? '').trim();
  if (one(q.shortIdLookup) === '1' && /^[A-Za-z0-9_-]+-[0-9A-Za-z]{1,10}$/.test(rawQuery)) {
    const short = decodeShortId(rawQuery);
    const id = short ? await findIssueIdByShortId(db, projectIds, short.slug, short.shortId) : undefined;
    if (id !== undefined) {
      const issues = await findIssuesWithProject(db, [id]);
      const ctx = await ctxFor(issues);
      reply.header('X-Sentry-Direct-Hit', '1');
      return issues.map((i) => serializeIssue(i, ctx));
    }
  }

  const where = issueWhere(requestFilters(q, now), { viewerUserId: scope.viewerUserId });
  const cursor = parseCursor(q.cursor);
  const decoded = cursor ? decodeIssueCursor(cursor) : undefined;
  const snapshot = decoded?.snapshot ?? (await currentIssueSnapshot(db));
  const [rows, hits] = await Promise.all([
    searchIssues(db, {
      projectIds,
      where,
      sort,
      limit,
      snapshot: decoded ? snapshot : undefined,
      position: decoded
        ? { keyset: { sortValue: decoded.sortValue, id: decoded.id }, direction: cursor!.isPrev ? 'before' : 'after' }
        : undefined,
    }),
    countIssues(db, projectIds, where, MAX_HITS),
  ]);
  const isPrev = cursor?.isPrev === true;
  const more = rows.length > limit;
  const page = isPrev ? rows.slice(rows.length - Math.min(rows.length, limit)) : rows.slice(0, limit);
  const first = page[0];
  const last = page.at(-1);
  const edge = { sort_value: decoded?.sortValue ?? 0, id: decoded?.id ?? 0 };
  setLinkHeader(reply, request, baseUrl, {
    previous: {
      cursor: encodeIssueCursor(first ?? edge, snapshot, true),
      results: isPrev ? more : decoded !== undefined && page.length > 0,
    },
    next: {
      cursor: encodeIssueCursor(last ?? edge, snapshot, false),
      results: isPrev ? decoded !== undefined : more,
    },
  });
  reply.header('X-Hits', String(hits));
  reply.header('X-Max-Hits', String(MAX_HITS));
  const ctx = await ctxFor(page);
  return page.map((i) => serializeIssue(i, ctx));
}

/** The issues a bulk request targets: `?id=…` (repeatable, must all be visible) or the query's matches. */
async function bulkTargets(db: Db, request: FastifyRequest, scope: IssueScope) {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const projectIds = scope.projects.map((p) => p.id);
  const rawIds = many(q.id);
  let ids: number[];
  if (rawIds.length > 0) {
    if (rawIds.length > BULK_LIMIT) throw new AppError('bad_request', `At most ${BULK_LIMIT} issues at once`);
    if (!rawIds.every((v) => /^\d{1,15}$/.test(v))) throw new AppError('bad_request', 'Invalid issue id');
    ids = [...new Set(rawIds.map(Number))];
  } else {
    const where = issueWhere(requestFilters(q, new Date()), { viewerUserId: scope.viewerUserId });
    ids = await findIssueIdsMatching(db, projectIds, where, BULK_LIMIT);
  }
  const visible = new Set(projectIds);
  return (await findIssuesWithProject(db, ids)).filter((i) => visible.has(i.project_id));
}

export async function bulkUpdateIssues(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: IssueScope,
): Promise<unknown> {
  const body = parseIssueUpdate(request.body);
  const issues = await bulkTargets(db, request, scope);
  if (issues.length === 0) return reply.status(204).send();
  return applyIssueUpdate({ db, org: scope.org, actorUserId: scope.viewerUserId }, issues, body);
}

export async function bulkDeleteIssues(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: IssueScope,
): Promise<unknown> {
  const issues = await bulkTargets(db, request, scope);
  if (issues.length > 0)
    await deleteIssues(
      db,
      issues.map((i) => i.id),
    );
  return reply.status(204).send();
}
