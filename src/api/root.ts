/** `GET /api/0/`: sentry-cli's auth check (`sentry-cli info`); anonymous callers get nulls, as Sentry. */
import type { FastifyInstance } from 'fastify';
import { findUserById } from '../accounts/users.repository.js';
import type { AppDeps } from '../server/app.js';
import { defineRoute } from './http.js';
import { serializeUser } from './users/serialize.js';

export function registerRoot(api: FastifyInstance, deps: AppDeps): void {
  defineRoute(api, {
    method: 'GET',
    url: '/',
    summary: 'API root: version, the credential’s scopes and user',
    tags: ['root'],
    handler: async (request) => {
      const p = request.principal;
      const user = p?.userId ? await findUserById(deps.db, p.userId) : undefined;
      return {
        version: '0',
        auth: p ? { scopes: [...p.scopes].sort() } : null,
        user: user ? serializeUser(user) : null,
      };
    },
  });
}
