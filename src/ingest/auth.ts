/**
 * Where an SDK request's DSN key comes from (Relay `auth_from_parts`; docs/sentry-protocol.md §1.2):
 * `X-Sentry-Auth: Sentry sentry_key=…`, `Authorization: Sentry …` or `Basic base64(key:…)`, the
 * `sentry_key` query parameter, or (envelopes only, checked later) the envelope header `dsn`.
 * Two sources naming different keys → 401 "multiple authorization payloads".
 */
import { AppError } from '../shared/errors.js';

export interface RequestAuth {
  publicKey: string;
  /** The `sentry_client` value (SDK name/version), when given. */
  client: string | null;
}

export const PROTOCOL_VERSION = 7;
const KEY_RE = /^[0-9a-zA-Z]{1,64}$/;

function parsePairs(value: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of value.split(',', 32)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return pairs;
}

function fromSentryHeader(value: string): Map<string, string> | null {
  if (value.length > 4096 || value.slice(0, 7).toLowerCase() !== 'sentry ') return null;
  return parsePairs(value.slice(7));
}

function checkVersion(raw: string | undefined): void {
  if (raw === undefined || raw === '') return;
  const version = Number.parseInt(raw, 10);
  if (Number.isFinite(version) && version > PROTOCOL_VERSION) {
    throw new AppError('bad_request', `unsupported protocol version (${version})`);
  }
}

function firstString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * The key the request names in its headers or query string, or null when it names none (an
 * envelope may still carry a `dsn`). Throws 400/401 for bad or conflicting auth.
 */
export function authFromRequest(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown> | undefined,
): RequestAuth | null {
  const found: RequestAuth[] = [];
  const xAuth = firstString(headers['x-sentry-auth']);
  const authorization = firstString(headers.authorization);
  for (const value of [xAuth, authorization]) {
    if (!value) continue;
    const pairs = fromSentryHeader(value);
    if (pairs) {
      checkVersion(pairs.get('sentry_version'));
      const key = pairs.get('sentry_key');
      if (key) found.push({ publicKey: key, client: pairs.get('sentry_client') ?? null });
    } else if (value === authorization && /^basic /i.test(value)) {
      const decoded = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
      const user = decoded.split(':')[0];
      if (user) found.push({ publicKey: user, client: null });
    }
  }
  if (query) {
    checkVersion(firstString(query.sentry_version));
    const key = firstString(query.sentry_key);
    if (key) found.push({ publicKey: key, client: firstString(query.sentry_client) ?? null });
  }
  if (found.length === 0) return null;
  const first = found[0]!;
  for (const other of found) {
    if (other.publicKey !== first.publicKey) throw new AppError('unauthorized', 'multiple authorization payloads');
  }
  if (!KEY_RE.test(first.publicKey)) throw new AppError('unauthorized', 'invalid public key');
  return first;
}

export function isValidPublicKey(key: string): boolean {
  return KEY_RE.test(key);
}
