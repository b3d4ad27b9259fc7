/**
 * How a batch of new events changes an issue's status (pure; persist-events.ts applies it).
 *
 * - resolved → unresolved/`regressed` when an event proves the fix did not hold:
 *   plain resolve: any event received after the resolution;
 *   "resolved in release X": an event from X or a newer (or unorderable, different) release;
 *   "resolved in next release" (X = latest release when resolving): an event from a release
 *   other than X that is not older than X. Events without a release never regress a
 *   release-based resolution (nothing to compare).
 * - ignored (archived) → unresolved when its condition is met: `ignore_until` passed → `ongoing`;
 *   occurrence or user-count threshold reached (since archiving, or within the window) →
 *   `escalating`; `archived_until_escalating` → `escalating` when the current hour's count is
 *   well above the issue's recent hourly peak. `archived_forever` stays archived.
 */
import type { IssueStatus, IssueSubstatus } from '../../storage/index.js';
import { compareReleases } from './releases.js';

export interface IssueStateBefore {
  status: IssueStatus;
  substatus: IssueSubstatus | null;
  resolvedAt: Date | null;
  resolvedInRelease: string | null;
  resolvedInNextRelease: boolean;
  ignoreUntil: Date | null;
  ignoreCount: number | null;
  ignoreWindow: number | null;
  ignoreUserCount: number | null;
  ignoreUserWindow: number | null;
  ignoreBaselineTimesSeen: number | null;
  ignoreBaselineUserCount: number | null;
  /** Counters after this batch was added. */
  timesSeen: number;
  userCount: number;
}

/** What this batch brought to the issue (only events actually inserted). */
export interface IssueBatchFacts {
  releases: (string | null)[];
  /** Latest receive time among the batch's events. */
  lastReceivedAt: Date;
  /** Events within `ignore_window` minutes (including this batch), when an ignore window is set. */
  windowCount?: number;
  /** Distinct users first seen within `ignore_user_window` minutes, when set. */
  windowUsers?: number;
  /** For archived_until_escalating: this hour's count and the highest hourly count of the previous week. */
  currentHourCount?: number;
  previousPeakHourly?: number;
}

export type IssueTransition =
  | { kind: 'none' }
  | { kind: 'regressed'; release: string | null }
  | { kind: 'unignored'; substatus: 'ongoing' | 'escalating' };

/** Which extra facts the state machine needs for this issue (so callers query only for those). */
export function factsNeeded(
  before: Pick<
    IssueStateBefore,
    'status' | 'substatus' | 'ignoreWindow' | 'ignoreUserWindow' | 'ignoreCount' | 'ignoreUserCount'
  >,
): {
  window: boolean;
  userWindow: boolean;
  hourly: boolean;
} {
  const ignored = before.status === 'ignored';
  return {
    window: ignored && before.ignoreCount != null && before.ignoreWindow != null && before.ignoreWindow > 0,
    userWindow:
      ignored && before.ignoreUserCount != null && before.ignoreUserWindow != null && before.ignoreUserWindow > 0,
    hourly: ignored && before.substatus === 'archived_until_escalating',
  };
}

function regresses(before: IssueStateBefore, release: string | null, receivedAt: Date): boolean {
  const x = before.resolvedInRelease;
  if (x) {
    if (release === null) return false;
    const cmp = compareReleases(release, x);
    if (before.resolvedInNextRelease) return cmp === null ? release !== x : cmp > 0;
    return cmp === null || cmp >= 0;
  }
  return before.resolvedAt === null || receivedAt.getTime() >= before.resolvedAt.getTime();
}

/** Escalation factor for `archived_until_escalating` (Sentry forecasts; we compare to the recent peak). */
const ESCALATION_FACTOR = 1.5;
const ESCALATION_MIN_COUNT = 10;

export function nextIssueTransition(before: IssueStateBefore, facts: IssueBatchFacts, now: Date): IssueTransition {
  if (before.status === 'resolved') {
    for (const release of facts.releases) {
      if (regresses(before, release, facts.lastReceivedAt)) return { kind: 'regressed', release };
    }
    return { kind: 'none' };
  }
  if (before.status !== 'ignored') return { kind: 'none' };
  if (before.substatus === 'archived_forever') return { kind: 'none' };

  if (before.ignoreCount != null && before.ignoreCount > 0) {
    const seen =
      before.ignoreWindow != null && before.ignoreWindow > 0
        ? (facts.windowCount ?? 0)
        : before.timesSeen - (before.ignoreBaselineTimesSeen ?? 0);
    if (seen >= before.ignoreCount) return { kind: 'unignored', substatus: 'escalating' };
  }
  if (before.ignoreUserCount != null && before.ignoreUserCount > 0) {
    const users =
      before.ignoreUserWindow != null && before.ignoreUserWindow > 0
        ? (facts.windowUsers ?? 0)
        : before.userCount - (before.ignoreBaselineUserCount ?? 0);
    if (users >= before.ignoreUserCount) return { kind: 'unignored', substatus: 'escalating' };
  }
  if (before.ignoreUntil && now.getTime() >= before.ignoreUntil.getTime()) {
    return { kind: 'unignored', substatus: 'ongoing' };
  }
  if (before.substatus === 'archived_until_escalating' && facts.currentHourCount !== undefined) {
    const peak = facts.previousPeakHourly ?? 0;
    if (facts.currentHourCount >= ESCALATION_MIN_COUNT && facts.currentHourCount > peak * ESCALATION_FACTOR) {
      return { kind: 'unignored', substatus: 'escalating' };
    }
  }
  return { kind: 'none' };
}
