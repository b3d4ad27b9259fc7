/**
 * Routes of the issue stream and single issues (Sentry's paths):
 *   /organizations/:org/issues/, /projects/:org/:project/issues/  GET list · PUT bulk · DELETE bulk
 *   /issues/:id/ and /organizations/:org/issues/:id/              GET · PUT · DELETE
 *   …/:id/tags/, …/tags/:key/, …/tags/:key/values/, …/hashes/ (GET, PUT = unmerge),
 *   …/notes/ and …/comments/ (GET, POST; /:noteId/ PUT, DELETE), …/activities/
 * Scopes as Sentry: reads event:read, changes event:write, deletes event:admin.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { listProjects } from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import type { Db } from '../../storage/index.js';
import { loadOrganization, loadProject, NO_PERMISSION, projectTeamFilter, requireAuth } from '../auth/index.js';
import { defineRoute } from '../http.js';
import { offsetPage, parseCursor, parseLimit, setLinkHeader } from '../pagination.js';
import { type LoadedIssue, loadIssue } from './issue-context.js';
import { deleteIssue, issueDetail, updateIssue } from './issue-detail.js';
import { issueActivities, issueHashes, issueTagKey, issueTags, issueTagValues, unmergeHashes } from './issue-extras.js';
import { bulkDeleteIssues, bulkUpdateIssues, type IssueScope, listIssues, many } from './issue-list.js';
import { createNote, deleteNote, listNotes, updateNote } from './issue-notes.js';
import { parseIssueUpdate } from './mutate.js';

type Params = Record<string, string>;
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function route(app: FastifyInstance, method: HTTPMethods, urls: string[], summary: string, handler: Handler) {
  for (const url of urls) {
    defineRoute(app, { method, url, summary, tags: ['Issues'], handler: (request, reply) => handler(request, reply) });
  }
}

const viewerOf = (request: FastifyRequest) => requireAuth(request).userId;

/** The organization's projects the caller may search, narrowed by `?project=` (ids; -1 = all). */
async function orgIssueScope(db: Db, request: FastifyRequest, orgSlug: string, scope: string): Promise<IssueScope> {
  const access = await loadOrganization(db, request, orgSlug, scope);
  const teams = await projectTeamFilter(db, access);
  let projects = await listProjects(db, access.org.id, teams ?? undefined);
  const requested = many((request.query as Record<string, unknown>)?.project);
  if (requested.length > 0 && !requested.includes('-1')) {
    if (!requested.every((p) => /^\d{1,10}$/.test(p))) throw new AppError('bad_request', 'Invalid project parameter');
    const want = new Set(requested.map(Number));
    const visible = new Set(projects.map((p) => p.id));
    for (const id of want) if (!visible.has(id)) throw new AppError('forbidden', NO_PERMISSION);
    projects = projects.filter((p) => want.has(p.id));
  }
  return { org: access.org, projects, viewerUserId: viewerOf(request) };
}

async function projectIssueScope(db: Db, request: FastifyRequest, scope: string): Promise<IssueScope> {
  const p = request.params as Params;
  const access = await loadProject(db, request, p.org ?? '', p.project ?? '', scope);
  return { org: access.org, projects: [access.project], viewerUserId: viewerOf(request) };
}

/** Both forms of an issue path: `/issues/:id<suffix>` and `/organizations/:org/issues/:id<suffix>`. */
const issuePaths = (suffix: string) => [`/issues/:issueId${suffix}`, `/organizations/:org/issues/:issueId${suffix}`];

