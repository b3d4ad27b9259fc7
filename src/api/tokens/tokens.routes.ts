/**
 * Personal API tokens (`/api-tokens/`, session only, as Sentry) and organization tokens
 * (`/organizations/:org/org-auth-tokens/`, `sntrys_…`, for CI / sentry-cli). A token is shown
 * once, at creation; only its sha256 is stored.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ALL_SCOPES,
  hashToken,
  insertApiToken,
  newOrgToken,
  newUserToken,
  tokenLastCharacters,
  tokenPrefix,
} from '../../accounts/index.js';
import * as tokens from '../../accounts/tokens.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import type { ApiToken } from '../../storage/index.js';
import { loadOrganization, requireUser } from '../auth/index.js';
import { defineRoute, idParam, sendPaginated } from '../http.js';

const scopeEnum = z.enum([...ALL_SCOPES, 'org:ci'] as [string, ...string[]]);

export function serializeToken(t: ApiToken, plain?: string) {
  return {
    id: String(t.id),
    name: t.name || null,
    scopes: [...t.scopes].sort(),
    application: null,
    expiresAt: t.expires_at ? t.expires_at.toISOString() : null,
    dateCreated: t.created_at.toISOString(),
    dateLastUsed: t.last_used_at ? t.last_used_at.toISOString() : null,
    state: null,
    tokenLastCharacters: t.token_last_characters,
    ...(plain ? { token: plain, refreshToken: null } : {}),
  };
}

export function serializeOrgToken(t: ApiToken, plain?: string) {
  return {
    id: String(t.id),
    name: t.name,
    scopes: [...t.scopes].sort(),
    tokenLastCharacters: t.token_last_characters,
    dateCreated: t.created_at.toISOString(),
    dateLastUsed: t.last_used_at ? t.last_used_at.toISOString() : null,
    projectLastUsedId: null,
    ...(plain ? { token: plain } : {}),
  };
}

/** Sentry serves /api-tokens/ to logged-in browsers only: tokens cannot mint tokens. */
function requireSessionUser(request: Parameters<typeof requireUser>[0]) {
  const p = requireUser(request);
  if (p.via !== 'session') throw new AppError('forbidden', 'This endpoint requires a logged-in session.');
  return p;
}

