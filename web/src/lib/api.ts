/**
 * The typed client for Faultline's REST API (/api/0/, Sentry's paths). Every request is
 * same-origin with the session cookie; unsafe methods send `X-CSRFToken` from the `fl_csrf` cookie.
 * Errors become `ApiError` carrying the HTTP status and the server's `detail`.
 */
import type {
  Activity,
  ApiToken,
  AuthConfig,
  InboundFilter,
  Issue,
  IssueHash,
  Member,
  Organization,
  Project,
  ProjectKey,
  SentryEvent,
  TagSummary,
  TagValue,
  Team,
  User,
} from './api-types.js';
import { type PageLinks, parseLinkHeader } from './link-header.js';

export interface InviteDetails {
  orgSlug: string;
  orgName: string;
  email: string;
  role: string;
  needsAuthentication: boolean;
  existingMember?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export function buildUrl(path: string, query?: Query): string {
  const url = `/api/0${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions = {}): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('fl_csrf');
    if (csrf) headers['X-CSRFToken'] = csrf;
  }
  const res = await fetch(buildUrl(path, opts.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const body: unknown = await res.json();
      if (body && typeof body === 'object' && 'detail' in body) {
        const d = (body as { detail: unknown }).detail;
        detail = typeof d === 'string' ? d : JSON.stringify(d);
      }
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(res.status, detail);
  }
  return res;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Page<T> {
  items: T[];
  links: PageLinks;
  hits?: number;
  /** `X-Sentry-Direct-Hit: 1`: the query was a short id that matched one issue. */
  directHit?: boolean;
}

export async function requestPage<T>(path: string, opts: RequestOptions = {}): Promise<Page<T>> {
  const res = await send(path, opts);
  const body: unknown = await res.json();
  const hits = Number(res.headers.get('X-Hits'));
  return {
    items: Array.isArray(body) ? (body as T[]) : [],
    links: parseLinkHeader(res.headers.get('Link')),
    directHit: res.headers.get('X-Sentry-Direct-Hit') === '1',
    ...(Number.isFinite(hits) && res.headers.has('X-Hits') ? { hits } : {}),
  };
}

const enc = encodeURIComponent;

export interface IssueListParams {
  query?: string;
  sort?: string;
  statsPeriod?: string;
  /** Sparkline period of each issue's `stats` (Sentry: 24h | 14d | ''). */
  groupStatsPeriod?: string;
  start?: string;
  end?: string;
  environment?: string;
  project?: string;
  cursor?: string;
  limit?: number;
  shortIdLookup?: number;
}

export interface IssueUpdate {
  status?: string;
  statusDetails?: Record<string, unknown>;
  substatus?: string;
  assignedTo?: string;
  hasSeen?: boolean;
  isBookmarked?: boolean;
  isSubscribed?: boolean;
  merge?: boolean;
  snoozeDuration?: number;
}

export const api = {
  // auth
  authConfig: () => request<AuthConfig>('/auth/config/'),
  login: (email: string, password: string) =>
    request<{ user: User }>('/auth/login/', { method: 'POST', body: { email, password } }),
  register: (
    email: string,
    password: string,
    extra: { name?: string; organization?: string; invite?: { memberId: string; token: string } } = {},
  ) => request<{ user: User }>('/auth/register/', { method: 'POST', body: { email, password, ...extra } }),
  inviteDetails: (memberId: string, token: string) =>
    request<InviteDetails>(`/accept-invite/${enc(memberId)}/${enc(token)}/`),
  acceptInvite: (memberId: string, token: string) =>
    request<void>(`/accept-invite/${enc(memberId)}/${enc(token)}/`, { method: 'POST' }),
  logout: () => request<void>('/auth/', { method: 'DELETE' }),
  me: () => request<User>('/users/me/'),
  updateMe: (body: { name?: string; password?: string; passwordNew?: string; passwordVerify?: string }) =>
    request<User>('/users/me/', { method: 'PUT', body }),
  changePassword: (password: string, passwordNew: string) =>
    request<void>('/users/me/password/', {
      method: 'PUT',
      body: { password, passwordNew, passwordVerify: passwordNew },
    }),

  // organizations, teams, members
  organizations: () => request<Organization[]>('/organizations/'),
  organization: (org: string) => request<Organization>(`/organizations/${enc(org)}/`),
  updateOrganization: (org: string, body: Partial<Organization>) =>
    request<Organization>(`/organizations/${enc(org)}/`, { method: 'PUT', body }),
  createOrganization: (name: string, slug?: string) =>
    request<Organization>('/organizations/', { method: 'POST', body: { name, slug } }),
  projects: (org: string) => request<Project[]>(`/organizations/${enc(org)}/projects/`),
  teams: (org: string) => request<Team[]>(`/organizations/${enc(org)}/teams/`),
  createTeam: (org: string, slug: string) =>
    request<Team>(`/organizations/${enc(org)}/teams/`, { method: 'POST', body: { slug, name: slug } }),
  teamMembers: (org: string, team: string) => request<Member[]>(`/teams/${enc(org)}/${enc(team)}/members/`),
  addTeamMember: (org: string, memberId: string, team: string) =>
    request<Team>(`/organizations/${enc(org)}/members/${enc(memberId)}/teams/${enc(team)}/`, { method: 'POST' }),
  removeTeamMember: (org: string, memberId: string, team: string) =>
    request<Team>(`/organizations/${enc(org)}/members/${enc(memberId)}/teams/${enc(team)}/`, { method: 'DELETE' }),
  deleteTeam: (org: string, team: string) => request<void>(`/teams/${enc(org)}/${enc(team)}/`, { method: 'DELETE' }),
  members: (org: string) => request<Member[]>(`/organizations/${enc(org)}/members/`),
  inviteMember: (org: string, email: string, role: string, teams: string[] = []) =>
    request<Member & { inviteLink?: string }>(`/organizations/${enc(org)}/members/`, {
      method: 'POST',
      body: { email, role, orgRole: role, teams },
    }),
  updateMember: (org: string, memberId: string, role: string) =>
    request<Member>(`/organizations/${enc(org)}/members/${enc(memberId)}/`, {
      method: 'PUT',
      body: { role, orgRole: role },
    }),
  removeMember: (org: string, memberId: string) =>
    request<void>(`/organizations/${enc(org)}/members/${enc(memberId)}/`, { method: 'DELETE' }),

  // projects
  project: (org: string, project: string) => request<Project>(`/projects/${enc(org)}/${enc(project)}/`),
  createProject: (org: string, team: string, body: { name: string; slug?: string; platform?: string }) =>
    request<Project>(`/teams/${enc(org)}/${enc(team)}/projects/`, { method: 'POST', body }),
  updateProject: (org: string, project: string, body: Record<string, unknown>) =>
    request<Project>(`/projects/${enc(org)}/${enc(project)}/`, { method: 'PUT', body }),
  deleteProject: (org: string, project: string) =>
    request<void>(`/projects/${enc(org)}/${enc(project)}/`, { method: 'DELETE' }),
  filters: (org: string, project: string) => request<InboundFilter[]>(`/projects/${enc(org)}/${enc(project)}/filters/`),
  updateFilter: (org: string, project: string, filterId: string, active: boolean | string[]) =>
    request<void>(`/projects/${enc(org)}/${enc(project)}/filters/${enc(filterId)}/`, {
      method: 'PUT',
      body: { active },
    }),
  keys: (org: string, project: string) => request<ProjectKey[]>(`/projects/${enc(org)}/${enc(project)}/keys/`),
  createKey: (org: string, project: string, name: string) =>
    request<ProjectKey>(`/projects/${enc(org)}/${enc(project)}/keys/`, { method: 'POST', body: { name } }),
  updateKey: (
    org: string,
    project: string,
    keyId: string,
    body: Partial<Pick<ProjectKey, 'name' | 'isActive' | 'rateLimit'>>,
  ) => request<ProjectKey>(`/projects/${enc(org)}/${enc(project)}/keys/${enc(keyId)}/`, { method: 'PUT', body }),
  deleteKey: (org: string, project: string, keyId: string) =>
    request<void>(`/projects/${enc(org)}/${enc(project)}/keys/${enc(keyId)}/`, { method: 'DELETE' }),
  projectStats: (org: string, project: string, stat = 'received', resolution = '1h', since?: number) =>
    request<[number, number][]>(`/projects/${enc(org)}/${enc(project)}/stats/`, {
      query: { stat, resolution, since },
    }),

  // tokens
  apiTokens: () => request<ApiToken[]>('/api-tokens/'),
  createApiToken: (scopes: string[], name?: string) =>
    request<ApiToken>('/api-tokens/', { method: 'POST', body: { scopes, name } }),
  deleteApiToken: (tokenId: string) => request<void>(`/api-tokens/${enc(tokenId)}/`, { method: 'DELETE' }),

  // issues
  issues: (org: string, params: IssueListParams) =>
    requestPage<Issue>(`/organizations/${enc(org)}/issues/`, { query: { ...params } }),
  bulkUpdateIssues: (org: string, ids: string[] | 'query', body: IssueUpdate, params: IssueListParams = {}) =>
    request<Record<string, unknown>>(`/organizations/${enc(org)}/issues/`, {
      method: 'PUT',
      query: ids === 'query' ? { ...params } : { id: ids, project: params.project },
      body,
    }),
  bulkDeleteIssues: (org: string, ids: string[] | 'query', params: IssueListParams = {}) =>
    request<void>(`/organizations/${enc(org)}/issues/`, {
      method: 'DELETE',
      query: ids === 'query' ? { ...params } : { id: ids, project: params.project },
    }),
  issue: (org: string, issueId: string) => request<Issue>(`/organizations/${enc(org)}/issues/${enc(issueId)}/`),
  updateIssue: (org: string, issueId: string, body: IssueUpdate) =>
    request<Issue>(`/organizations/${enc(org)}/issues/${enc(issueId)}/`, { method: 'PUT', body }),
  deleteIssue: (org: string, issueId: string) =>
    request<void>(`/organizations/${enc(org)}/issues/${enc(issueId)}/`, { method: 'DELETE' }),
  issueEvent: (issueId: string, eventId: string, environment?: string) =>
    request<SentryEvent>(`/issues/${enc(issueId)}/events/${enc(eventId)}/`, { query: { environment } }),
  issueEvents: (issueId: string, params: { cursor?: string; query?: string; environment?: string } = {}) =>
    requestPage<SentryEvent>(`/issues/${enc(issueId)}/events/`, { query: { ...params, limit: 25 } }),
  issueTags: (issueId: string, environment?: string) =>
    request<TagSummary[]>(`/issues/${enc(issueId)}/tags/`, { query: { environment } }),
  issueTagValues: (issueId: string, key: string) =>
    request<TagValue[]>(`/issues/${enc(issueId)}/tags/${enc(key)}/values/`),
  issueHashes: (issueId: string) => request<IssueHash[]>(`/issues/${enc(issueId)}/hashes/`),
  unmergeHashes: (issueId: string, hashes: string[]) =>
    request<void>(`/issues/${enc(issueId)}/hashes/`, { method: 'PUT', query: { id: hashes } }),
  issueActivities: (issueId: string) =>
    request<Activity[] | { activity: Activity[] }>(`/issues/${enc(issueId)}/activities/`),
  issueComments: (issueId: string) => request<Activity[]>(`/issues/${enc(issueId)}/comments/`),
  addComment: (issueId: string, text: string) =>
    request<Activity>(`/issues/${enc(issueId)}/comments/`, { method: 'POST', body: { text } }),
  deleteComment: (issueId: string, commentId: string) =>
    request<void>(`/issues/${enc(issueId)}/comments/${enc(commentId)}/`, { method: 'DELETE' }),
  groupingInfo: (org: string, project: string, eventId: string) =>
    request<Record<string, unknown>>(`/projects/${enc(org)}/${enc(project)}/events/${enc(eventId)}/grouping-info/`),
  projectEvent: (org: string, project: string, eventId: string) =>
    request<SentryEvent>(`/projects/${enc(org)}/${enc(project)}/events/${enc(eventId)}/`),
  resolveEventId: (org: string, eventId: string) =>
    request<{ organizationSlug: string; projectSlug: string; groupId: string; eventId: string }>(
      `/organizations/${enc(org)}/eventids/${enc(eventId)}/`,
    ),
};

/** The URL a browser opens for an attachment download (same-origin, cookie-authenticated). */
export function attachmentUrl(org: string, project: string, eventId: string, attachmentId: string): string {
  return buildUrl(`/projects/${enc(org)}/${enc(project)}/events/${enc(eventId)}/attachments/${enc(attachmentId)}/`, {
    download: 1,
  });
}
