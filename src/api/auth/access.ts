/**
 * Access control for organizations and projects. Objects the caller cannot see are 404 (never
 * 403); a visible object the caller's role or token may not act on is 403.
 *
 * - Organization tokens see only their organization, with the token's scopes.
 * - Users see the organizations they are members of (superusers see all). Their scopes there are
 *   the role's scopes, narrowed by the token's scopes when they come with a personal token.
 * - Role `member` sees the projects of its teams (all projects with the organization's open
 *   membership); admin, manager and owner see every project of the organization.
 */
import type { FastifyRequest } from 'fastify';
import { ALL_SCOPES, findMember, findOrganizationBySlug, findProject } from '../../accounts/index.js';
import { findOrganizationById, listMemberTeamIds, listProjectIds } from '../../accounts/organizations.repository.js';
import { findProjectById } from '../../accounts/projects.repository.js';
import { intersectScopes, ROLE_SCOPES, scopeSatisfied } from '../../accounts/roles.js';
import { AppError } from '../../shared/errors.js';
import type { Db, MemberRole, Organization, OrganizationMember, Project } from '../../storage/index.js';
import { NO_PERMISSION, type Principal, requireScope } from './principal.js';

const EVERYTHING: ReadonlySet<string> = new Set([...ALL_SCOPES, 'org:ci']);

export interface OrganizationAccess {
  org: Organization;
  /** The caller's role, or null (superuser who is not a member, organization token). */
  role: MemberRole | null;
  member: OrganizationMember | null;
  /** What the caller may do in this organization. */
  scopes: ReadonlySet<string>;
  /** Sees every project (not limited to its teams' projects). */
  allProjects: boolean;
}

export interface ProjectAccess extends OrganizationAccess {
  project: Project;
}

export const organizationNotFound = () => new AppError('not_found', 'The requested resource does not exist');

/** The caller's standing in an organization, or null when it cannot see it. */
export async function resolveAccess(db: Db, p: Principal, org: Organization): Promise<OrganizationAccess | null> {
  if (p.organizationId !== undefined) {
    return p.organizationId === org.id ? { org, role: null, member: null, scopes: p.scopes, allProjects: true } : null;
  }
  if (p.userId === null) return null;
  const member = await findMember(db, org.id, p.userId);
  if (p.isSuperuser) {
    const scopes = intersectScopes(EVERYTHING, p.scopes);
    return { org, role: member?.role ?? null, member: member ?? null, scopes, allProjects: true };
  }
  if (!member) return null;
  const allProjects = member.role !== 'member' || org.open_membership;
  return { org, role: member.role, member, scopes: intersectScopes(ROLE_SCOPES[member.role], p.scopes), allProjects };
}

export function assertScope(access: OrganizationAccess, scope: string): void {
  if (!scopeSatisfied(access.scopes, scope)) throw new AppError('forbidden', NO_PERMISSION);
}

/**
 * 401 anonymous · 403 token without `scope` · 404 unknown or invisible organization ·
 * 403 role without `scope`.
 */
export async function loadOrganization(
  db: Db,
  request: FastifyRequest,
  orgSlug: string,
  scope: string,
): Promise<OrganizationAccess> {
  const p = requireScope(request, scope);
  const org = await findOrganizationBySlug(db, orgSlug);
  if (!org) throw organizationNotFound();
  const access = await resolveAccess(db, p, org);
  if (!access) throw organizationNotFound();
  assertScope(access, scope);
  return access;
}

/** Team ids whose projects this access is limited to, or null when it sees every project. */
export async function projectTeamFilter(db: Db, access: OrganizationAccess): Promise<number[] | null> {
  if (access.allProjects || !access.member) return null;
  return listMemberTeamIds(db, access.member.id);
}

export async function canSeeProject(db: Db, access: OrganizationAccess, project: Project): Promise<boolean> {
  if (project.organization_id !== access.org.id) return false;
  const teams = await projectTeamFilter(db, access);
  if (teams === null) return true;
  return project.team_id !== null && teams.includes(project.team_id);
}

const projectNotFound = () => new AppError('not_found', 'The requested resource does not exist');

export async function loadProject(
  db: Db,
  request: FastifyRequest,
  orgSlug: string,
  projectSlug: string,
  scope: string,
): Promise<ProjectAccess> {
  const access = await loadOrganization(db, request, orgSlug, scope);
  const project = await findProject(db, access.org.id, projectSlug);
  if (!project || !(await canSeeProject(db, access, project))) throw projectNotFound();
  return { ...access, project };
}

/** For `/api/0/issues/:id/`-style routes that only know the project id. */
export async function loadProjectById(
  db: Db,
  request: FastifyRequest,
  projectId: number,
  scope: string,
): Promise<ProjectAccess> {
  const p = requireScope(request, scope);
  const project = Number.isSafeInteger(projectId) ? await findProjectById(db, projectId) : undefined;
  if (!project) throw projectNotFound();
  const org = await findOrganizationById(db, project.organization_id);
  if (!org) throw projectNotFound();
  const access = await resolveAccess(db, p, org);
  if (!access || !(await canSeeProject(db, access, project))) throw projectNotFound();
  assertScope(access, scope);
  return { ...access, project };
}

/** Ids of the organization's projects the caller can see ([] when it cannot see the organization). */
export async function accessibleProjectIds(db: Db, request: FastifyRequest, organizationId: number): Promise<number[]> {
  const p = request.principal;
  if (!p) throw new AppError('unauthorized', 'Authentication credentials were not provided.');
  const org = await findOrganizationById(db, organizationId);
  if (!org) return [];
  const access = await resolveAccess(db, p, org);
  if (!access) return [];
  const teams = await projectTeamFilter(db, access);
  return listProjectIds(db, organizationId, teams ?? undefined);
}