export function registerTokenRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  defineRoute(api, {
    method: 'GET',
    url: '/api-tokens/',
    summary: 'Personal API tokens of the user',
    tags: ['tokens'],
    handler: async (request, reply) => {
      const p = requireSessionUser(request);
      return sendPaginated(
        request,
        reply,
        (await tokens.listUserTokens(db, p.userId)).map((t) => serializeToken(t)),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/api-tokens/',
    summary: 'Create a personal API token (the token is in this response only)',
    tags: ['tokens'],
    body: z.object({
      scopes: z.array(scopeEnum).min(1).max(40),
      name: z.string().trim().max(255).optional(),
      expiresAt: z.iso.datetime({ offset: true }).optional().nullable(),
    }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      const p = requireSessionUser(request);
      const plain = newUserToken();
      const row = await insertApiToken(db, {
        user_id: p.userId,
        organization_id: null,
        name: body.name ?? '',
        token_hash: hashToken(plain),
        token_prefix: tokenPrefix(plain),
        token_last_characters: tokenLastCharacters(plain),
        scopes: [...new Set(body.scopes)],
        created_by_user_id: p.userId,
        expires_at: body.expiresAt ? new Date(body.expiresAt) : null,
      });
      return serializeToken(row, plain);
    },
  });

  const deleteUserToken = async (userId: number, id: number) => {
    const row = await tokens.findUserToken(db, userId, id);
    if (!row) throw new AppError('not_found', 'The requested resource does not exist');
    await tokens.deleteToken(db, row.id);
  };

  defineRoute(api, {
    method: 'DELETE',
    url: '/api-tokens/',
    summary: 'Revoke a personal API token (body: {"tokenId"})',
    tags: ['tokens'],
    body: z.object({ tokenId: z.union([z.string(), z.number()]) }),
    handler: async (request, _reply, { body }) => {
      const p = requireSessionUser(request);
      await deleteUserToken(p.userId, idParam(String(body.tokenId)));
      return undefined;
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/api-tokens/:tokenId/',
    summary: 'One personal API token',
    tags: ['tokens'],
    handler: async (request) => {
      const p = requireSessionUser(request);
      const row = await tokens.findUserToken(db, p.userId, idParam((request.params as { tokenId: string }).tokenId));
      if (!row) throw new AppError('not_found', 'The requested resource does not exist');
      return serializeToken(row);
    },
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/api-tokens/:tokenId/',
    summary: 'Rename a personal API token',
    tags: ['tokens'],
    body: z.object({ name: z.string().trim().max(255) }),
    handler: async (request, _reply, { body }) => {
      const p = requireSessionUser(request);
      const row = await tokens.findUserToken(db, p.userId, idParam((request.params as { tokenId: string }).tokenId));
      if (!row) throw new AppError('not_found', 'The requested resource does not exist');
      await tokens.updateTokenName(db, row.id, body.name);
      return serializeToken({ ...row, name: body.name });
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/api-tokens/:tokenId/',
    summary: 'Revoke a personal API token',
    tags: ['tokens'],
    handler: async (request) => {
      const p = requireSessionUser(request);
      await deleteUserToken(p.userId, idParam((request.params as { tokenId: string }).tokenId));
      return undefined;
    },
  });

  // Organization tokens.
  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/org-auth-tokens/',
    summary: 'Organization tokens',
    tags: ['tokens'],
    handler: async (request, reply) => {
      requireUser(request);
      const { org } = await loadOrganization(db, request, (request.params as { org: string }).org, 'org:read');
      return sendPaginated(
        request,
        reply,
        (await tokens.listOrganizationTokens(db, org.id)).map((t) => serializeOrgToken(t)),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/organizations/:org/org-auth-tokens/',
    summary: 'Create an organization token (sntrys_…, scope org:ci; shown once)',
    tags: ['tokens'],
    body: z.object({ name: z.string().trim().min(1).max(255) }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      requireUser(request);
      const { org } = await loadOrganization(db, request, (request.params as { org: string }).org, 'org:write');
      const plain = newOrgToken(config.publicUrl, org.slug);
      const row = await insertApiToken(db, {
        user_id: null,
        organization_id: org.id,
        name: body.name,
        token_hash: hashToken(plain),
        token_prefix: tokenPrefix(plain),
        token_last_characters: tokenLastCharacters(plain),
        scopes: ['org:ci'],
        created_by_user_id: request.principal?.userId ?? null,
      });
      return serializeOrgToken(row, plain);
    },
  });

  const orgToken = async (orgId: number, raw: string) => {
    const row = await tokens.findOrganizationToken(db, orgId, idParam(raw));
    if (!row) throw new AppError('not_found', 'The requested resource does not exist');
    return row;
  };

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/org-auth-tokens/:tokenId/',
    summary: 'One organization token',
    tags: ['tokens'],
    handler: async (request) => {
      requireUser(request);
      const params = request.params as { org: string; tokenId: string };
      const { org } = await loadOrganization(db, request, params.org, 'org:read');
      return serializeOrgToken(await orgToken(org.id, params.tokenId));
    },
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/organizations/:org/org-auth-tokens/:tokenId/',
    summary: 'Rename an organization token',
    tags: ['tokens'],
    body: z.object({ name: z.string().trim().min(1).max(255) }),
    handler: async (request, _reply, { body }) => {
      requireUser(request);
      const params = request.params as { org: string; tokenId: string };
      const { org } = await loadOrganization(db, request, params.org, 'org:write');
      const row = await orgToken(org.id, params.tokenId);
      await tokens.updateTokenName(db, row.id, body.name);
      return serializeOrgToken({ ...row, name: body.name });
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/organizations/:org/org-auth-tokens/:tokenId/',
    summary: 'Revoke an organization token',
    tags: ['tokens'],
    handler: async (request) => {
      requireUser(request);
      const params = request.params as { org: string; tokenId: string };
      const { org } = await loadOrganization(db, request, params.org, 'org:write');
      await tokens.deleteToken(db, (await orgToken(org.id, params.tokenId)).id);
      return undefined;
    },
  });
}
