/**
 * Faultline's session endpoints (Sentry-like): `GET /auth/config/`, `POST /auth/register/`,
 * `POST /auth/login/`, `DELETE /auth/` (logout).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate, canRegister, registerUser } from '../../accounts/auth-service.js';
import { countUsers, hashToken } from '../../accounts/index.js';
import { deleteSession } from '../../accounts/sessions.repository.js';
import { findUserById } from '../../accounts/users.repository.js';
import type { AppDeps } from '../../server/app.js';
import { defineRoute } from '../http.js';
import { serializeUser } from '../users/serialize.js';
import { requireAuth } from './principal.js';
import { clearSessionCookies, sessionIdOf, setSessionCookies, startSession } from './sessions.js';

const email = z.string().trim().min(3).max(254).email();
const password = z.string().min(1).max(256);

const registerBody = z.object({
  email,
  password,
  name: z.string().trim().max(200).optional(),
  organization: z.string().trim().min(1).max(64).optional(),
  invite: z.object({ memberId: z.coerce.number().int().positive(), token: z.string().min(1).max(200) }).optional(),
});

const loginBody = z.object({ email: z.string().trim().min(1).max(320), password });

export function registerAuthRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  defineRoute(api, {
    method: 'GET',
    url: '/auth/config/',
    summary: 'Whether users exist, whether sign-up is open, and the current user',
    tags: ['auth'],
    handler: async (request, reply) => {
      const hasUsers = (await countUsers(db)) > 0;
      const p = request.principal;
      const user = p?.userId ? await findUserById(db, p.userId) : undefined;
      // Re-send the CSRF cookie so a UI that lost it can recover.
      const sid = sessionIdOf(request);
      if (sid) setSessionCookies(reply, config, sid);
      return { hasUsers, canRegister: await canRegister(db), user: user ? serializeUser(user) : null };
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/auth/register/',
    summary: 'Sign up (first user, open sign-up, or with an invitation) and log in',
    tags: ['auth'],
    body: registerBody,
    status: 201,
    handler: async (request, reply, { body }) => {
      const user = await registerUser(db, {
        email: body.email,
        password: body.password,
        name: body.name,
        organizationName: body.organization,
        invite: body.invite,
      });
      await startSession(db, config, request, reply, user.id);
      return { user: serializeUser(user) };
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/auth/login/',
    summary: 'Log in with email and password; sets the fl_session and fl_csrf cookies',
    tags: ['auth'],
    body: loginBody,
    handler: async (request, reply, { body }) => {
      const user = await authenticate(db, body.email, body.password, request.ip ?? 'unknown');
      const previous = sessionIdOf(request);
      if (previous) await deleteSession(db, hashToken(previous));
      await startSession(db, config, request, reply, user.id);
      return { user: serializeUser(user) };
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/auth/',
    summary: 'Log out (ends the session)',
    tags: ['auth'],
    handler: async (request, reply) => {
      requireAuth(request);
      const sid = sessionIdOf(request);
      if (sid) await deleteSession(db, hashToken(sid));
      clearSessionCookies(reply, config);
      return undefined;
    },
  });
}
