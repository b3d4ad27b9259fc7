/**
 * DSNs: `{scheme}://{public_key}[:{secret}]@{host}[:{port}][/{prefix}]/{project_id}`.
 * Spec: https://develop.sentry.dev/sdk/foundations/transport/authentication/ (docs/sentry-protocol.md §1.1).
 */
export interface Dsn {
  publicKey: string;
  projectId: string;
}

export function parseDsn(value: unknown): Dsn | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const publicKey = decodeURIComponent(url.username);
  const projectId = url.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  if (!publicKey || !projectId) return null;
  return { publicKey, projectId };
}
