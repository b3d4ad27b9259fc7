/**
 * Server-side login sessions. The session id (32 random bytes) lives only in the HttpOnly
 * `fl_session` cookie; the database keeps its sha256. The CSRF token is an HMAC of the session id
 * with the instance secret, sent as the JS-readable `fl_csrf` cookie and echoed by the UI in
 * `X-CSRFToken` (double submit, bound to the session).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../../accounts/index.js';
import * as sessions from '../../accounts/sessions.repository.js';
import type { Config } from '../../config/index.js';
import type { Db } from '../../storage/index.js';
import { CSRF_COOKIE, SESSION_COOKIE, serializeCookie } from './cookies.js';

/** Sliding lifetime of a session (Sentry: two weeks). */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export function csrfTokenFor(secretKey: string, sessionId: string): string {
  return createHmac('sha256', secretKey).update(`csrf:${sessionId}`).digest('hex');
}

export function csrfMatches(secretKey: string, sessionId: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(secretKey, sessionId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function secureCookies(config: Config): boolean {
  return config.publicUrl.startsWith('https:');
}

export function setSessionCookies(reply: FastifyReply, config: Config, sessionId: string): void {
  const secure = secureCookies(config);
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, sessionId, { httpOnly: true, secure, maxAge }));
  reply.header(
    'set-cookie',
    serializeCookie(CSRF_COOKIE, csrfTokenFor(config.secretKey, sessionId), { httpOnly: false, secure, maxAge }),
  );
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const secure = secureCookies(config);
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAge: 0 }));
  reply.header('set-cookie', serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAge: 0 }));
}

/** Creates a session for the user, sets both cookies; returns the session id. */
export async function startSession(
  db: Db,
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url');
  const ua = request.headers['user-agent'];
  await sessions.insertSession(db, {
    idHash: hashToken(sessionId),
    userId,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua : null,
  });
  setSessionCookies(reply, config, sessionId);
  // Expired sessions of everyone are pruned now and then (cheap: indexed).
  if (Math.random() < 0.05) await sessions.deleteExpiredSessions(db, new Date());
  return sessionId;
}

/** The session id the current request was authenticated with (cookie sessions only). */
const sessionIds = new WeakMap<FastifyRequest, string>();

export function rememberSession(request: FastifyRequest, sessionId: string): void {
  sessionIds.set(request, sessionId);
}

export function sessionIdOf(request: FastifyRequest): string | undefined {
  return sessionIds.get(request);
}
