/**
 * What a status change in an issue update means (Sentry's `status` + `statusDetails`): the fields
 * to write, the activity to log, and the response's `{status, statusDetails, substatus}`.
 * resolved (optionally `inRelease`, `"latest"` = the issue's latest release), resolvedInNextRelease
 * (remembers the current release; the pipeline regresses on a later one), unresolved, and
 * ignored/archived — forever, until escalating, or until a condition (duration / `ignoreUntil`,
 * N more events [in a window], N more users [in a window]).
 */
import { AppError } from '../../shared/errors.js';
import type { ActivityType, IssueSubstatus } from '../../storage/index.js';
import type { IssuePatch } from '../../storage/issue-mutations.repository.js';
import type { IssueRow } from '../../storage/issue-search.repository.js';
import type { IssueUpdate } from './mutate.js';

export interface StatusChange {
  patch: IssuePatch;
  activity: { type: ActivityType; data: Record<string, unknown> };
  response: { status: string; statusDetails: Record<string, unknown>; substatus: IssueSubstatus | null };
  /** Sentry adds the acting user to statusDetails (`actor`) for these changes. */
  withActor: boolean;
  /** Remember current counts as the baseline of "N more events/users" conditions. */
  snapshotBaselines: boolean;
  /** Resolve in the release current at resolution (resolved_in_release = last_release). */
  inNextRelease: boolean;
}

export function planStatusChange(body: IssueUpdate, issues: IssueRow[], now: Date): StatusChange | null {
  let status = body.status;
  if (status === 'archived' || status === 'muted') status = 'ignored';
  const details = body.statusDetails ?? {};
  const base = { withActor: false, snapshotBaselines: false, inNextRelease: false };
  if (status === 'resolvedInNextRelease' || (status === 'resolved' && details.inNextRelease)) {
    return {
      ...base,
      patch: { ...resolvedPatch(now), resolved_in_next_release: true },
      activity: { type: 'set_resolved_in_release', data: { version: '' } },
      response: { status: 'resolved', statusDetails: { inNextRelease: true }, substatus: null },
      withActor: true,
      inNextRelease: true,
    };
  }
  if (status === 'resolved') {
    const version = details.inRelease === 'latest' ? (issues[0]?.last_release ?? null) : (details.inRelease ?? null);
    return {
      ...base,
      patch: { ...resolvedPatch(now), resolved_in_release: version },
      activity: version ? { type: 'set_resolved_in_release', data: { version } } : { type: 'set_resolved', data: {} },
      response: { status: 'resolved', statusDetails: version ? { inRelease: version } : {}, substatus: null },
      withActor: version !== null,
    };
  }
  if (status === 'unresolved') {
    return {
      ...base,
      patch: { ...clearResolution(), ...clearIgnore(), status: 'unresolved', substatus: 'ongoing' },
      activity: { type: 'set_unresolved', data: {} },
      response: { status: 'unresolved', statusDetails: {}, substatus: 'ongoing' },
    };
  }
  if (status !== 'ignored') return null;

  const duration = details.ignoreDuration ?? body.snoozeDuration;
  const untilEscalating = details.ignoreUntilEscalating === true;
  const conditions =
    duration !== undefined ||
    details.ignoreUntil !== undefined ||
    details.ignoreCount !== undefined ||
    details.ignoreUserCount !== undefined;
  const substatus: IssueSubstatus = untilEscalating
    ? 'archived_until_escalating'
    : conditions
      ? 'archived_until_condition_met'
      : 'archived_forever';
  let until: Date | null = null;
  if (duration !== undefined && duration > 0) until = new Date(now.getTime() + duration * 60_000);
  else if (details.ignoreUntil) {
    const d = new Date(details.ignoreUntil);
    if (Number.isNaN(d.getTime())) throw new AppError('bad_request', 'Invalid statusDetails.ignoreUntil');
    until = d;
  }
  const sd: Record<string, unknown> = {};
  if (untilEscalating) sd.ignoreUntilEscalating = true;
  if (until) {
    sd.ignoreUntil = until.toISOString();
    if (duration !== undefined) sd.ignoreDuration = duration;
  }
  if (details.ignoreCount !== undefined) {
    sd.ignoreCount = details.ignoreCount;
    sd.ignoreWindow = details.ignoreWindow ?? null;
  }
  if (details.ignoreUserCount !== undefined) {
    sd.ignoreUserCount = details.ignoreUserCount;
    sd.ignoreUserWindow = details.ignoreUserWindow ?? null;
  }
  return {
    ...base,
    patch: {
      ...clearResolution(),
      status: 'ignored',
      substatus,
      ignore_until: until,
      ignore_count: details.ignoreCount ?? null,
      ignore_window: details.ignoreCount !== undefined ? (details.ignoreWindow ?? null) : null,
      ignore_user_count: details.ignoreUserCount ?? null,
      ignore_user_window: details.ignoreUserCount !== undefined ? (details.ignoreUserWindow ?? null) : null,
    },
    activity: { type: 'set_ignored', data: { ...sd } },
    response: { status: 'ignored', statusDetails: sd, substatus },
    withActor: true,
    snapshotBaselines: details.ignoreCount !== undefined || details.ignoreUserCount !== undefined,
  };
}

function resolvedPatch(now: Date): IssuePatch {
  return {
    ...clearIgnore(),
    status: 'resolved',
    substatus: null,
    resolved_at: now,
    resolved_in_release: null,
    resolved_in_next_release: false,
  };
}

function clearResolution(): IssuePatch {
  return { resolved_at: null, resolved_in_release: null, resolved_in_next_release: false };
}

function clearIgnore(): IssuePatch {
  return {
    ignore_until: null,
    ignore_count: null,
    ignore_window: null,
    ignore_user_count: null,
    ignore_user_window: null,
    ignore_baseline_times_seen: null,
    ignore_baseline_user_count: null,
  };
}
