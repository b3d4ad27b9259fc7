/**
 * Shared helpers for /api/0 routes: zod validation with Sentry-like error bodies, `defineRoute`
 * (a route whose zod schemas are also published in the OpenAPI document), and offset pagination
 * with Sentry's `Link` header for small lists (keyset pagination of issues/events lives in
 * pagination.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';

export interface ZodRouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  /** Response body of the success status (documentation only). */
  response?: z.ZodType;
}

declare module 'fastify' {
  /** Documentation keys (as @fastify/swagger reads them); Fastify itself ignores them. */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    operationId?: string;
  }
  interface FastifyRequest {
    /** FAULTLINE_URL, for absolute links (pagination) that survive proxies. */
    publicUrl: string;
  }
  interface FastifyContextConfig {
    /** zod schemas of a route defined with `defineRoute`; read by the OpenAPI generator. */
    zod?: ZodRouteSchemas;
    /** Success status for the OpenAPI document (default 200). */
    successStatus?: number;
  }
}

/** Request decorations the helpers below rely on (called once in registerApi). */
export function registerHttpHelpers(api: FastifyInstance, publicUrl: string): void {
  if (!api.hasRequestDecorator('publicUrl')) api.decorateRequest('publicUrl', publicUrl);
}

function describeIssues(error: z.ZodError, what: string): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const where = i.path.length > 0 ? i.path.map(String).join('.') : what;
    return `${where}: ${i.message}`;
  });
  return `Invalid ${what}: ${parts.join('; ')}`;
}

/** Parses untrusted input; 400 `{"detail": "Invalid body: name: …"}` when it does not fit. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what = 'body'): z.output<T> {
  const result = schema.safeParse(value ?? (what === 'body' ? {} : value));
  if (!result.success) throw new AppError('bad_request', describeIssues(result.error, what));
  return result.data;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteDefinition<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> {
  method: HTTPMethods | HTTPMethods[];
  url: string;
  summary: string;
  description?: string;
  tags: string[];
  body?: B;
  querystring?: Q;
  params?: P;
  response?: z.ZodType;
  /** Success status (also used in the OpenAPI document). */
  status?: number;
  handler: (
    request: FastifyRequest,
    reply: FastifyReply,
    input: { body: Infer<B>; query: Infer<Q>; params: Infer<P> },
  ) => Promise<unknown>;
}

/**
 * Registers a route whose inputs are validated with zod (before the handler runs) and whose
 * schemas appear in /api/0/openapi.json.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(app: FastifyInstance, def: RouteDefinition<B, Q, P>): void {
  const zod: ZodRouteSchemas = {};
  if (def.body) zod.body = def.body;
  if (def.querystring) zod.querystring = def.querystring;
  if (def.params) zod.params = def.params;
  if (def.response) zod.response = def.response;
  app.route({
    method: def.method,
    url: def.url,
    schema: { summary: def.summary, tags: def.tags, ...(def.description ? { description: def.description } : {}) },
    config: { zod, successStatus: def.status ?? 200 },
    handler: async (request, reply) => {
      const input = {
        body: (def.body ? parseInput(def.body, request.body, 'body') : undefined) as Infer<B>,
        query: (def.querystring ? parseInput(def.querystring, request.query, 'query') : undefined) as Infer<Q>,
        params: (def.params ? parseInput(def.params, request.params, 'path') : undefined) as Infer<P>,
      };
      const result = await def.handler(request, reply, input);
      if (reply.sent) return reply;
      if (def.status && reply.statusCode === 200) reply.status(def.status);
      if (result === undefined) return reply.status(def.status ?? 204).send();
      return result;
    },
  });
}

/** Query parameters of paginated lists (Sentry: `cursor`, `per_page` ≤ 100; `limit` as an alias). */
export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  per_page: z.coerce.number().int().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** Reads a Sentry cursor `value:offset:is_prev`; only the offset matters for offset pagination. */
export function offsetFromCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const parts = cursor.split(':');
  const offset = Number(parts[1] ?? parts[0]);
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : 0;
}

export function pageUrl(request: FastifyRequest, cursor: string, publicUrl?: string): string {
  const base = publicUrl ?? request.publicUrl ?? `${request.protocol}://${request.host}`;
  // A path prefix of FAULTLINE_URL (served behind a proxy that strips it) is kept.
  const url = new URL(`${base.replace(/\/+$/, '')}${request.url}`);
  url.searchParams.set('cursor', cursor);
  return url.toString();
}

/** Sentry's `Link` header: always both relations, `results` says whether following it yields rows. */
export function linkHeader(
  request: FastifyRequest,
  prev: { cursor: string; results: boolean },
  next: { cursor: string; results: boolean },
  publicUrl?: string,
): string {
  const one = (rel: string, c: { cursor: string; results: boolean }) =>
    `<${pageUrl(request, c.cursor, publicUrl)}>; rel="${rel}"; results="${c.results}"; cursor="${c.cursor}"`;
  return `${one('previous', prev)}, ${one('next', next)}`;
}

/**
 * Sends one page of an already-loaded list (organizations, projects, teams, members, tokens: lists
 * that stay small), with the `Link` header.
 */
export function sendPaginated<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  opts: { defaultPerPage?: number; publicUrl?: string } = {},
): T[] {
  const q = request.query as Record<string, unknown> | undefined;
  const parsed = pageQuery.safeParse(q ?? {});
  const perPage =
    (parsed.success ? (parsed.data.per_page ?? parsed.data.limit) : undefined) ?? opts.defaultPerPage ?? 100;
  const offset = parsed.success ? offsetFromCursor(parsed.data.cursor) : 0;
  const page = items.slice(offset, offset + perPage);
  const prevOffset = Math.max(0, offset - perPage);
  reply.header(
    'link',
    linkHeader(
      request,
      { cursor: `0:${prevOffset}:1`, results: offset > 0 },
      { cursor: `0:${offset + perPage}:0`, results: offset + perPage < items.length },
      opts.publicUrl,
    ),
  );
  return page;
}

/** Path parameter: a numeric id (404 for anything else, as Sentry). */
export function idParam(raw: unknown): number {
  const s = typeof raw === 'string' ? raw : '';
  if (!/^\d{1,15}$/.test(s)) throw new AppError('not_found', 'The requested resource does not exist');
  return Number(s);
}

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be 1-50 lowercase letters, digits, "-" or "_"')
  .refine((s) => !/^\d+$/.test(s), 'must not be only digits');
