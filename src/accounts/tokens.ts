/**
 * API tokens. Personal tokens look like Sentry's (`sntryu_` + 64 hex); only their sha256 is stored.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Sentry's scope names. A token with all of them can do anything its user can. */
export const ALL_SCOPES = [
  'org:read',
  'org:write',
  'org:admin',
  'org:integrations',
  'member:read',
  'member:write',
  'member:admin',
  'team:read',
  'team:write',
  'team:admin',
  'project:read',
  'project:write',
  'project:admin',
  'project:releases',
  'event:read',
  'event:write',
  'event:admin',
  'alerts:read',
  'alerts:write',
] as const;

export type Scope = (typeof ALL_SCOPES)[number];

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newUserToken(): string {
  return `sntryu_${randomBytes(32).toString('hex')}`;
}

/** A token that is the same every time for one (secret, purpose): lets `bootstrap` stay idempotent. */
export function derivedUserToken(secretKey: string, purpose: string): string {
  return `sntryu_${createHmac('sha256', secretKey).update(purpose).digest('hex')}`;
}

export function tokenPrefix(token: string): string {
  return token.slice(0, 12);
}

export function newKeyHex(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Organization token as Sentry issues them: `sntrys_<base64 JSON {iat, url, region_url, org}>_<base64
 * 32-byte secret>`; sentry-cli reads the URL and organization from the payload.
 */
export function newOrgToken(publicUrl: string, orgSlug: string): string {
  const url = publicUrl.replace(/\/+$/, '');
  const payload = JSON.stringify({ iat: Date.now() / 1000, url, region_url: url, org: orgSlug });
  const secret = randomBytes(32).toString('base64').replace(/=+$/, '');
  return `sntrys_${Buffer.from(payload).toString('base64')}_${secret}`;
}

/** The last characters of a token, shown in lists (Sentry's `tokenLastCharacters`). */
export function tokenLastCharacters(token: string): string {
  return token.slice(-4);
}
