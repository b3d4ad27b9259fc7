/**
 * Issues → Sentry's group JSON (`src/sentry/api/serializers/models/group.py`,
 * `BaseGroupSerializerResponse` + `StreamGroupSerializer` stats). Everything that needs a query
 * (viewer state, assignees, stats) is loaded for the whole page first and passed in.
 */

import type { Team, User } from '../../storage/index.js';
import type { IssueRow } from '../../storage/issue-search.repository.js';
import { isObject } from './guards.js';
import { type ProjectSummary, serializeProjectSummary } from './project-summary.js';
import { formatShortId } from './short-id.js';

export type StatsSeries = Array<[number, number]>;

export interface IssueSerializeContext {
  baseUrl: string;
  organizationSlug: string;
  projects: Map<number, { id: number; name: string; slug: string; platform: string | null }>;
  users: Map<number, User>;
  teams: Map<number, Team>;
  bookmarked: Set<number>;
  seen: Map<number, Date>;
  subscriptions: Map<number, { active: boolean; reason: string }>;
  /** `{"24h": series}` per issue id, when stats were requested. */
  stats?: Map<number, Record<string, StatsSeries>>;
}

export type AssignedTo =
  | { type: 'user'; id: string; name: string; email: string }
  | { type: 'team'; id: string; name: string };

export function serializeAssignee(
  row: Pick<IssueRow, 'assignee_user_id' | 'assignee_team_id'>,
  users: Map<number, User>,
  teams: Map<number, Team>,
): AssignedTo | null {
  if (row.assignee_user_id !== null) {
    const u = users.get(row.assignee_user_id);
    if (u) return { type: 'user', id: String(u.id), name: u.name || u.email, email: u.email };
  }
  if (row.assignee_team_id !== null) {
    const t = teams.get(row.assignee_team_id);
    if (t) return { type: 'team', id: String(t.id), name: t.slug };
  }
  return null;
}

export function statusDetails(row: IssueRow): Record<string, unknown> {
  if (row.status === 'resolved') {
    if (row.resolved_in_next_release) return { inNextRelease: true };
    if (row.resolved_in_release) return { inRelease: row.resolved_in_release };
    return {};
  }
  if (row.status === 'ignored') {
    if (row.substatus === 'archived_until_escalating') return { ignoreUntilEscalating: true };
    const d: Record<string, unknown> = {};
    if (row.ignore_until) d.ignoreUntil = new Date(row.ignore_until).toISOString();
    if (row.ignore_count !== null) d.ignoreCount = Number(row.ignore_count);
    if (row.ignore_window !== null) d.ignoreWindow = row.ignore_window;
    if (row.ignore_user_count !== null) d.ignoreUserCount = Number(row.ignore_user_count);
    if (row.ignore_user_window !== null) d.ignoreUserWindow = row.ignore_user_window;
    return d;
  }
  return {};
}

export function parseMetadata(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

/** Sentry derives a default priority from the level when none was set. */
function priority(level: string): 'high' | 'medium' | 'low' {
  if (level === 'fatal' || level === 'error') return 'high';
  if (level === 'warning') return 'medium';
  return 'low';
}

export function issuePermalink(baseUrl: string, orgSlug: string, id: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/organizations/${orgSlug}/issues/${id}/`;
}

export function serializeIssue(row: IssueRow, ctx: IssueSerializeContext): Record<string, unknown> {
  const project = ctx.projects.get(row.project_id);
  const projectJson: ProjectSummary = project
    ? serializeProjectSummary(project)
    : { id: String(row.project_id), name: '', slug: '', platform: null };
  const metadata = parseMetadata(row.metadata);
  const seenAt = ctx.seen.get(row.id);
  const sub = ctx.subscriptions.get(row.id);
  const out: Record<string, unknown> = {
    id: String(row.id),
    shareId: null,
    shortId: formatShortId(projectJson.slug, row.short_id),
    title: row.title,
    culprit: row.culprit,
    permalink: issuePermalink(ctx.baseUrl, ctx.organizationSlug, row.id),
    logger: row.logger,
    level: row.level,
    status: row.status,
    statusDetails: statusDetails(row),
    substatus: row.substatus,
    isPublic: false,
    platform: row.platform ?? projectJson.platform,
    priority: priority(row.level),
    priorityLockedAt: null,
    project: projectJson,
    type: row.type,
    issueType: row.type === 'transaction' ? 'performance' : 'error',
    issueCategory: row.type === 'transaction' ? 'performance' : 'error',
    metadata,
    numComments: row.num_comments,
    assignedTo: serializeAssignee(row, ctx.users, ctx.teams),
    isBookmarked: ctx.bookmarked.has(row.id),
    isSubscribed: sub?.active ?? false,
    subscriptionDetails: sub ? (sub.active ? { reason: sub.reason } : { disabled: true }) : null,
    hasSeen: seenAt !== undefined && seenAt.getTime() >= new Date(row.first_seen).getTime(),
    annotations: [],
    isUnhandled: metadata.handled === false || metadata.is_unhandled === true,
    count: String(row.times_seen),
    userCount: row.user_count,
    firstSeen: new Date(row.first_seen).toISOString(),
    lastSeen: new Date(row.last_seen).toISOString(),
  };
  const stats = ctx.stats?.get(row.id);
  if (stats) out.stats = stats;
  return out;
}
