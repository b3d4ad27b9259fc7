/**
 * `GET /api/0/organizations/:org/live/` — server-sent events (Faultline's own): `event: issue`
 * with `{id, projectId, count, lastSeen, isNew}` whenever the pipeline stores events for an
 * issue of a project the caller can see. A comment line every 25 s keeps proxies from closing
 * the stream; at most MAX_CLIENTS streams per process.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { listProjectIds } from '../../accounts/organizations.repository.js';
import type { IssueNotification } from '../../pipeline/index.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import { loadOrganization, projectTeamFilter } from '../auth/index.js';
import { defineRoute } from '../http.js';
import { LiveHub } from './live-hub.js';

const MAX_CLIENTS = 1000;
const HEARTBEAT_MS = 25_000;
/** Visible projects are re-read this often (projects and team membership change). */
const REFRESH_MS = 60_000;

export function liveMessage(n: IssueNotification): string {
  const data = {
    id: String(n.issueId),
    projectId: String(n.projectId),
    count: n.count,
    lastSeen: new Date(n.lastSeen).toISOString(),
    isNew: n.isNew,
    isRegression: n.isRegression,
  };
  return `event: issue\ndata: ${JSON.stringify(data)}\n\n`;
}

export function registerLiveRoutes(api: FastifyInstance, deps: AppDeps): void {
  const hub = new LiveHub();
  const open = new Set<FastifyReply>();
  api.addHook('onClose', async () => {
    for (const reply of open) reply.raw.end();
    open.clear();
    hub.close();
  });

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/live/',
    summary: 'Live issue updates (server-sent events)',
    tags: ['Issues'],
    handler: async (request, reply) => {
      const { org: orgSlug = '' } = request.params as Record<string, string>;
      const access = await loadOrganization(deps.db, request, orgSlug, 'event:read');
      if (open.size >= MAX_CLIENTS) throw new AppError('unavailable', 'Too many live connections');
      const visible = async () =>
        new Set(await listProjectIds(deps.db, access.org.id, (await projectTeamFilter(deps.db, access)) ?? undefined));
      let projects = await visible();

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 5000\n: connected\n\n');
      open.add(reply);
      const unsubscribe = hub.subscribe((n) => {
        if (n.organizationId !== access.org.id || !projects.has(n.projectId)) return;
        // A slow client that stops reading is dropped rather than buffered without bound.
        if (res.writableLength > 1024 * 1024) res.destroy();
        else res.write(liveMessage(n));
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      const refresh = setInterval(() => {
        visible()
          .then((p) => {
            projects = p;
          })
          .catch(() => {});
      }, REFRESH_MS);
      heartbeat.unref();
      refresh.unref();
      const cleanup = () => {
        clearInterval(heartbeat);
        clearInterval(refresh);
        unsubscribe();
        open.delete(reply);
      };
      // The response closes when the client goes away (or the server shuts the stream).
      res.on('close', cleanup);
      return reply;
    },
  });
}
