/** Issue status updates shared by the stream's bulk actions and the issue detail header. */
import type { IssueUpdate } from './api.js';
import { useMembers, useTeams } from './queries.js';

export const RESOLVE: IssueUpdate = { status: 'resolved', statusDetails: {} };
export const RESOLVE_NEXT_RELEASE: IssueUpdate = {
  status: 'resolvedInNextRelease',
  statusDetails: { inNextRelease: true },
};
export const UNRESOLVE: IssueUpdate = { status: 'unresolved', statusDetails: {} };

export const IGNORE_OPTIONS: { key: string; label: string; update: IssueUpdate }[] = [
  { key: 'forever', label: 'Forever', update: { status: 'ignored', substatus: 'archived_forever', statusDetails: {} } },
  {
    key: '30m',
    label: 'For 30 minutes',
    update: { status: 'ignored', statusDetails: { ignoreDuration: 30 }, snoozeDuration: 30 },
  },
  {
    key: '2h',
    label: 'For 2 hours',
    update: { status: 'ignored', statusDetails: { ignoreDuration: 120 }, snoozeDuration: 120 },
  },
  {
    key: '24h',
    label: 'For 24 hours',
    update: { status: 'ignored', statusDetails: { ignoreDuration: 1440 }, snoozeDuration: 1440 },
  },
  {
    key: '1w',
    label: 'For 1 week',
    update: { status: 'ignored', statusDetails: { ignoreDuration: 10080 }, snoozeDuration: 10080 },
  },
  {
    key: 'c10',
    label: 'Until it occurs 10 more times',
    update: { status: 'ignored', statusDetails: { ignoreCount: 10 } },
  },
  {
    key: 'c100',
    label: 'Until it occurs 100 more times',
    update: { status: 'ignored', statusDetails: { ignoreCount: 100 } },
  },
  {
    key: 'c100h',
    label: 'Until it occurs 100 times in an hour',
    update: { status: 'ignored', statusDetails: { ignoreCount: 100, ignoreWindow: 60 } },
  },
  {
    key: 'u10',
    label: 'Until it affects 10 more users',
    update: { status: 'ignored', statusDetails: { ignoreUserCount: 10 } },
  },
  {
    key: 'u100',
    label: 'Until it affects 100 more users',
    update: { status: 'ignored', statusDetails: { ignoreUserCount: 100 } },
  },
];

export interface AssigneeOption {
  key: string;
  label: string;
  /** `user:ID`, `team:ID`, or '' to unassign. */
  value: string;
}

export function useAssigneeOptions(org: string): AssigneeOption[] {
  const members = useMembers(org);
  const teams = useTeams(org);
  const out: AssigneeOption[] = [{ key: 'none', label: 'Unassigned', value: '' }];
  for (const m of Array.isArray(members.data) ? members.data : []) {
    const id = m.user?.id;
    if (id) out.push({ key: `u${id}`, label: m.user?.name || m.email, value: `user:${id}` });
  }
  for (const t of Array.isArray(teams.data) ? teams.data : []) {
    out.push({ key: `t${t.id}`, label: `#${t.slug}`, value: `team:${t.id}` });
  }
  return out;
}
