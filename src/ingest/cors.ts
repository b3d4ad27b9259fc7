/**
 * CORS for browser SDKs, like Relay's `middlewares/cors.rs` (docs/sentry-protocol.md §1.3):
 * any origin may preflight; the actual request is checked against the project's allowed
 * origins (`allowedOrigins` / `sentry:origins`, default `["*"]`).
 */
export const CORS_ALLOW_HEADERS = [
  'x-sentry-auth',
  'x-requested-with',
  'x-forwarded-for',
  'origin',
  'referer',
  'accept',
  'content-type',
  'authentication',
  'authorization',
  'content-encoding',
  'transfer-encoding',
  'sentry-trace',
  'baggage',
].join(', ');
export const CORS_EXPOSE_HEADERS = 'x-sentry-error, x-sentry-rate-limits, retry-after';

/** The request's origin: the Origin header, else the Referer's origin; null when neither. */
export function requestOrigin(origin: unknown, referer: unknown): string | null {
  if (typeof origin === 'string' && origin !== '' && origin !== 'null') return origin;
  if (typeof referer === 'string' && referer !== '') {
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Sentry's "allowed domains" semantics: `*` any; `https://app.example.com` exact origin;
 * `example.com` or `example.com:8080` that host (any scheme); `*.example.com` the host and its
 * subdomains.
 */
export function isOriginAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  const hostPort = url.port ? `${host}:${url.port}` : host;
  for (const raw of allowed) {
    const entry = raw.trim().toLowerCase().replace(/\/+$/, '');
    if (!entry) continue;
    if (entry.includes('://')) {
      if (entry === url.origin.toLowerCase()) return true;
      continue;
    }
    if (entry.startsWith('*.')) {
      const base = entry.slice(2);
      if (host === base || host.endsWith(`.${base}`) || hostPort === base || hostPort.endsWith(`.${base}`)) return true;
      continue;
    }
    if (entry === host || entry === hostPort) return true;
  }
  return false;
}
