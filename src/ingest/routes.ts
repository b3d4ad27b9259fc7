/**
 * Mounts ingest on the app (docs/sentry-protocol.md §1-2). The endpoints themselves live in
 * http.ts on plain node:http objects; a listening server dispatches them before Fastify
 * (server/app.ts, docs/decisions/0002). Here Fastify gets the same paths too, each delegating to
 * the same handler with the request body untouched, so `app.inject()` and paths the quick match
 * does not take behave exactly alike.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { Queue } from '../queue/types.js';
import { type Db, upsertOutcomes } from '../storage/index.js';
import { IngestHttp, matchIngestPath } from './http.js';
import { IngestService } from './ingest-service.js';
import { dbKeyLookup } from './key-cache.js';
import { OutcomeRecorder } from './outcomes.js';

export interface IngestDeps {
  config: Config;
  db: Db;
  queue?: Queue | undefined;
}

export interface MountedIngest {
  service: IngestService;
  http: IngestHttp;
}

export async function registerIngest(app: FastifyInstance, deps: IngestDeps): Promise<MountedIngest> {
  const outcomes = new OutcomeRecorder(
    (rows) => upsertOutcomes(deps.db, rows),
    1_000,
    (err) => app.log.warn({ err }, 'could not store outcomes'),
  );
  let redis: Redis | undefined;
  if (deps.config.redisUrl) {
    redis = new Redis(deps.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
    redis.on('error', () => {});
  }
  const service = new IngestService({
    config: deps.config,
    queue: deps.queue,
    lookup: dbKeyLookup(deps.db),
    outcomes,
    redis,
  });
  const http = new IngestHttp(service, {
    trustProxy: process.env.FAULTLINE_TRUST_PROXY === '1',
    log: app.log,
  });
  app.addHook('preClose', async () => http.close());
  app.addHook('onClose', async () => {
    await service.close();
    await outcomes.close();
  });

  function delegate(request: FastifyRequest, reply: FastifyReply): void {
    const route = matchIngestPath(request.raw.url ?? '/');
    if (!route) {
      reply.status(404).send({ detail: `The requested resource does not exist: ${request.method}` });
      return;
    }
    reply.hijack();
    http.handle(request.raw, reply.raw, route);
  }

  await app.register(async (scope) => {
    // Leave the body stream unread: the handler reads (and bounds) it itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    for (const url of [
      '/api/:projectId/envelope/',
      '/api/:projectId/envelope',
      '/api/:projectId/security/',
      '/api/:projectId/security',
      '/api/:projectId/csp-report/',
      '/api/:projectId/csp-report',
    ]) {
      scope.post(url, delegate);
      scope.options(url, delegate);
    }
    for (const url of [
      '/api/:projectId/store/',
      '/api/:projectId/store',
      '/api/store/',
      '/api/store',
      '/api/:projectId/cron/:monitorSlug/',
      '/api/:projectId/cron/:monitorSlug',
      '/api/:projectId/cron/:monitorSlug/:publicKey/',
      '/api/:projectId/cron/:monitorSlug/:publicKey',
    ]) {
      scope.post(url, delegate);
      scope.get(url, delegate);
      scope.options(url, delegate);
    }
  });
  return { service, http };
}
