/**
 * Authentication and access control for /api/0, used by every API resource:
 * `registerAuth` (principal from bearer token or session cookie, CSRF), `requireScope`,
 * `loadOrganization` / `loadProject` / `loadProjectById` / `accessibleProjectIds`.
 */
export {
  accessibleProjectIds,
  assertScope,
  canSeeProject,
  loadOrganization,
  loadProject,
  loadProjectById,
  type OrganizationAccess,
  type ProjectAccess,
  projectTeamFilter,
  resolveAccess,
} from './access.js';
export { CSRF_COOKIE, SESSION_COOKIE } from './cookies.js';
export {
  NO_PERMISSION,
  NOT_AUTHENTICATED,
  type Principal,
  requireAuth,
  requireScope,
  requireUser,
} from './principal.js';
export { type AuthDeps, registerAuth } from './register-auth.js';
export { clearSessionCookies, csrfTokenFor, sessionIdOf, startSession } from './sessions.js';
