/**
 * `GET /api/0/openapi.json`: an OpenAPI 3.1 document of every /api/0 route, collected from
 * Fastify's route registry (onRoute). Routes defined with `defineRoute` contribute their zod
 * schemas; plain Fastify routes contribute their JSON schemas (`schema.body`, `querystring`,
 * `params`, `response`) when they have them.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../server/app.js';
import type { ZodRouteSchemas } from './http.js';

type Json = Record<string, unknown>;

interface CollectedRoute {
  method: string;
  url: string;
  summary: string | undefined;
  description: string | undefined;
  tags: string[];
  zod: ZodRouteSchemas | undefined;
  jsonSchema: { body?: unknown; querystring?: unknown; params?: unknown; response?: unknown };
  successStatus: number;
}

export interface RouteRegistry {
  routes: CollectedRoute[];
}

const PREFIX = '/api/0';

/** Call on the root instance before the API routes are registered. */
export function collectApiRoutes(app: FastifyInstance): RouteRegistry {
  const registry: RouteRegistry = { routes: [] };
  app.addHook('onRoute', (r: RouteOptions) => {
    if (!r.url.startsWith(PREFIX)) return;
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
    const schema = (r.schema ?? {}) as Json;
    const config = (r.config ?? {}) as { zod?: ZodRouteSchemas; successStatus?: number };
    // The API root is registered as `/api/0` (prefix + '/'); document it as clients call it.
    const url = r.url === PREFIX ? `${PREFIX}/` : r.url;
    for (const method of methods) {
      if (registry.routes.some((x) => x.url === url && x.method === method.toLowerCase())) continue;
      registry.routes.push({
        method: method.toLowerCase(),
        url,
        summary: typeof schema.summary === 'string' ? schema.summary : undefined,
        description: typeof schema.description === 'string' ? schema.description : undefined,
        tags: Array.isArray(schema.tags) ? schema.tags.filter((t): t is string => typeof t === 'string') : [],
        zod: config.zod,
        jsonSchema: {
          body: schema.body,
          querystring: schema.querystring,
          params: schema.params,
          response: schema.response,
        },
        successStatus: config.successStatus ?? 200,
      });
    }
  });
  return registry;
}

function toJsonSchema(schema: z.ZodType | undefined): Json | undefined {
  if (!schema) return undefined;
  try {
    const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    delete out.$schema;
    return out;
  } catch {
    return {};
  }
}

function asObject(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg;
      const name = seg.slice(1).replace(/\(.*\)$/, '');
      params.push(name);
      return `{${name}}`;
    })
    .join('/');
  return { path, params };
}

function queryParameters(schema: Json | undefined): Json[] {
  const props = asObject(schema?.properties);
  if (!props) return [];
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as string[]) : []);
  return Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export function buildOpenApiDocument(registry: RouteRegistry, publicUrl: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of registry.routes) {
    const { path, params } = openApiPath(r.url);
    const body = toJsonSchema(r.zod?.body) ?? asObject(r.jsonSchema.body);
    const query = toJsonSchema(r.zod?.querystring) ?? asObject(r.jsonSchema.querystring);
    const jsonResponses = asObject(r.jsonSchema.response);
    const response =
      toJsonSchema(r.zod?.response) ?? asObject(jsonResponses?.[String(r.successStatus)] ?? jsonResponses?.['2xx']);
    const op: Json = {
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(r.summary ? { summary: r.summary } : {}),
      ...(r.description ? { description: r.description } : {}),
      tags: r.tags.length > 0 ? r.tags : [path.split('/')[3] ?? 'api'],
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        ...queryParameters(query),
      ],
      responses: {
        [String(r.successStatus)]:
          r.successStatus === 204
            ? { description: 'No content' }
            : { description: 'Success', content: { 'application/json': { schema: response ?? {} } } },
        '400': errorResponse('Invalid input'),
        '401': errorResponse('Authentication credentials were not provided'),
        '403': errorResponse('Missing scope, or CSRF check failed'),
        '404': errorResponse('Not found, or not visible to the caller'),
      },
    };
    if (body && r.method !== 'get') {
      op.requestBody = { required: false, content: { 'application/json': { schema: body } } };
    }
    paths[path] ??= {};
    (paths[path] as Record<string, Json>)[r.method] = op;
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Faultline API',
      version: '0',
      description:
        'Sentry-compatible web API. Authenticate with `Authorization: Bearer <token>` (personal `sntryu_…` or organization `sntrys_…` tokens) or the `fl_session` cookie plus the `X-CSRFToken` header on writes.',
    },
    servers: [{ url: publicUrl }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths: sorted,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'fl_session' },
      },
      schemas: {
        Error: { type: 'object', properties: { detail: { type: 'string' } }, required: ['detail'] },
      },
    },
  };
}

export function registerOpenApi(api: FastifyInstance, deps: AppDeps, registry: RouteRegistry): void {
  let cached: Json | undefined;
  api.get('/openapi.json', { schema: { summary: 'This OpenAPI document', tags: ['root'] } }, async () => {
    cached ??= buildOpenApiDocument(registry, deps.config.publicUrl);
    return cached;
  });
}
