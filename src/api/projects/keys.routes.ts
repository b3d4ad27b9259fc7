/**
 * Project keys (DSNs): `/projects/:org/:project/keys/` and `/keys/:keyId/` (the key id is the
 * public key, as Sentry), plus `/keys/:keyId/rotate/` (Faultline: new public and secret key in
 * place, same label and limits; the old DSN stops working at once).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { insertProjectKey, newKeyHex } from '../../accounts/index.js';
import {
  deleteProjectKey,
  findProjectKey,
  listProjectKeys,
  updateProjectKey,
} from '../../accounts/projects.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import { loadProject } from '../auth/index.js';
import { defineRoute, sendPaginated } from '../http.js';
import { serializeProjectKey } from './serialize.js';

const rateLimit = z
  .object({
    window: z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400 * 30)
      .nullable()
      .optional(),
    count: z.coerce.number().int().min(0).max(1_000_000_000).nullable().optional(),
  })
  .nullable()
  .optional();

function rateLimitColumns(r: z.infer<typeof rateLimit>) {
  if (r === undefined) return {};
  if (r === null || r.window == null || r.count == null) return { rate_limit_count: null, rate_limit_window: null };
  return { rate_limit_count: r.count, rate_limit_window: r.window };
}

export function registerKeyRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;
  const params = (r: FastifyRequest) => r.params as { org: string; project: string; keyId: string };

  const loadKey = async (request: FastifyRequest, scope: string) => {
    const p = params(request);
    const access = await loadProject(db, request, p.org, p.project, scope);
    const key = /^[0-9a-f]{32}$/.test(p.keyId) ? await findProjectKey(db, access.project.id, p.keyId) : undefined;
    if (!key) throw new AppError('not_found', 'The requested resource does not exist');
    return { access, key };
  };

  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/keys/',
    summary: 'DSN keys of the project',
    tags: ['keys'],
    querystring: z.object({ status: z.enum(['active', 'inactive']).optional() }).passthrough(),
    handler: async (request, reply, { query }) => {
      const access = await loadProject(db, request, params(request).org, params(request).project, 'project:read');
      let keys = await listProjectKeys(db, access.project.id);
      if (query.status) keys = keys.filter((k) => k.is_active === (query.status === 'active'));
      return sendPaginated(
        request,
        reply,
        keys.map((k) => serializeProjectKey(config.publicUrl, k)),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/projects/:org/:project/keys/',
    summary: 'Create a DSN key',
    tags: ['keys'],
    body: z.object({ name: z.string().trim().max(64).optional(), rateLimit }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      const access = await loadProject(db, request, params(request).org, params(request).project, 'project:write');
      const existing = await listProjectKeys(db, access.project.id);
      if (existing.length >= 100) throw new AppError('bad_request', 'A project can have at most 100 keys.');
      const key = await insertProjectKey(db, {
        project_id: access.project.id,
        label: body.name || 'Default',
        public_key: newKeyHex(),
        secret_key: newKeyHex(),
      });
      const cols = rateLimitColumns(body.rateLimit);
      const saved = Object.keys(cols).length > 0 ? await updateProjectKey(db, key.id, cols) : key;
      return serializeProjectKey(config.publicUrl, saved);
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/projects/:org/:project/keys/:keyId/',
    summary: 'One DSN key',
    tags: ['keys'],
    handler: async (request) => serializeProjectKey(config.publicUrl, (await loadKey(request, 'project:read')).key),
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/projects/:org/:project/keys/:keyId/',
    summary: 'Rename, enable/disable or rate-limit a DSN key',
    tags: ['keys'],
    body: z.object({ name: z.string().trim().max(64).optional(), isActive: z.boolean().optional(), rateLimit }),
    handler: async (request, _reply, { body }) => {
      const { key } = await loadKey(request, 'project:write');
      const saved = await updateProjectKey(db, key.id, {
        ...(body.name !== undefined ? { label: body.name || 'Default' } : {}),
        ...(body.isActive !== undefined ? { is_active: body.isActive } : {}),
        ...rateLimitColumns(body.rateLimit),
      });
      return serializeProjectKey(config.publicUrl, saved);
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/projects/:org/:project/keys/:keyId/',
    summary: 'Delete a DSN key',
    tags: ['keys'],
    handler: async (request) => {
      const { key } = await loadKey(request, 'project:admin');
      await deleteProjectKey(db, key.id);
      return undefined;
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/projects/:org/:project/keys/:keyId/rotate/',
    summary: 'Replace the public and secret key (the old DSN stops working)',
    tags: ['keys'],
    handler: async (request) => {
      const { key } = await loadKey(request, 'project:write');
      const saved = await updateProjectKey(db, key.id, { public_key: newKeyHex(), secret_key: newKeyHex() });
      return serializeProjectKey(config.publicUrl, saved);
    },
  });
}
