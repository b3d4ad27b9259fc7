import type { FastifyInstance } from 'fastify';
import { checkDatabase } from '../storage/index.js';
import type { AppDeps } from './app.js';

/** `GET /_health/`: 200 `ok` when the database answers, 503 otherwise. */
export function registerHealth(app: FastifyInstance, deps: AppDeps): void {
  app.get('/_health/', async (_request, reply) => {
    try {
      await checkDatabase(deps.db);
    } catch (err) {
      reply.log.warn({ err }, 'health check: database unavailable');
      return reply.status(503).type('text/plain').send('database unavailable');
    }
    return reply.type('text/plain').send('ok');
  });
}
