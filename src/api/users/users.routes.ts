/** The current user: `/users/me/`, password change, regions (sentry-cli). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changePassword } from '../../accounts/auth-service.js';
import { hashToken } from '../../accounts/index.js';
import { findUserById, updateUser } from '../../accounts/users.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import { requireUser, sessionIdOf } from '../auth/index.js';
import { defineRoute } from '../http.js';
import { serializeUser } from './serialize.js';

const passwordBody = z
  .object({
    passwordOld: z.string().max(256).optional(),
    /** Sentry's name for the current password. */
    password: z.string().max(256).optional(),
    passwordNew: z.string().min(1).max(256),
    passwordVerify: z.string().max(256).optional(),
  })
  .refine((b) => b.passwordOld !== undefined || b.password !== undefined, {
    message: 'passwordOld is required',
    path: ['passwordOld'],
  })
  .refine((b) => b.passwordVerify === undefined || b.passwordVerify === b.passwordNew, {
    message: 'The passwords do not match',
    path: ['passwordVerify'],
  });

export function registerUserRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  const me = async (userId: number) => {
    const user = await findUserById(db, userId);
    if (!user) throw new AppError('unauthorized', 'User inactive or deleted');
    return user;
  };

  defineRoute(api, {
    method: 'GET',
    url: '/users/me/',
    summary: 'The authenticated user',
    tags: ['users'],
    handler: async (request) => serializeUser(await me(requireUser(request).userId)),
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/users/me/',
    summary: 'Update the authenticated user (name)',
    tags: ['users'],
    body: z.object({ name: z.string().trim().min(1).max(200).optional() }),
    handler: async (request, _reply, { body }) => {
      const { userId } = requireUser(request);
      await me(userId);
      const user = await updateUser(db, userId, body.name ? { name: body.name } : {});
      return serializeUser(user);
    },
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/users/me/password/',
    summary: 'Change the password (ends the other sessions of the user)',
    tags: ['users'],
    body: passwordBody,
    status: 204,
    handler: async (request, _reply, { body }) => {
      const user = await me(requireUser(request).userId);
      const sid = sessionIdOf(request);
      await changePassword(
        db,
        user,
        body.passwordOld ?? body.password ?? '',
        body.passwordNew,
        request.ip ?? 'unknown',
        sid ? hashToken(sid) : undefined,
      );
      return undefined;
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/users/me/regions/',
    summary: 'Regions of the user (one: this server), for sentry-cli',
    tags: ['users'],
    handler: async (request) => {
      requireUser(request);
      return { regions: [{ name: 'default', url: config.publicUrl }] };
    },
  });
}
