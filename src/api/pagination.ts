/**
 * Cursor pagination as Sentry does it: `?cursor=<value>:<offset>:<is_prev>` and a `Link` header
 * `<url&cursor=C1>; rel="previous"; results="false"; cursor="C1", <url&cursor=C2>; rel="next";
 * results="true"; cursor="C2"` (clients follow `next` while `results="true"`). The value part is
 * opaque to clients: offset lists use `0`, keyset lists (issues, events) encode their position.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';

export interface Cursor {
  value: string;
  offset: number;
  isPrev: boolean;
}

const MAX_CURSOR_LENGTH = 300;
const MAX_OFFSET = 1_000_000;

/** The `cursor` query parameter; undefined when absent, 400 when malformed. */
export function parseCursor(raw: unknown): Cursor | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const s = Array.isArray(raw) ? raw[0] : raw;
  if (typeof s !== 'string' || s.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  const parts = s.split(':');
  if (parts.length !== 3) throw invalidCursor();
  const [value, offset, prev] = parts as [string, string, string];
  if (!/^[0-9A-Za-z._-]*$/.test(value) || !/^\d{1,7}$/.test(offset) || (prev !== '0' && prev !== '1')) {
    throw invalidCursor();
  }
  const n = Number(offset);
  if (n > MAX_OFFSET) throw invalidCursor();
  return { value, offset: n, isPrev: prev === '1' };
}

function invalidCursor(): AppError {
  return new AppError('bad_request', 'Invalid cursor parameter.');
}

export function formatCursor(c: Cursor): string {
  return `${c.value}:${c.offset}:${c.isPrev ? 1 : 0}`;
}

/** `limit` / `per_page` query parameter, clamped to 1..max. */
export function parseLimit(query: Record<string, unknown>, fallback: number, max = 100): number {
  const raw = first(query.limit) ?? first(query.per_page);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw)) throw new AppError('bad_request', 'Invalid limit parameter.');
  return Math.min(max, Math.max(1, Number(raw)));
}

function first(v: unknown): string | undefined {
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export interface PageLinks {
  previous: { cursor: Cursor; results: boolean };
  next: { cursor: Cursor; results: boolean };
}

/** The `Link` header for this request's URL (absolute, on `baseUrl`), without its own cursor. */
export function buildLinkHeader(request: FastifyRequest, baseUrl: string, links: PageLinks): string {
  const [path, rawQuery = ''] = request.url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(rawQuery);
  params.delete('cursor');
  const qs = params.toString();
  const base = `${baseUrl.replace(/\/+$/, '')}${path}?${qs}`;
  const one = (rel: 'previous' | 'next', l: { cursor: Cursor; results: boolean }) => {
    const c = formatCursor(l.cursor);
    return `<${base}&cursor=${c}>; rel="${rel}"; results="${l.results}"; cursor="${c}"`;
  };
  return `${one('previous', links.previous)}, ${one('next', links.next)}`;
}

export function setLinkHeader(reply: FastifyReply, request: FastifyRequest, baseUrl: string, links: PageLinks): void {
  reply.header('Link', buildLinkHeader(request, baseUrl, links));
}

/**
 * Offset pagination over a list fetched with `limit + 1` rows from `offset`: the page, and the
 * links (Sentry's `OffsetPaginator`: cursors `0:<offset>:<is_prev>`).
 */
export function offsetPage<T>(rows: T[], offset: number, limit: number): { page: T[]; links: PageLinks } {
  const hasMore = rows.length > limit;
  return {
    page: rows.slice(0, limit),
    links: {
      previous: { cursor: { value: '0', offset: Math.max(0, offset - limit), isPrev: true }, results: offset > 0 },
      next: { cursor: { value: '0', offset: offset + limit, isPrev: false }, results: hasMore },
    },
  };
}
