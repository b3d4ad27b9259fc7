/**
 * Who is calling: the principal the auth hook resolved for this request, and scope checks.
 */
import type { FastifyRequest } from 'fastify';
import { scopeSatisfied } from '../../accounts/roles.js';
import { AppError } from '../../shared/errors.js';

export interface Principal {
  /** The acting user; null for organization tokens. */
  userId: number | null;
  isSuperuser: boolean;
  via: 'session' | 'token';
  /**
   * What the credential allows at most. Sessions carry every scope (narrowed per organization by
   * the member's role); tokens carry their own scopes (also narrowed by the role).
   */
  scopes: ReadonlySet<string>;
  tokenId?: number;
  /** Organization tokens: the only organization they can act on. */
  organizationId?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const NOT_AUTHENTICATED = 'Authentication credentials were not provided.';
export const NO_PERMISSION = 'You do not have permission to perform this action.';

/** The principal, or 401 when anonymous. */
export function requireAuth(request: FastifyRequest): Principal {
  const p = request.principal;
  if (!p) throw new AppError('unauthorized', NOT_AUTHENTICATED);
  return p;
}

/** The principal if its credential allows `scope`: 401 when anonymous, 403 when the token lacks it. */
export function requireScope(request: FastifyRequest, scope: string): Principal {
  const p = requireAuth(request);
  if (!scopeSatisfied(p.scopes, scope)) throw new AppError('forbidden', NO_PERMISSION);
  return p;
}

/** A user (session or personal token), not an organization token: 401/403 otherwise. */
export function requireUser(request: FastifyRequest): Principal & { userId: number } {
  const p = requireAuth(request);
  if (p.userId === null) throw new AppError('forbidden', 'This endpoint requires a user, not an organization token.');
  return p as Principal & { userId: number };
}