export function registerIssueRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;
  const baseUrl = config.publicUrl;
  const issueOf = (request: FastifyRequest, scope: string): Promise<LoadedIssue> => {
    const p = request.params as Params;
    return loadIssue(db, request, p.issueId, scope, p.org);
  };

  // The stream.
  route(api, 'GET', ['/organizations/:org/issues/'], 'List an organization’s issues', async (request, reply) =>
    listIssues(
      db,
      request,
      reply,
      await orgIssueScope(db, request, (request.params as Params).org ?? '', 'event:read'),
      baseUrl,
    ),
  );
  route(api, 'GET', ['/projects/:org/:project/issues/'], 'List a project’s issues', async (request, reply) =>
    listIssues(db, request, reply, await projectIssueScope(db, request, 'event:read'), baseUrl),
  );
  route(api, 'PUT', ['/organizations/:org/issues/'], 'Bulk update issues', async (request, reply) =>
    bulkUpdateIssues(
      db,
      request,
      reply,
      await orgIssueScope(db, request, (request.params as Params).org ?? '', 'event:write'),
    ),
  );
  route(api, 'PUT', ['/projects/:org/:project/issues/'], 'Bulk update a project’s issues', async (request, reply) =>
    bulkUpdateIssues(db, request, reply, await projectIssueScope(db, request, 'event:write')),
  );
  route(api, 'DELETE', ['/organizations/:org/issues/'], 'Bulk delete issues', async (request, reply) =>
    bulkDeleteIssues(
      db,
      request,
      reply,
      await orgIssueScope(db, request, (request.params as Params).org ?? '', 'event:admin'),
    ),
  );
  route(api, 'DELETE', ['/projects/:org/:project/issues/'], 'Bulk delete a project’s issues', async (request, reply) =>
    bulkDeleteIssues(db, request, reply, await projectIssueScope(db, request, 'event:admin')),
  );

  // One issue.
  route(api, 'GET', issuePaths('/'), 'Retrieve an issue', async (request) =>
    issueDetail(db, await issueOf(request, 'event:read'), viewerOf(request), baseUrl),
  );
  route(api, 'PUT', issuePaths('/'), 'Update an issue', async (request) => {
    const loaded = await issueOf(request, 'event:write');
    return updateIssue(db, loaded, viewerOf(request), baseUrl, parseIssueUpdate(request.body));
  });
  route(api, 'DELETE', issuePaths('/'), 'Delete an issue', async (request, reply) => {
    await deleteIssue(db, await issueOf(request, 'event:admin'));
    return reply.status(202).send();
  });

  // Tags.
  route(api, 'GET', issuePaths('/tags/'), 'List an issue’s tags with their top values', async (request) =>
    issueTags(db, request, await issueOf(request, 'event:read')),
  );
  route(api, 'GET', issuePaths('/tags/:key/'), 'Retrieve one tag of an issue', async (request) =>
    issueTagKey(db, await issueOf(request, 'event:read'), (request.params as Params).key ?? ''),
  );
  route(api, 'GET', issuePaths('/tags/:key/values/'), 'List values of one tag of an issue', async (request, reply) =>
    issueTagValues(db, request, reply, await issueOf(request, 'event:read'), baseUrl),
  );

  // Hashes (and unmerge).
  route(api, 'GET', issuePaths('/hashes/'), 'List an issue’s hashes', async (request, reply) =>
    issueHashes(db, request, reply, await issueOf(request, 'event:read'), baseUrl),
  );
  route(api, 'PUT', issuePaths('/hashes/'), 'Unmerge hashes into a new issue', async (request, reply) => {
    const loaded = await issueOf(request, 'event:write');
    await unmergeHashes(db, loaded, many((request.query as Record<string, unknown>)?.id), viewerOf(request));
    return reply.status(202).send();
  });

  // Notes (Sentry: /notes/; Faultline also /comments/).
  const notePaths = [...issuePaths('/notes/'), ...issuePaths('/comments/')];
  const noteItemPaths = [...issuePaths('/notes/:noteId/'), ...issuePaths('/comments/:noteId/')];
  route(api, 'GET', notePaths, 'List an issue’s notes', async (request, reply) => {
    const loaded = await issueOf(request, 'event:read');
    const q = (request.query ?? {}) as Record<string, unknown>;
    const limit = parseLimit(q, 100);
    const offset = parseCursor(q.cursor)?.offset ?? 0;
    const { page, links } = offsetPage(await listNotes(db, loaded, limit, offset), offset, limit);
    setLinkHeader(reply, request, baseUrl, links);
    return page;
  });
  route(api, 'POST', notePaths, 'Add a note to an issue', async (request, reply) => {
    const loaded = await issueOf(request, 'event:write');
    const note = await createNote(db, loaded, viewerOf(request), request.body);
    return reply.status(201).send(note);
  });
  route(api, 'PUT', noteItemPaths, 'Edit a note', async (request) => {
    const loaded = await issueOf(request, 'event:write');
    return updateNote(db, loaded, (request.params as Params).noteId, viewerOf(request), request.body);
  });
  route(api, 'DELETE', noteItemPaths, 'Delete a note', async (request, reply) => {
    const loaded = await issueOf(request, 'event:write');
    await deleteNote(db, loaded, (request.params as Params).noteId, viewerOf(request));
    return reply.status(204).send();
  });

  // Activity log.
  route(api, 'GET', issuePaths('/activities/'), 'An issue’s activity log', async (request) =>
    issueActivities(db, await issueOf(request, 'event:read')),
  );
}
