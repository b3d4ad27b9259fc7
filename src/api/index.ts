/**
 * The REST API under /api/0/ (Sentry's paths and JSON shapes). Each resource registers its
 * routes here, in one readable list.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/app.js';

export async function registerApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(
    async (api) => {
      // Resources, one line each:
      void api;
      void deps;
    },
    { prefix: '/api/0' },
  );
}
