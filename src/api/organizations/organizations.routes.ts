/** `/organizations/` and `/organizations/:org/` (list, create, details, update, delete). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findOrganizationBySlug } from '../../accounts/index.js';
import { createOrganization } from '../../accounts/organizations.js';
import {
  deleteOrganization,
  findOrganizationById,
  listOrganizationsForUser,
  updateOrganization,
} from '../../accounts/organizations.repository.js';
import { countTeamMembers, listProjects } from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import type { Organization } from '../../storage/index.js';
import { loadOrganization, projectTeamFilter, requireScope, resolveAccess } from '../auth/index.js';
import { defineRoute, sendPaginated, slugSchema } from '../http.js';
import { serializeProject } from '../projects/serialize.js';
import { serializeTeam } from '../teams/serialize.js';
import { serializeOrganization, serializeOrganizationDetail } from './serialize.js';
import { viewContext } from './view-context.js';

const orgParams = z.object({ org: z.string().max(100) });

function slugFromName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s || 'organization';
}

export function registerOrganizationRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/',
    summary: 'Organizations the caller belongs to (superusers: all with ?show=all)',
    tags: ['organizations'],
    querystring: z.object({ show: z.string().optional(), query: z.string().max(200).optional() }).passthrough(),
    handler: async (request, reply, { query }) => {
      const p = requireScope(request, 'org:read');
      let orgs: Organization[];
      if (p.organizationId !== undefined) {
        const org = await findOrganizationById(db, p.organizationId);
        orgs = org ? [org] : [];
      } else if (p.userId !== null) {
        orgs = await listOrganizationsForUser(db, p.userId, p.isSuperuser && query.show === 'all');
      } else {
        orgs = [];
      }
      const q = query.query?.toLowerCase();
      if (q) orgs = orgs.filter((o) => o.slug.includes(q) || o.name.toLowerCase().includes(q));
      return sendPaginated(
        request,
        reply,
        orgs.map((o) => serializeOrganization(o, config.publicUrl)),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/organizations/',
    summary: 'Create an organization (the caller becomes its owner)',
    tags: ['organizations'],
    body: z.object({
      name: z.string().trim().min(1).max(64),
      slug: slugSchema.optional(),
      agreeTerms: z.boolean().optional(),
    }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      const p = requireScope(request, 'org:write');
      if (p.userId === null) throw new AppError('forbidden', 'Organization tokens cannot create organizations.');
      const org = await createOrganization(db, p.userId, {
        name: body.name,
        slug: body.slug ?? slugFromName(body.name),
      });
      return serializeOrganization(org, config.publicUrl);
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/',
    summary: 'Organization details with the caller’s role, scopes, teams and projects',
    tags: ['organizations'],
    params: orgParams,
    handler: async (request, _reply, { params }) => {
      const access = await loadOrganization(db, request, params.org, 'org:read');
      const ctx = await viewContext(db, access);
      const teams = [...ctx.teamsById.values()];
      const counts = await countTeamMembers(
        db,
        teams.map((t) => t.id),
      );
      const filter = await projectTeamFilter(db, access);
      const projects = await listProjects(db, access.org.id, filter ?? undefined);
      return serializeOrganizationDetail(access, config.publicUrl, {
        teams: teams.map((t) => serializeTeam(t, { ...ctx, memberCounts: counts })),
        projects: projects.map((pr) => serializeProject(pr, ctx)),
      });
    },
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/organizations/:org/',
    summary: 'Update name, slug or open membership',
    tags: ['organizations'],
    params: orgParams,
    body: z.object({
      name: z.string().trim().min(1).max(64).optional(),
      slug: slugSchema.optional(),
      openMembership: z.boolean().optional(),
    }),
    handler: async (request, _reply, { params, body }) => {
      const access = await loadOrganization(db, request, params.org, 'org:write');
      if (body.slug && body.slug !== access.org.slug && (await findOrganizationBySlug(db, body.slug))) {
        throw new AppError('conflict', 'An organization with this slug already exists.');
      }
      const org = await updateOrganization(db, access.org.id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.slug !== undefined ? { slug: body.slug } : {}),
        ...(body.openMembership !== undefined ? { open_membership: body.openMembership } : {}),
      });
      const p = request.principal;
      const fresh = p ? await resolveAccess(db, p, org) : null;
      return serializeOrganizationDetail(fresh ?? { ...access, org }, config.publicUrl);
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/organizations/:org/',
    summary: 'Delete the organization with all its teams, projects and events (owners)',
    tags: ['organizations'],
    params: orgParams,
    handler: async (request, _reply, { params }) => {
      const access = await loadOrganization(db, request, params.org, 'org:admin');
      await deleteOrganization(db, access.org.id);
      return undefined;
    },
  });
}
