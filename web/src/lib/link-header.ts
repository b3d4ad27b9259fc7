/**
 * Sentry's pagination `Link` header:
 * `<url?cursor=C1>; rel="previous"; results="false"; cursor="C1", <url?cursor=C2>; rel="next"; results="true"; cursor="C2"`.
 * Clients follow a direction only while its `results` is "true".
 */
export interface PageLink {
  url: string;
  cursor: string;
  results: boolean;
}

export interface PageLinks {
  previous?: PageLink;
  next?: PageLink;
}

export function parseLinkHeader(header: string | null | undefined): PageLinks {
  const links: PageLinks = {};
  if (!header) return links;
  // Split on commas that start a new `<url>` entry (URLs themselves may hold commas).
  for (const part of header.slice(0, 8192).split(/,\s*(?=<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/;\s*([a-zA-Z]+)="([^"]*)"/g)) {
      attrs[(a[1] ?? '').toLowerCase()] = a[2] ?? '';
    }
    const rel = attrs.rel;
    if (rel !== 'previous' && rel !== 'next') continue;
    let cursor = attrs.cursor;
    if (cursor === undefined) {
      try {
        cursor = new URL(m[1] ?? '', 'http://x').searchParams.get('cursor') ?? '';
      } catch {
        cursor = '';
      }
    }
    links[rel] = { url: m[1] ?? '', cursor, results: attrs.results === 'true' };
  }
  return links;
}
