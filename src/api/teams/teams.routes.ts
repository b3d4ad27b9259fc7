/**
 * Teams: `/organizations/:org/teams/`, `/teams/:org/:team/` (+ `projects/`, `members/`), and team
 * membership `/organizations/:org/members/:memberId/teams/:team/`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addTeamMember, findTeam, insertTeam } from '../../accounts/index.js';
import {
  findMemberById,
  listMembers,
  listTeamIdsOfMembers,
  removeTeamMember,
} from '../../accounts/organizations.repository.js';
import { createProject, slugFromName } from '../../accounts/projects.js';
import {
  countTeamMembers,
  deleteTeam,
  listProjects,
  listTeamMemberIds,
  updateTeam,
} from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import type { Db } from '../../storage/index.js';
import { assertScope, loadOrganization, type OrganizationAccess, projectTeamFilter } from '../auth/index.js';
import { defineRoute, idParam, sendPaginated, slugSchema } from '../http.js';
import { serializeMember } from '../members/serialize.js';
import { serializeOrganization } from '../organizations/serialize.js';
import { viewContext } from '../organizations/view-context.js';
import { serializeProject, serializeProjectDetail } from '../projects/serialize.js';
import { serializeTeam } from './serialize.js';

const notFound = () => new AppError('not_found', 'The requested resource does not exist');

async function loadTeam(db: Db, request: FastifyRequest, orgSlug: string, teamSlug: string, scope: string) {
  const access = await loadOrganization(db, request, orgSlug, scope);
  const team = await findTeam(db, access.org.id, teamSlug);
  if (!team) throw notFound();
  return { access, team };
}

async function teamJson(db: Db, access: OrganizationAccess, teamId: number) {
  const ctx = await viewContext(db, access);
  const team = ctx.teamsById.get(teamId);
  if (!team) throw notFound();
  return serializeTeam(team, { ...ctx, memberCounts: await countTeamMembers(db, [teamId]) });
}

export function registerTeamRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/teams/',
    summary: 'Teams of the organization',
    tags: ['teams'],
    handler: async (request, reply) => {
      const access = await loadOrganization(db, request, (request.params as { org: string }).org, 'team:read');
      const ctx = await viewContext(db, access);
      const teams = [...ctx.teamsById.values()].sort((a, b) => a.slug.localeCompare(b.slug));
      const counts = await countTeamMembers(
        db,
        teams.map((t) => t.id),
      );
      const filter = await projectTeamFilter(db, access);
      const projects = await listProjects(db, access.org.id, filter ?? undefined);
      return sendPaginated(
        request,
        reply,
        teams.map((t) => ({
          ...serializeTeam(t, { ...ctx, memberCounts: counts }),
          projects: projects.filter((p) => p.team_id === t.id).map((p) => serializeProject(p, ctx)),
        })),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/organizations/:org/teams/',
    summary: 'Create a team (the creator joins it)',
    tags: ['teams'],
    body: z.object({ name: z.string().trim().min(1).max(64).optional(), slug: slugSchema.optional() }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      const access = await loadOrganization(db, request, (request.params as { org: string }).org, 'team:write');
      if (!body.name && !body.slug) throw new AppError('bad_request', 'Invalid body: name or slug is required');
      const slug = body.slug ?? slugFromName(body.name ?? '', 'team');
      if (await findTeam(db, access.org.id, slug))
        throw new AppError('conflict', 'A team with this slug already exists.');
      const team = await insertTeam(db, { organization_id: access.org.id, slug, name: body.name ?? slug });
      if (access.member) await addTeamMember(db, team.id, access.member.id);
      return teamJson(db, access, team.id);
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/teams/:org/:team/',
    summary: 'One team',
    tags: ['teams'],
    handler: async (request) => {
      const { org, team } = request.params as { org: string; team: string };
      const t = await loadTeam(db, request, org, team, 'team:read');
      return {
        ...(await teamJson(db, t.access, t.team.id)),
        organization: serializeOrganization(t.access.org, config.publicUrl),
      };
    },
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/teams/:org/:team/',
    summary: 'Rename a team',
    tags: ['teams'],
    body: z.object({ name: z.string().trim().min(1).max(64).optional(), slug: slugSchema.optional() }),
    handler: async (request, _reply, { body }) => {
      const { org, team } = request.params as { org: string; team: string };
      const t = await loadTeam(db, request, org, team, 'team:write');
      if (body.slug && body.slug !== t.team.slug && (await findTeam(db, t.access.org.id, body.slug))) {
        throw new AppError('conflict', 'A team with this slug already exists.');
      }
      await updateTeam(db, t.team.id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.slug !== undefined ? { slug: body.slug } : {}),
      });
      return teamJson(db, t.access, t.team.id);
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/teams/:org/:team/',
    summary: 'Delete a team (its projects stay, without a team)',
    tags: ['teams'],
    handler: async (request) => {
      const { org, team } = request.params as { org: string; team: string };
      const t = await loadTeam(db, request, org, team, 'team:admin');
      await deleteTeam(db, t.team.id);
      return undefined;
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/teams/:org/:team/projects/',
    summary: 'Projects of a team the caller can see',
    tags: ['teams', 'projects'],
    handler: async (request, reply) => {
      const { org, team } = request.params as { org: string; team: string };
      const t = await loadTeam(db, request, org, team, 'project:read');
      const filter = await projectTeamFilter(db, t.access);
      if (filter && !filter.includes(t.team.id)) return sendPaginated(request, reply, []);
      const ctx = await viewContext(db, t.access);
      const projects = await listProjects(db, t.access.org.id, [t.team.id]);
      return sendPaginated(
        request,
        reply,
        projects.map((p) => serializeProject(p, ctx)),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/teams/:org/:team/projects/',
    summary: 'Create a project owned by the team (with a first DSN key)',
    tags: ['teams', 'projects'],
    body: z.object({
      name: z.string().trim().min(1).max(64),
      slug: slugSchema.optional(),
      platform: z.string().trim().max(64).nullable().optional(),
      default_rules: z.boolean().optional(),
    }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      const { org, team } = request.params as { org: string; team: string };
      const t = await loadTeam(db, request, org, team, 'project:write');
      const project = await createProject(db, t.team, body);
      const ctx = await viewContext(db, t.access);
      return serializeProjectDetail(project, ctx, serializeOrganization(t.access.org, config.publicUrl));
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/teams/:org/:team/members/',
    summary: 'Members of a team',
    tags: ['teams', 'members'],
    handler: async (request, reply) => {
      const { org, team } = request.params as { org: string; team: string };
      const t = await loadTeam(db, request, org, team, 'team:read');
      const ids = new Set(await listTeamMemberIds(db, t.team.id));
      const members = (await listMembers(db, t.access.org.id)).filter((m) => ids.has(m.id));
      const teamsOf = await listTeamIdsOfMembers(
        db,
        members.map((m) => m.id),
      );
      const ctx = await viewContext(db, t.access);
      return sendPaginated(
        request,
        reply,
        members.map((m) => serializeMember(m, teamsOf.get(m.id) ?? [], ctx.teamsById)),
      );
    },
  });

  // Joining and leaving teams.
  const teamMembership = async (request: FastifyRequest, join: boolean) => {
    const params = request.params as { org: string; memberId: string; team: string };
    const access = await loadOrganization(db, request, params.org, 'org:read');
    const team = await findTeam(db, access.org.id, params.team);
    if (!team) throw notFound();
    const memberId = params.memberId === 'me' ? (access.member?.id ?? 0) : idParam(params.memberId);
    const member = await findMemberById(db, memberId);
    if (!member || member.organization_id !== access.org.id) throw notFound();
    const self = access.member?.id === member.id;
    // Yourself: leave any time, join with open membership (or as admin+); others: admin, manager, owner.
    if (!(self && (!join || access.org.open_membership || access.allProjects))) assertScope(access, 'team:write');
    if (join) await addTeamMember(db, team.id, member.id);
    else await removeTeamMember(db, team.id, member.id);
    return teamJson(db, access, team.id);
  };

  defineRoute(api, {
    method: 'POST',
    url: '/organizations/:org/members/:memberId/teams/:team/',
    summary: 'Add a member to a team ("me" for yourself)',
    tags: ['teams', 'members'],
    status: 201,
    handler: async (request) => teamMembership(request, true),
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/organizations/:org/members/:memberId/teams/:team/',
    summary: 'Remove a member from a team ("me" for yourself)',
    tags: ['teams', 'members'],
    handler: async (request) => teamMembership(request, false),
  });
}
