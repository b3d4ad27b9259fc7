/** Row types of the account tables: users, organizations, teams, members, projects, keys, tokens. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type MemberRole = 'owner' | 'manager' | 'admin' | 'member';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  is_superuser: Generated<boolean>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: CreatedAt;
  /** Members may see and join every team (Sentry's "Open Membership"); otherwise only their teams' projects. */
  open_membership: Generated<boolean>;
}

export interface TeamsTable {
  id: Generated<number>;
  organization_id: number;
  slug: string;
  name: string;
  created_at: CreatedAt;
}

export interface OrganizationMembersTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number | null;
  email: string;
  role: MemberRole;
  created_at: CreatedAt;
  /** Pending invitation (user_id null): sha256 of the link token, and when it expires. */
  invite_token_hash: string | null;
  invite_expires_at: Date | null;
  invited_by_user_id: number | null;
}

export interface TeamMembersTable {
  team_id: number;
  member_id: number;
}

export interface ProjectsTable {
  id: Generated<number>;
  organization_id: number;
  team_id: number | null;
  slug: string;
  name: string;
  platform: string | null;
  /** Per-project options (scrubbing, inbound filters, allowed origins), JSON text. */
  options: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface ProjectKeysTable {
  id: Generated<number>;
  project_id: number;
  label: string;
  public_key: string;
  secret_key: string;
  is_active: Generated<boolean>;
  /** Events accepted per rate_limit_window seconds; null = the instance default. */
  rate_limit_count: number | null;
  rate_limit_window: number | null;
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  id: Generated<number>;
  /** Personal token: the user it acts as. Organization token: null user, organization set. */
  user_id: number | null;
  organization_id: number | null;
  name: string;
  /** sha256 hex of the token; the token itself is shown once. */
  token_hash: string;
  /** First characters of the token, to recognise it in lists. */
  token_prefix: string;
  scopes: string[];
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  created_by_user_id: number | null;
  token_last_characters: Generated<string>;
}

export type User = Selectable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Team = Selectable<TeamsTable>;
export type OrganizationMember = Selectable<OrganizationMembersTable>;
export type Project = Selectable<ProjectsTable>;
export type ProjectKey = Selectable<ProjectKeysTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type NewProjectKey = Insertable<ProjectKeysTable>;
