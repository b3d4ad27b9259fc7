/**
 * Issue updates shared by the bulk (`PUT …/issues/?id=…`) and single (`PUT /issues/:id/`)
 * endpoints, with Sentry's body (`status`, `statusDetails`, `assignedTo`, `isBookmarked`,
 * `hasSeen`, `isSubscribed`, `merge`, `snoozeDuration`) and Sentry's response shape (the applied
 * changes: `{status, statusDetails, substatus}`, `{assignedTo}`, `{merge: {parent, children}}`, …).
 * Every change is written for all issues at once and logged in the activity table.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { Db, Organization, Team, User } from '../../storage/index.js';
import {
  insertIssueActivities,
  type NewIssueActivity,
  setIssueBookmarks,
  setIssueSeen,
  setIssueSubscriptions,
  subscribeIfUnset,
} from '../../storage/issue-activity.repository.js';
import {
  findOrgMemberUserId,
  findOrgTeam,
  findUsersByIds,
  type IssuePatch,
  isOrgMember,
  mergeIssuesInto,
  updateIssueFields,
} from '../../storage/issue-mutations.repository.js';
import type { IssueRow } from '../../storage/issue-search.repository.js';
import { parseInput } from '../http.js';
import { serializeAssignee } from '../serializers/issue.js';
import { serializeUser } from '../serializers/user.js';
import { planStatusChange } from './status-change.js';

const flag = z
  .union([z.boolean(), z.literal(1), z.literal(0), z.enum(['1', '0', 'true', 'false'])])
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const minutes = z.coerce.number().int().min(0).max(10_000_000);

const statusDetailsSchema = z
  .object({
    inNextRelease: z.boolean().optional(),
    inRelease: z.string().max(250).optional(),
    inCommit: z.unknown().optional(),
    ignoreCount: z.coerce.number().int().min(0).max(1e12).optional(),
    ignoreWindow: minutes.optional(),
    ignoreDuration: minutes.optional(),
    ignoreUserCount: z.coerce.number().int().min(0).max(1e12).optional(),
    ignoreUserWindow: minutes.optional(),
    ignoreUntil: z.string().max(64).optional(),
    ignoreUntilEscalating: z.boolean().optional(),
  })
  .passthrough();

export const issueUpdateSchema = z
  .object({
    status: z.enum(['resolved', 'unresolved', 'ignored', 'resolvedInNextRelease', 'archived', 'muted']).optional(),
    substatus: z.string().max(64).nullable().optional(),
    statusDetails: statusDetailsSchema.optional(),
    assignedTo: z.string().max(320).nullable().optional(),
    isBookmarked: flag.optional(),
    hasSeen: flag.optional(),
    isSubscribed: flag.optional(),
    isPublic: flag.optional(),
    merge: flag.optional(),
    snoozeDuration: minutes.optional(),
    discard: z.unknown().optional(),
  })
  .passthrough();

export type IssueUpdate = z.output<typeof issueUpdateSchema>;

export function parseIssueUpdate(body: unknown): IssueUpdate {
  return parseInput(issueUpdateSchema, body);
}

export interface MutateContext {
  db: Db;
  org: Organization;
  actorUserId: number | null;
  now?: Date;
}

type Assignee = { userId: number; team: null } | { userId: null; team: Team } | null;

async function resolveAssignee(db: Db, org: Organization, raw: string | null): Promise<Assignee> {
  if (raw === null || raw === '') return null;
  const m = /^(user|team):(\d{1,10})$/.exec(raw);
  if (m?.[1] === 'team') {
    const team = await findOrgTeam(db, org.id, Number(m[2]));
    if (!team) throw new AppError('bad_request', 'Unknown team');
    return { userId: null, team };
  }
  if (m?.[1] === 'user' || /^\d{1,10}$/.test(raw)) {
    const userId = Number(m ? m[2] : raw);
    if (!(await isOrgMember(db, org.id, userId))) throw new AppError('bad_request', 'Cannot assign to non-member');
    return { userId, team: null };
  }
  const userId = await findOrgMemberUserId(db, org.id, raw);
  if (userId === undefined) throw new AppError('bad_request', 'Cannot assign to non-member');
  return { userId, team: null };
}

function needUser(ctx: MutateContext, what: string): number {
  if (ctx.actorUserId === null)
    throw new AppError('bad_request', `${what} requires a user (not an organization token)`);
  return ctx.actorUserId;
}

/** Applies an update to `issues` (all visible to the caller, same organization); returns Sentry's response body. */
export async function applyIssueUpdate(
  ctx: MutateContext,
  issues: IssueRow[],
  body: IssueUpdate,
): Promise<Record<string, unknown>> {
  const { db } = ctx;
  const now = ctx.now ?? new Date();
  const ids = issues.map((i) => i.id);
  const result: Record<string, unknown> = {};
  const activities: NewIssueActivity[] = [];
  const log = (type: NewIssueActivity['type'], data: Record<string, unknown> = {}) => {
    for (const i of issues)
      activities.push({ groupId: i.id, projectId: i.project_id, type, userId: ctx.actorUserId, data });
  };
  const actorJson = async () => {
    if (ctx.actorUserId === null) return null;
    const [u] = await findUsersByIds(db, [ctx.actorUserId]);
    return u ? serializeUser(u as User) : null;
  };

  if (body.merge === true) {
    if (issues.length < 2)
      throw new AppError('bad_request', 'Only a single issue was selected; at least two are required to merge');
    if (new Set(issues.map((i) => i.project_id)).size > 1) {
      throw new AppError('bad_request', 'Merging across multiple projects is not supported');
    }
    const sorted = [...issues].sort((a, b) => b.times_seen - a.times_seen || a.id - b.id);
    const parent = sorted[0]!;
    const children = sorted.slice(1).map((i) => i.id);
    await db.transaction().execute(async (trx) => {
      await mergeIssuesInto(trx, parent.id, children);
      await insertIssueActivities(trx, [
        {
          groupId: parent.id,
          projectId: parent.project_id,
          type: 'merge',
          userId: ctx.actorUserId,
          data: { issues: children.map((id) => ({ id })) },
        },
      ]);
    });
    result.merge = { parent: String(parent.id), children: children.map(String) };
    return result;
  }

  const change = planStatusChange(body, issues, now);
  const patch: IssuePatch = { ...(change?.patch ?? {}) };
  if (change) {
    log(change.activity.type, change.activity.data);
    const actor = change.withActor ? { actor: await actorJson() } : {};
    Object.assign(result, change.response, { statusDetails: { ...change.response.statusDetails, ...actor } });
  }

  let assignee: Assignee | undefined;
  if (body.assignedTo !== undefined) {
    assignee = await resolveAssignee(db, ctx.org, body.assignedTo);
    patch.assignee_user_id = assignee?.userId ?? null;
    patch.assignee_team_id = assignee?.team?.id ?? null;
    if (assignee === null) log('unassigned');
    else {
      const email = assignee.userId !== null ? ((await findUsersByIds(db, [assignee.userId]))[0]?.email ?? null) : null;
      log('assigned', {
        assignee: String(assignee.userId ?? assignee.team!.id),
        assigneeType: assignee.userId !== null ? 'user' : 'team',
        assigneeEmail: email,
      });
    }
  }

  await db.transaction().execute(async (trx) => {
    await updateIssueFields(trx, ids, patch, {
      snapshotIgnoreBaselines: change?.snapshotBaselines ?? false,
      resolveInLastRelease: change?.inNextRelease ?? false,
    });
    if (assignee?.userId) await subscribeIfUnset(trx, assignee.userId, ids, 'assigned');
    if (body.isBookmarked !== undefined)
      await setIssueBookmarks(trx, needUser(ctx, 'isBookmarked'), ids, body.isBookmarked);
    if (body.hasSeen !== undefined) await setIssueSeen(trx, needUser(ctx, 'hasSeen'), ids, body.hasSeen, now);
    if (body.isSubscribed !== undefined) {
      await setIssueSubscriptions(trx, needUser(ctx, 'isSubscribed'), ids, body.isSubscribed, 'unknown');
    }
    await insertIssueActivities(trx, activities);
  });

  if (assignee !== undefined) {
    let users = new Map<number, User>();
    if (assignee?.userId) users = new Map((await findUsersByIds(db, [assignee.userId])).map((u) => [u.id, u]));
    const teams = new Map<number, Team>(assignee?.team ? [[assignee.team.id, assignee.team]] : []);
    result.assignedTo = serializeAssignee(
      { assignee_user_id: assignee?.userId ?? null, assignee_team_id: assignee?.team?.id ?? null },
      users,
      teams,
    );
  }
  if (body.isBookmarked !== undefined) result.isBookmarked = body.isBookmarked;
  if (body.hasSeen !== undefined) result.hasSeen = body.hasSeen;
  if (body.isSubscribed !== undefined) {
    result.isSubscribed = body.isSubscribed;
    result.subscriptionDetails = { reason: 'unknown' };
  }
  if (body.isPublic !== undefined) {
    result.isPublic = false;
    result.shareId = null;
  }
  return result;
}
