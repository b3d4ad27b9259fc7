/**
 * The REST API under /api/0/ (Sentry's paths and JSON shapes). Each resource registers its
 * routes here, in one readable list.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/app.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerAuth } from './auth/index.js';
import { registerAttachmentRoutes } from './events/attachments.js';
import { registerEventRoutes } from './events/events.routes.js';
import { registerHttpHelpers } from './http.js';
import { registerIssueRoutes } from './issues/issues.routes.js';
import { registerLiveRoutes } from './live/live.routes.js';
import { registerMemberRoutes } from './members/members.routes.js';
import { collectApiRoutes, registerOpenApi } from './openapi.js';
import { registerOrganizationRoutes } from './organizations/organizations.routes.js';
import { registerKeyRoutes } from './projects/keys.routes.js';
import { registerProjectRoutes } from './projects/projects.routes.js';
import { registerRoot } from './root.js';
import { registerStatsRoutes } from './stats/stats.routes.js';
import { registerTeamRoutes } from './teams/teams.routes.js';
import { registerTokenRoutes } from './tokens/tokens.routes.js';
import { registerUserRoutes } from './users/users.routes.js';

export async function registerApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Every /api/0 route (also those added below by other resources) goes into /api/0/openapi.json.
  const routes = collectApiRoutes(app);
  await app.register(
    async (api) => {
      // Every /api/0 route: request.principal from bearer token or session cookie; CSRF for cookie writes.
      registerAuth(api, deps);
      registerHttpHelpers(api, deps.config.publicUrl);
      // Resources, one line each:
      registerRoot(api, deps);
      registerOpenApi(api, deps, routes);
      registerAuthRoutes(api, deps);
      registerUserRoutes(api, deps);
      registerTokenRoutes(api, deps);
      registerOrganizationRoutes(api, deps);
      registerTeamRoutes(api, deps);
      registerMemberRoutes(api, deps);
      registerProjectRoutes(api, deps);
      registerKeyRoutes(api, deps);
      registerIssueRoutes(api, deps);
      registerEventRoutes(api, deps);
      registerAttachmentRoutes(api, deps);
      registerStatsRoutes(api, deps);
      registerLiveRoutes(api, deps);
      void api;
      void deps;
    },
    { prefix: '/api/0' },
  );
}
