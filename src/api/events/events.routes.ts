/**
 * Event routes (Sentry's paths):
 *   /issues/:id/events/ (+ /organizations/:org/issues/:id/events/)       list (`full`, `query`, cursor)
 *   …/events/{latest,oldest,recommended,<eventId>}/                      one event of the issue
 *   /projects/:org/:project/events/:eventId/                              one event of a project
 *   /organizations/:org/eventids/:eventId/ (and …/events/:eventId/)       resolve an event id
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listProjects } from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { loadOrganization, loadProject, projectTeamFilter } from '../auth/index.js';
import { defineRoute } from '../http.js';
import { loadIssue } from '../issues/issue-context.js';
import { issueEvent, listIssueEvents, projectEvent, resolveEventId } from './events.js';
import { eventGroupingInfo } from './grouping-info.js';

type Params = Record<string, string>;

export function registerEventRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;
  const issueOf = (request: FastifyRequest) => {
    const p = request.params as Params;
    return loadIssue(db, request, p.issueId, 'event:read', p.org);
  };
  for (const prefix of ['/issues/:issueId', '/organizations/:org/issues/:issueId']) {
    defineRoute(api, {
      method: 'GET',
      url: `${prefix}/events/`,
      summary: 'List an issue’s events',
      tags: ['Events'],
      handler: async (request, reply) => listIssueEvents(db, request, reply, await issueOf(request), config.publicUrl),
    });
    defineRoute(api, {
      method: 'GET',
      url: `${prefix}/events/:eventId/`,
      summary: 'Retrieve an issue’s latest, oldest, recommended or given event',
      tags: ['Events'],
      handler: async (request) => issueEvent(db, await issueOf(request), (request.params as Params).eventId ?? ''),
    });
  }
  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/events/:eventId/',
    summary: 'Retrieve an event of a project',
    tags: ['Events'],
    handler: async (request) => {
      const p = request.params as Params;
      const access = await loadProject(db, request, p.org ?? '', p.project ?? '', 'event:read');
      return projectEvent(db, access.project.id, p.eventId);
    },
  });
  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/events/:eventId/grouping-info/',
    summary: 'Explain how an event was grouped (variants, hashes, component trees)',
    tags: ['Events'],
    handler: async (request) => {
      const p = request.params as Params;
      const access = await loadProject(db, request, p.org ?? '', p.project ?? '', 'event:read');
      return eventGroupingInfo(db, access.project.id, p.eventId);
    },
  });
  for (const url of ['/organizations/:org/eventids/:eventId/', '/organizations/:org/events/:eventId/']) {
    defineRoute(api, {
      method: 'GET',
      url,
      summary: 'Resolve an event id to its project and issue',
      tags: ['Events'],
      handler: async (request) => {
        const p = request.params as Params;
        const access = await loadOrganization(db, request, p.org ?? '', 'event:read');
        const teams = await projectTeamFilter(db, access);
        const projects = await listProjects(db, access.org.id, teams ?? undefined);
        return resolveEventId(db, access.org.slug, projects, p.eventId);
      },
    });
  }
}
