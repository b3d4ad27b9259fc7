/**
 * Projects: `/projects/`, `/organizations/:org/projects/`, `/projects/:org/:project/` (settings:
 * name, slug, platform, team, data scrubbing, allowed origins, inbound filters via `options`) and
 * `/projects/:org/:project/filters/` (Sentry's inbound filter toggles).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findTeam } from '../../accounts/index.js';
import { findOrganizationById, listOrganizationsForUser } from '../../accounts/organizations.repository.js';
import { INBOUND_FILTERS, readProjectOptions } from '../../accounts/project-options.js';
import { updateProjectSettings } from '../../accounts/projects.js';
import { deleteProject, listProjects } from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import { loadOrganization, loadProject, projectTeamFilter, requireScope, resolveAccess } from '../auth/index.js';
import { defineRoute, sendPaginated, slugSchema } from '../http.js';
import { serializeOrganization } from '../organizations/serialize.js';
import { viewContext } from '../organizations/view-context.js';
import { serializeProject, serializeProjectDetail } from './serialize.js';

const lines = z.union([z.string().max(65_536), z.array(z.string().max(1024)).max(1000)]);

/** Sentry option keys a project PUT may set inside `options` (others are refused). */
const optionsSchema = z
  .object({
    'filters:blacklisted_ips': lines,
    'filters:releases': lines,
    'filters:error_messages': lines,
    'filters:browser-extensions': z.union([z.boolean(), z.enum(['0', '1'])]),
    'filters:localhost': z.union([z.boolean(), z.enum(['0', '1'])]),
    'filters:web-crawlers': z.union([z.boolean(), z.enum(['0', '1'])]),
    'filters:legacy-browsers': z.union([z.boolean(), z.enum(['0', '1']), z.array(z.string().max(64)).max(50)]),
    'filters:filtered-transaction': z.union([z.boolean(), z.enum(['0', '1'])]),
    'sentry:origins': lines,
    'sentry:resolve_age': z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 365 * 10),
    'sentry:scrub_data': z.boolean(),
    'sentry:scrub_defaults': z.boolean(),
    'sentry:scrub_ip_address': z.boolean(),
    'sentry:sensitive_fields': lines,
    'sentry:safe_fields': lines,
    'sentry:scrape_javascript': z.boolean(),
    'mail:subject_prefix': z.string().max(200),
  })
  .partial()
  .strict();

const projectBody = z.object({
  name: z.string().trim().min(1).max(64).optional(),
  slug: slugSchema.optional(),
  platform: z.string().trim().max(64).nullable().optional(),
  team: z.string().max(100).optional(),
  subjectPrefix: z.string().max(200).optional(),
  allowedDomains: z.array(z.string().trim().min(1).max(1024)).max(1000).optional(),
  resolveAge: z
    .number()
    .int()
    .min(0)
    .max(24 * 365 * 10)
    .optional(),
  dataScrubber: z.boolean().optional(),
  dataScrubberDefaults: z.boolean().optional(),
  sensitiveFields: z.array(z.string().max(1024)).max(1000).optional(),
  safeFields: z.array(z.string().max(1024)).max(1000).optional(),
  scrubIPAddresses: z.boolean().optional(),
  scrapeJavaScript: z.boolean().optional(),
  fingerprintingRules: z.string().max(65_536).optional(),
  groupingEnhancements: z.string().max(65_536).optional(),
  options: optionsSchema.optional(),
});

type ProjectBody = z.infer<typeof projectBody>;

/** Top-level camelCase fields → Sentry option keys. */
function optionPatch(b: ProjectBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined) out[k] = v;
  };
  set('mail:subject_prefix', b.subjectPrefix);
  set('sentry:origins', b.allowedDomains);
  set('sentry:resolve_age', b.resolveAge);
  set('sentry:scrub_data', b.dataScrubber);
  set('sentry:scrub_defaults', b.dataScrubberDefaults);
  set('sentry:sensitive_fields', b.sensitiveFields);
  set('sentry:safe_fields', b.safeFields);
  set('sentry:scrub_ip_address', b.scrubIPAddresses);
  set('sentry:scrape_javascript', b.scrapeJavaScript);
  set('sentry:fingerprinting_rules', b.fingerprintingRules);
  set('sentry:grouping_enhancements', b.groupingEnhancements);
  for (const [k, v] of Object.entries(b.options ?? {})) {
    if (v === undefined) continue;
    // Lists are stored as arrays, flags as booleans ('1'/'0' as Sentry's UI sends them).
    if (typeof v === 'string' && (k.startsWith('filters:') || k.startsWith('sentry:')) && !['0', '1'].includes(v)) {
      out[k] = v
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (v === '1' || v === '0') out[k] = v === '1';
    else out[k] = v;
  }
  return out;
}

