/**
 * buildApp(deps): the HTTP application with every route mounted, not listening. `serve.ts` alone
 * connects and listens; tests call buildApp() and use `app.inject()`.
 */
import http from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { registerApi } from '../api/index.js';
import type { Config } from '../config/index.js';
import { handlesMethod, type IngestHttp, matchIngestPath, registerIngest } from '../ingest/index.js';
import type { Queue } from '../queue/types.js';
import { AppError, httpStatusOf } from '../shared/errors.js';
import type { Db } from '../storage/index.js';
import { registerAdminBridge } from './admin-bridge.js';
import { registerHealth } from './health.js';
import { registerWebStatic } from './web-static.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Where ingest puts accepted envelopes; the pipeline consumes them. */
  queue?: Queue;
}

export interface BuildAppOptions {
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
}

export async function buildApp(deps: AppDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  // The ingest endpoints are answered straight from node:http, ahead of Fastify's request cycle
  // (docs/decisions/0002); everything else, and ingest paths the quick match misses, go to Fastify.
  let ingest: IngestHttp | undefined;
  const app = Fastify({
    serverFactory: (fastifyHandler, options) => {
      const server = http.createServer((req, res) => {
        const route = ingest && req.url !== undefined ? matchIngestPath(req.url) : null;
        if (route && handlesMethod(route, req.method)) ingest!.handle(req, res, route);
        else fastifyHandler(req, res);
      });
      // What Fastify sets on servers it creates itself.
      const o = options as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      if (o.keepAliveTimeout !== undefined) server.keepAliveTimeout = o.keepAliveTimeout;
      if (o.requestTimeout !== undefined) server.requestTimeout = o.requestTimeout;
      if (o.connectionTimeout !== undefined) server.setTimeout(o.connectionTimeout);
      return server;
    },
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    // Ingest bodies are bounded per route; this is the outer limit for everything else.
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.FAULTLINE_TRUST_PROXY === '1',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Per-request access logs would cost more than the ingest work itself; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.setErrorHandler((err, request, reply) => {
    const status = httpStatusOf(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    if (err instanceof AppError && err.headers) reply.headers(err.headers);
    const detail = status >= 500 && !(err instanceof AppError) ? 'Internal error' : (err as Error).message;
    reply.status(status).send({ detail });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ detail: `The requested resource does not exist: ${request.method} ${request.url.split('?')[0]}` });
  });

  registerHealth(app, deps);
  ingest = (await registerIngest(app, deps)).http;
  registerAdminBridge(app, deps);
  await registerApi(app, deps);
  await registerWebStatic(app);
  return app;
}
