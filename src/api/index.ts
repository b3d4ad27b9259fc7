/**
 * The REST API under /api/0/ (Sentry's paths and JSON shapes). Each resource registers its
 * routes here, in one readable list.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/app.js';
import { registerAuth } from './auth/index.js';

export async function registerApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(
    async (api) => {
      // Every /api/0 route: request.principal from bearer token or session cookie; CSRF for cookie writes.
      registerAuth(api, deps);
      // Resources, one line each:
      void api;
      void deps;
    },
    { prefix: '/api/0' },
  );
}
