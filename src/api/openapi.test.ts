import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApi } from './index.js';
import { type ApiTestContext, createApiTestContext } from './testing.js';

let ctx: ApiTestContext;
beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('GET /api/0/openapi.json', () => {
  it('documents every /api/0 route with its methods, path parameters and zod-derived schemas', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/0/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const keys = doc.paths['/api/0/projects/{org}/{project}/keys/{keyId}/'];
    expect(Object.keys(keys).sort()).toEqual(['delete', 'get', 'put']);
    expect(keys.put.parameters.map((p: { name: string }) => p.name)).toEqual(['org', 'project', 'keyId']);
    expect(keys.put.requestBody.content['application/json'].schema.properties).toHaveProperty('rateLimit');
    const login = doc.paths['/api/0/auth/login/'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(doc.paths['/api/0/teams/{org}/{team}/projects/'].post.responses).toHaveProperty('201');
    expect(doc.paths['/api/0/organizations/{org}/members/'].get.tags).toEqual(['members']);
    expect(doc.paths['/api/0/openapi.json'].get).toBeDefined();
  });

  it('lists every route registered under /api/0, including other resources', async () => {
    const app = Fastify();
    const seen: { method: string; path: string }[] = [];
    app.addHook('onRoute', (r) => {
      if (!r.url.startsWith('/api/0')) return;
      for (const m of [r.method].flat()) {
        if (m !== 'HEAD' && m !== 'OPTIONS')
          seen.push({
            method: m.toLowerCase(),
            path: (r.url === '/api/0' ? '/api/0/' : r.url).replace(/:([A-Za-z_]+)/g, '{$1}'),
          });
      }
    });
    await registerApi(app, { config: ctx.config, db: ctx.db });
    await app.ready();
    const doc = (await app.inject({ method: 'GET', url: '/api/0/openapi.json' })).json();
    expect(seen.length).toBeGreaterThan(40);
    for (const r of seen) expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
    await app.close();
  });
});
