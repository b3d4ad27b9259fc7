/** One issue: detail JSON (Sentry's `GroupDetailsEndpoint`), update, delete. */

import { listIssueTagSummary } from '../../storage/event-read.repository.js';
import type { Db, User } from '../../storage/index.js';
import { listIssueActivities, listIssueSeenBy } from '../../storage/issue-activity.repository.js';
import { deleteIssues, findUsersByIds } from '../../storage/issue-mutations.repository.js';
import { findIssuesWithProject } from '../../storage/issue-search.repository.js';
import { firstSeenActivity, serializeActivity } from '../serializers/activity.js';
import { shortVersion } from '../serializers/event.js';
import { serializeIssue } from '../serializers/issue.js';
import { serializeUser } from '../serializers/user.js';
import { buildIssueContext, type LoadedIssue } from './issue-context.js';
import { applyIssueUpdate, type IssueUpdate } from './mutate.js';
import { serializeTagSummary } from './tag-json.js';

function releaseJson(version: string | null, at: Date) {
  if (!version) return null;
  return {
    version,
    shortVersion: shortVersion(version),
    ref: null,
    url: null,
    dateCreated: new Date(at).toISOString(),
    dateReleased: null,
  };
}

export async function issueDetail(db: Db, loaded: LoadedIssue, viewerUserId: number | null, baseUrl: string) {
  const { issue } = loaded;
  const [ctx, activities, seenBy, tags] = await Promise.all([
    buildIssueContext(db, {
      baseUrl,
      organizationSlug: loaded.org.slug,
      viewerUserId,
      issues: [issue],
      stats: ['24h', '30d'],
    }),
    listIssueActivities(db, issue.id, { limit: 100 }),
    listIssueSeenBy(db, issue.id),
    listIssueTagSummary(db, issue.id, { top: 1, maxKeys: 100 }),
  ]);
  const userIds = [...new Set(activities.flatMap((a) => (a.user_id === null ? [] : [a.user_id])))];
  const users = new Map((await findUsersByIds(db, userIds)).map((u) => [u.id, u as User]));
  return {
    ...serializeIssue(issue, ctx),
    activity: [...activities.map((a) => serializeActivity(a, users)), firstSeenActivity(issue.first_seen)],
    seenBy: seenBy.map((u) => ({ ...serializeUser(u), lastSeen: new Date(u.seen_at).toISOString() })),
    participants: [],
    pluginActions: [],
    pluginIssues: [],
    pluginContexts: [],
    userReportCount: 0,
    firstRelease: releaseJson(issue.first_release, issue.first_seen),
    lastRelease: releaseJson(issue.last_release, issue.last_seen),
    tags: serializeTagSummary(tags, false),
  };
}

export async function updateIssue(
  db: Db,
  loaded: LoadedIssue,
  viewerUserId: number | null,
  baseUrl: string,
  body: IssueUpdate,
) {
  const result = await applyIssueUpdate({ db, org: loaded.org, actorUserId: viewerUserId }, [loaded.issue], body);
  if (body.merge === true) return result;
  // Sentry answers a single-issue update with the updated issue, serialized again.
  const [fresh] = await findIssuesWithProject(db, [loaded.issue.id]);
  if (!fresh) return result;
  const ctx = await buildIssueContext(db, {
    baseUrl,
    organizationSlug: loaded.org.slug,
    viewerUserId,
    issues: [fresh],
  });
  return serializeIssue(fresh, ctx);
}

export async function deleteIssue(db: Db, loaded: LoadedIssue): Promise<void> {
  await deleteIssues(db, [loaded.issue.id]);
}