export function registerProjectRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  defineRoute(api, {
    method: 'GET',
    url: '/projects/',
    summary: 'Every project the caller can see, across organizations',
    tags: ['projects'],
    handler: async (request, reply) => {
      const p = requireScope(request, 'project:read');
      const orgs =
        p.organizationId !== undefined
          ? [await findOrganizationById(db, p.organizationId)].filter((o) => o !== undefined)
          : p.userId !== null
            ? await listOrganizationsForUser(db, p.userId, false)
            : [];
      const out: unknown[] = [];
      for (const org of orgs) {
        const access = await resolveAccess(db, p, org);
        if (!access) continue;
        const ctx = await viewContext(db, access);
        const filter = await projectTeamFilter(db, access);
        const orgJson = serializeOrganization(org, config.publicUrl);
        for (const pr of await listProjects(db, org.id, filter ?? undefined)) {
          out.push({ ...serializeProject(pr, ctx), organization: orgJson });
        }
      }
      return sendPaginated(request, reply, out);
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/projects/',
    summary: 'Projects of the organization the caller can see',
    tags: ['projects'],
    querystring: z.object({ query: z.string().max(200).optional() }).passthrough(),
    handler: async (request, reply, { query }) => {
      const access = await loadOrganization(db, request, (request.params as { org: string }).org, 'project:read');
      const ctx = await viewContext(db, access);
      const filter = await projectTeamFilter(db, access);
      let projects = await listProjects(db, access.org.id, filter ?? undefined);
      const q = query.query?.toLowerCase().trim();
      if (q) projects = projects.filter((pr) => pr.slug.includes(q) || pr.name.toLowerCase().includes(q));
      return sendPaginated(
        request,
        reply,
        projects.map((pr) => serializeProject(pr, ctx)),
      );
    },
  });

  const detail = async (access: Awaited<ReturnType<typeof loadProject>>) => {
    const ctx = await viewContext(db, access);
    return serializeProjectDetail(access.project, ctx, serializeOrganization(access.org, config.publicUrl));
  };
  const params = (r: { params: unknown }) => r.params as { org: string; project: string };

  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/',
    summary: 'Project details and settings',
    tags: ['projects'],
    handler: async (request) =>
      detail(await loadProject(db, request, params(request).org, params(request).project, 'project:read')),
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/projects/:org/:project/',
    summary: 'Update name, slug, platform, team and settings (scrubbing, allowed origins, inbound filters)',
    tags: ['projects'],
    body: projectBody,
    handler: async (request, _reply, { body }) => {
      const access = await loadProject(db, request, params(request).org, params(request).project, 'project:write');
      let teamId: number | undefined;
      if (body.team !== undefined) {
        const team = await findTeam(db, access.org.id, body.team);
        if (!team) throw new AppError('bad_request', `Invalid team: ${body.team}`);
        teamId = team.id;
      }
      const project = await updateProjectSettings(db, access.project, {
        name: body.name,
        slug: body.slug,
        platform: body.platform,
        teamId,
        options: optionPatch(body),
      });
      return detail({ ...access, project });
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/projects/:org/:project/',
    summary: 'Delete the project with its keys, issues and events',
    tags: ['projects'],
    handler: async (request) => {
      const access = await loadProject(db, request, params(request).org, params(request).project, 'project:admin');
      await deleteProject(db, access.project.id);
      return undefined;
    },
  });

  const filtersJson = (raw: unknown) => {
    const o = readProjectOptions(raw);
    return INBOUND_FILTERS.map((f) => ({
      id: f.id,
      active:
        f.id === 'legacy-browsers' && o.legacyBrowserSubfilters.length > 0
          ? o.legacyBrowserSubfilters
          : o.filters[f.id],
      description: f.name,
      name: f.name,
      hello: `${f.id} - ${f.name}`,
    }));
  };

  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/filters/',
    summary: 'Inbound data filters and whether each is active',
    tags: ['projects'],
    handler: async (request) =>
      filtersJson(
        (await loadProject(db, request, params(request).org, params(request).project, 'project:read')).project.options,
      ),
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/projects/:org/:project/filters/:filterId/',
    summary: 'Turn an inbound filter on or off (legacy-browsers: a list of subfilters)',
    tags: ['projects'],
    body: z.object({
      // legacy-browsers: a list of subfilters, as `subfilters` (Sentry's UI) or in `active` (as GET shows it).
      active: z.union([z.boolean(), z.array(z.string().max(64)).max(50)]).optional(),
      subfilters: z.array(z.string().max(64)).max(50).optional(),
    }),
    status: 204,
    handler: async (request, _reply, { body }) => {
      const { filterId } = request.params as { filterId: string };
      const access = await loadProject(db, request, params(request).org, params(request).project, 'project:write');
      if (!INBOUND_FILTERS.some((f) => f.id === filterId))
        throw new AppError('not_found', 'The requested resource does not exist');
      const list = body.subfilters ?? (Array.isArray(body.active) ? body.active : undefined);
      if (list && filterId !== 'legacy-browsers')
        throw new AppError('bad_request', 'Only legacy-browsers has subfilters.');
      const value = list ?? body.active === true;
      await updateProjectSettings(db, access.project, { options: { [`filters:${filterId}`]: value } });
      return undefined;
    },
  });
}
