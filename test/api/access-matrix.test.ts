/**
 * Every API-A endpoint against the same five callers: anonymous → 401, a token without the needed
 * scope → 403, a member of another organization → 404, a cookie session writing without the CSRF
 * header → 403, and the owner → success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestOrg, type TestUser } from '../../src/api/testing.js';

let ctx: ApiTestContext;
let owner: TestUser;
let outsider: TestUser;
let weak: string;
let o: TestOrg;

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  outsider = await ctx.createUser('outsider@example.com');
  o = await ctx.createOrgWithProject(owner, { org: 'acme', team: 'core', project: 'web' });
  await ctx.createOrgWithProject(outsider, { org: 'other', team: 'other', project: 'other' });
  weak = await ctx.createToken(owner, ['alerts:read']);
});
afterAll(async () => {
  await ctx?.close();
});

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: () => string;
  payload?: () => Record<string, unknown>;
  /** Organization-scoped: an outsider gets 404. */
  org: boolean;
  ok: number;
}

const key = () => o.key.public_key;
const cases: Case[] = [
  { method: 'GET', url: () => '/api/0/organizations/acme/', org: true, ok: 200 },
  { method: 'PUT', url: () => '/api/0/organizations/acme/', payload: () => ({ name: 'Acme' }), org: true, ok: 200 },
  { method: 'GET', url: () => '/api/0/organizations/acme/projects/', org: true, ok: 200 },
  { method: 'GET', url: () => '/api/0/organizations/acme/teams/', org: true, ok: 200 },
  {
    method: 'POST',
    url: () => '/api/0/organizations/acme/teams/',
    payload: () => ({ slug: `t${Date.now()}` }),
    org: true,
    ok: 201,
  },
  { method: 'GET', url: () => '/api/0/organizations/acme/members/', org: true, ok: 200 },
  {
    method: 'POST',
    url: () => '/api/0/organizations/acme/members/',
    payload: () => ({ email: `inv${Date.now()}${Math.random()}@example.com`, role: 'member' }),
    org: true,
    ok: 201,
  },
  { method: 'GET', url: () => '/api/0/organizations/acme/members/me/', org: true, ok: 200 },
  { method: 'GET', url: () => '/api/0/organizations/acme/org-auth-tokens/', org: true, ok: 200 },
  {
    method: 'POST',
    url: () => '/api/0/organizations/acme/org-auth-tokens/',
    payload: () => ({ name: 'ci' }),
    org: true,
    ok: 201,
  },
  { method: 'GET', url: () => '/api/0/teams/acme/core/', org: true, ok: 200 },
  { method: 'PUT', url: () => '/api/0/teams/acme/core/', payload: () => ({ name: 'Core' }), org: true, ok: 200 },
  { method: 'GET', url: () => '/api/0/teams/acme/core/projects/', org: true, ok: 200 },
  {
    method: 'POST',
    url: () => '/api/0/teams/acme/core/projects/',
    payload: () => ({ name: `P ${Date.now()}${Math.floor(Math.random() * 1e6)}` }),
    org: true,
    ok: 201,
  },
  { method: 'GET', url: () => '/api/0/teams/acme/core/members/', org: true, ok: 200 },
  { method: 'GET', url: () => '/api/0/projects/acme/web/', org: true, ok: 200 },
  { method: 'PUT', url: () => '/api/0/projects/acme/web/', payload: () => ({ platform: 'node' }), org: true, ok: 200 },
  { method: 'GET', url: () => '/api/0/projects/acme/web/filters/', org: true, ok: 200 },
  {
    method: 'PUT',
    url: () => '/api/0/projects/acme/web/filters/localhost/',
    payload: () => ({ active: true }),
    org: true,
    ok: 204,
  },
  { method: 'GET', url: () => '/api/0/projects/acme/web/keys/', org: true, ok: 200 },
  { method: 'POST', url: () => '/api/0/projects/acme/web/keys/', payload: () => ({ name: 'k' }), org: true, ok: 201 },
  { method: 'GET', url: () => `/api/0/projects/acme/web/keys/${key()}/`, org: true, ok: 200 },
  {
    method: 'PUT',
    url: () => `/api/0/projects/acme/web/keys/${key()}/`,
    payload: () => ({ rateLimit: { window: 60, count: 100 } }),
    org: true,
    ok: 200,
  },
  { method: 'GET', url: () => '/api/0/organizations/', org: false, ok: 200 },
  { method: 'GET', url: () => '/api/0/projects/', org: false, ok: 200 },
];

const headersFor = (u: TestUser, write: boolean) => (write ? u.session : u.bearer);

describe.each(cases)('$method $url', (c) => {
  const inject = (headers: Record<string, string>) =>
    ctx.app.inject({
      method: c.method,
      url: c.url(),
      headers,
      ...(c.payload ? { payload: c.payload() } : {}),
    });
  const write = c.method !== 'GET';

  it('anonymous → 401', async () => {
    const res = await inject({});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('token without the scope → 403', async () => {
    const res = await inject({ authorization: `Bearer ${weak}` });
    expect(res.statusCode).toBe(403);
  });

  it.runIf(c.org)('member of another organization → 404', async () => {
    expect((await inject(outsider.bearer)).statusCode).toBe(404);
    expect((await inject(headersFor(outsider, write))).statusCode).toBe(404);
  });

  it.runIf(write)('cookie session without CSRF → 403', async () => {
    const res = await inject(owner.sessionNoCsrf);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ detail: 'CSRF Failed' });
  });

  it('owner → success (token and session)', async () => {
    const viaToken = await inject(owner.bearer);
    expect(viaToken.statusCode, viaToken.body).toBe(c.ok);
    const viaSession = await inject(headersFor(owner, write));
    expect(viaSession.statusCode, viaSession.body).toBe(c.ok);
  });
});
