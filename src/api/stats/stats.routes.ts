/** Stats routes: `/projects/:org/:project/stats/` and `/organizations/:org/stats_v2/` (see stats.ts). */
import type { FastifyInstance } from 'fastify';
import { listProjects } from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { loadOrganization, loadProject, projectTeamFilter } from '../auth/index.js';
import { defineRoute } from '../http.js';
import { organizationStatsV2, projectStats } from './stats.js';

type Params = Record<string, string>;

export function registerStatsRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/stats/',
    summary: 'A project’s event counts over time',
    tags: ['Stats'],
    handler: async (request) => {
      const p = request.params as Params;
      const access = await loadProject(db, request, p.org ?? '', p.project ?? '', 'project:read');
      return projectStats(db, access.project.id, (request.query ?? {}) as Record<string, unknown>);
    },
  });
  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/stats_v2/',
    summary: 'An organization’s usage stats (outcomes)',
    tags: ['Stats'],
    handler: async (request) => {
      const p = request.params as Params;
      const access = await loadOrganization(db, request, p.org ?? '', 'org:read');
      const teams = await projectTeamFilter(db, access);
      const projects = await listProjects(db, access.org.id, teams ?? undefined);
      return organizationStatsV2(db, projects, (request.query ?? {}) as Record<string, unknown>);
    },
  });
}
