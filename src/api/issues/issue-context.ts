/**
 * Loading what a page of issues needs to be serialized (projects, assignees, the viewer's
 * bookmarks/seen/subscriptions, stats) in a fixed number of queries, and loading one issue with
 * the access checks every `/issues/:id/…` route shares.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Db, Organization } from '../../storage/index.js';
import { loadViewerIssueState } from '../../storage/issue-activity.repository.js';
import { findTeamsByIds, findUsersByIds } from '../../storage/issue-mutations.repository.js';
import {
  findIssueIdByShortId,
  findIssuesWithProject,
  type IssueRow,
  type IssueWithProject,
} from '../../storage/issue-search.repository.js';
import {
  accessibleProjectIds,
  loadOrganization,
  loadProjectById,
  type ProjectAccess,
  requireScope,
} from '../auth/index.js';
import { type IssueSerializeContext, serializeIssue } from '../serializers/issue.js';
import { decodeShortId } from '../serializers/short-id.js';
import { loadIssueStats, type StatsPeriod } from './stats-series.js';

export const notFound = () => new AppError('not_found', 'The requested resource does not exist');

export interface ProjectInfo {
  id: number;
  name: string;
  slug: string;
  platform: string | null;
}

export async function buildIssueContext(
  db: Db,
  opts: {
    baseUrl: string;
    organizationSlug: string;
    viewerUserId: number | null;
    issues: Array<IssueRow & Partial<Pick<IssueWithProject, 'project_slug' | 'project_name' | 'project_platform'>>>;
    projects?: ProjectInfo[];
    stats?: StatsPeriod[];
  },
): Promise<IssueSerializeContext> {
  const ids = opts.issues.map((i) => i.id);
  const userIds = [...new Set(opts.issues.flatMap((i) => (i.assignee_user_id === null ? [] : [i.assignee_user_id])))];
  const teamIds = [...new Set(opts.issues.flatMap((i) => (i.assignee_team_id === null ? [] : [i.assignee_team_id])))];
  const [users, teams, viewer, stats] = await Promise.all([
    findUsersByIds(db, userIds),
    findTeamsByIds(db, teamIds),
    loadViewerIssueState(db, opts.viewerUserId, ids),
    opts.stats && opts.stats.length > 0 ? loadIssueStats(db, ids, opts.stats) : Promise.resolve(undefined),
  ]);
  const projects = new Map<number, ProjectInfo>();
  for (const p of opts.projects ?? []) projects.set(p.id, p);
  for (const i of opts.issues) {
    if (!projects.has(i.project_id) && i.project_slug !== undefined) {
      projects.set(i.project_id, {
        id: i.project_id,
        slug: i.project_slug,
        name: i.project_name ?? i.project_slug,
        platform: i.project_platform ?? null,
      });
    }
  }
  return {
    baseUrl: opts.baseUrl,
    organizationSlug: opts.organizationSlug,
    projects,
    users: new Map(users.map((u) => [u.id, u])),
    teams: new Map(teams.map((t) => [t.id, t])),
    bookmarked: viewer.bookmarked,
    seen: viewer.seen,
    subscriptions: viewer.subscriptions,
    ...(stats ? { stats } : {}),
  };
}

/** Serializes issues (already loaded with their project) for one viewer. */
export async function serializeIssues(
  db: Db,
  baseUrl: string,
  organizationSlug: string,
  viewerUserId: number | null,
  issues: IssueWithProject[],
  stats?: StatsPeriod[],
): Promise<Record<string, unknown>[]> {
  const ctx = await buildIssueContext(db, {
    baseUrl,
    organizationSlug,
    viewerUserId,
    issues,
    ...(stats ? { stats } : {}),
  });
  return issues.map((i) => serializeIssue(i, ctx));
}

export interface LoadedIssue {
  issue: IssueWithProject;
  access: ProjectAccess;
  org: Organization;
}

/**
 * One issue by id (or short id on organization paths), with the caller's access: 401 anonymous,
 * 403 token without `scope`, 404 unknown or invisible (another organization's issues never leak).
 */
export async function loadIssue(
  db: Db,
  request: FastifyRequest,
  rawId: unknown,
  scope: string,
  orgSlug?: string,
): Promise<LoadedIssue> {
  requireScope(request, scope);
  const raw = typeof rawId === 'string' ? rawId : '';
  let id: number | undefined;
  if (/^\d{1,15}$/.test(raw)) id = Number(raw);
  else if (orgSlug !== undefined) {
    const short = decodeShortId(raw);
    if (short) {
      const orgAccess = await loadOrganization(db, request, orgSlug, scope);
      const projectIds = await accessibleProjectIds(db, request, orgAccess.org.id);
      id = await findIssueIdByShortId(db, projectIds, short.slug, short.shortId);
    }
  }
  if (id === undefined) throw notFound();
  const [issue] = await findIssuesWithProject(db, [id]);
  if (!issue) throw notFound();
  const access = await loadProjectById(db, request, issue.project_id, scope);
  if (orgSlug !== undefined && access.org.slug !== orgSlug) throw notFound();
  return { issue, access, org: access.org };
}
