/** Shared query keys and hooks for data many views need (session, organizations, projects, members). */
import { MutationCache, QueryCache, QueryClient, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from './api.js';
import type { LiveIssueMessage } from './api-types.js';
import { type LiveStatus, subscribeLive, watchLiveStatus } from './live.js';

export function createQueryClient(): QueryClient {
  // A 401 anywhere means the session ended (expired, logged out elsewhere): re-read the auth
  // config, and the route guard sends the user to the login page with `next` set.
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401) {
      void client.invalidateQueries({ queryKey: keys.authConfig });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 20_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
  return client;
}

export const keys = {
  authConfig: ['auth-config'] as const,
  organizations: ['organizations'] as const,
  organization: (org: string) => ['organization', org] as const,
  projects: (org: string) => ['projects', org] as const,
  project: (org: string, project: string) => ['project', org, project] as const,
  teams: (org: string) => ['teams', org] as const,
  members: (org: string) => ['members', org] as const,
  keys: (org: string, project: string) => ['keys', org, project] as const,
  tokens: ['api-tokens'] as const,
  issues: (org: string) => ['issues', org] as const,
  issue: (issueId: string) => ['issue', issueId] as const,
};

export function useAuthConfig() {
  return useQuery({ queryKey: keys.authConfig, queryFn: api.authConfig, staleTime: 60_000 });
}

export function useOrganizations(enabled = true) {
  return useQuery({ queryKey: keys.organizations, queryFn: api.organizations, enabled });
}

export function useProjects(org: string | undefined) {
  return useQuery({ queryKey: keys.projects(org ?? ''), queryFn: () => api.projects(org ?? ''), enabled: !!org });
}

export function useTeams(org: string | undefined) {
  return useQuery({ queryKey: keys.teams(org ?? ''), queryFn: () => api.teams(org ?? ''), enabled: !!org });
}

export function useMembers(org: string | undefined) {
  return useQuery({ queryKey: keys.members(org ?? ''), queryFn: () => api.members(org ?? ''), enabled: !!org });
}

/** Calls `onMessage` for every live issue update of the organization while mounted. */
export function useLiveIssues(org: string | undefined, onMessage: (msg: LiveIssueMessage) => void): void {
  const ref = useRef(onMessage);
  ref.current = onMessage;
  useEffect(() => {
    if (!org) return;
    return subscribeLive(org, (m) => ref.current(m));
  }, [org]);
}

const LAST_ORG = 'faultline.lastOrg';

export function rememberOrg(org: string): void {
  try {
    localStorage.setItem(LAST_ORG, org);
  } catch {
    // ignore
  }
}

export function lastOrg(): string | null {
  try {
    return localStorage.getItem(LAST_ORG);
  } catch {
    return null;
  }
}

/** The connection state of the organization's live channel. */
export function useLiveStatus(org: string | undefined): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!org) return;
    return watchLiveStatus(org, setStatus);
  }, [org]);
  return status;
}
