/**
 * The auth hook for /api/0: resolves `request.principal` from `Authorization: Bearer <token>`
 * (personal `sntryu_…` or organization `sntrys_…` tokens, looked up by sha256) or from the
 * `fl_session` cookie, and enforces CSRF on cookie-authenticated writes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ALL_SCOPES, hashToken } from '../../accounts/index.js';
import * as sessions from '../../accounts/sessions.repository.js';
import { findTokenForAuth, touchTokenIfStale } from '../../accounts/tokens.repository.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../shared/errors.js';
import type { Db } from '../../storage/index.js';
import { parseCookies, SESSION_COOKIE } from './cookies.js';
import type { Principal } from './principal.js';
import { csrfMatches, rememberSession, SESSION_TTL_MS, setSessionCookies } from './sessions.js';

export interface AuthDeps {
  db: Db;
  config: Config;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_used_at / session expiry are written at most this often per credential. */
const TOUCH_INTERVAL_MS = 60_000;
const ALL = new Set<string>(ALL_SCOPES);
const MAX_TOKEN_LENGTH = 1024;

export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    request.principal = null;
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && /^bearer\s/i.test(authorization)) {
      request.principal = await principalFromToken(deps.db, authorization.slice(7).trim());
      return;
    }
    const sessionId = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (!sessionId || sessionId.length > 128) return;
    const found = await principalFromSession(deps.db, sessionId);
    if (!found) return;
    const { principal, touched } = found;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrftoken'];
      if (!csrfMatches(deps.config.secretKey, sessionId, typeof header === 'string' ? header : undefined)) {
        throw new AppError('forbidden', 'CSRF Failed');
      }
    }
    rememberSession(request, sessionId);
    // The expiry slides on the server; refresh the cookies' lifetime with it.
    if (touched) setSessionCookies(reply, deps.config, sessionId);
    request.principal = principal;
  });
}

async function principalFromToken(db: Db, token: string): Promise<Principal> {
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new AppError('unauthorized', 'Invalid token');
  const row = await findTokenForAuth(db, hashToken(token));
  const now = new Date();
  if (!row || (row.expiresAt && row.expiresAt <= now)) throw new AppError('unauthorized', 'Invalid token');
  if (row.userId !== null && row.isActive === false) throw new AppError('unauthorized', 'User inactive or deleted');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchTokenIfStale(db, row.id, now, new Date(now.getTime() - TOUCH_INTERVAL_MS));
  }
  const principal: Principal = {
    userId: row.userId,
    isSuperuser: row.userId !== null && row.isSuperuser === true,
    via: 'token',
    scopes: new Set(row.scopes),
    tokenId: row.id,
  };
  if (row.userId === null && row.organizationId !== null) principal.organizationId = row.organizationId;
  return principal;
}

async function principalFromSession(
  db: Db,
  sessionId: string,
): Promise<{ principal: Principal; touched: boolean } | null> {
  const idHash = hashToken(sessionId);
  const now = new Date();
  const row = await sessions.findSessionWithUser(db, idHash, now);
  if (!row) return null;
  const touched = now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS;
  if (touched) await sessions.touchSession(db, idHash, now, new Date(now.getTime() + SESSION_TTL_MS));
  return { principal: { userId: row.userId, isSuperuser: row.isSuperuser, via: 'session', scopes: ALL }, touched };
}

/** For routes that need to know whether the caller came with a cookie (e.g. logout). */
export function hasSessionCookie(request: FastifyRequest): boolean {
  return parseCookies(request.headers.cookie).has(SESSION_COOKIE);
}
