import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestOrg, type TestUser } from '../testing.js';

let ctx: ApiTestContext;
let owner: TestUser;
let o: TestOrg;

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  o = await ctx.createOrgWithProject(owner, { org: 'acme', team: 'core', project: 'web' });
  await ctx.createOrgWithProject(await ctx.createUser('other@example.com'), { org: 'other', project: 'other' });
});
afterAll(async () => {
  await ctx?.close();
});

describe('personal API tokens', () => {
  it('creates a token shown once, which then authenticates with its scopes only', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/api-tokens/',
      headers: owner.session,
      payload: { scopes: ['project:read', 'org:read'], name: 'ci' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json();
    expect(t.token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    expect(t).toMatchObject({
      name: 'ci',
      scopes: ['org:read', 'project:read'],
      tokenLastCharacters: t.token.slice(-4),
    });
    const bearer = { authorization: `Bearer ${t.token}` };

    const list = await ctx.app.inject({ method: 'GET', url: '/api/0/api-tokens/', headers: owner.session });
    const listed = list.json().find((x: { id: string }) => x.id === t.id);
    expect(listed).toBeDefined();
    expect(listed.token).toBeUndefined();

    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/0/projects/acme/web/', headers: bearer })).statusCode,
    ).toBe(200);
    const write = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/projects/acme/web/',
      headers: bearer,
      payload: { name: 'nope' },
    });
    expect(write.statusCode).toBe(403);
    // Token auth needs no CSRF header; tokens cannot manage tokens (Sentry: session only).
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/api-tokens/', headers: bearer })).statusCode).toBe(403);

    const last = await ctx.app.inject({ method: 'GET', url: `/api/0/api-tokens/${t.id}/`, headers: owner.session });
    expect(last.json().dateLastUsed).not.toBeNull();

    const del = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/0/api-tokens/',
      headers: owner.session,
      payload: { tokenId: t.id },
    });
    expect(del.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/', headers: bearer })).statusCode).toBe(401);
  });

  it('refuses unknown scopes, anonymous callers and missing CSRF', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/api-tokens/',
      headers: owner.session,
      payload: { scopes: ['root:everything'] },
    });
    expect(bad.statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/api-tokens/' })).statusCode).toBe(401);
    const noCsrf = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/api-tokens/',
      headers: owner.sessionNoCsrf,
      payload: { scopes: ['org:read'] },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('expired tokens no longer authenticate', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/api-tokens/',
      headers: owner.session,
      payload: { scopes: ['org:read'], expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    const bearer = { authorization: `Bearer ${res.json().token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/organizations/', headers: bearer })).statusCode).toBe(
      401,
    );
  });
});

describe('organization tokens', () => {
  it('issues sntrys_ tokens carrying the URL and organization; they act on that organization only', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/organizations/acme/org-auth-tokens/',
      headers: owner.session,
      payload: { name: 'CI' },
    });
    expect(res.statusCode).toBe(201);
    const { token, id } = res.json();
    const m = /^sntrys_([A-Za-z0-9+/=]+)_([A-Za-z0-9+/]+)$/.exec(token);
    expect(m).not.toBeNull();
    const payload = JSON.parse(Buffer.from(m?.[1] ?? '', 'base64').toString('utf8'));
    expect(payload).toMatchObject({ org: 'acme', url: 'http://faultline.test', region_url: 'http://faultline.test' });
    expect(Buffer.from(m?.[2] ?? '', 'base64')).toHaveLength(32);

    const bearer = { authorization: `Bearer ${token}` };
    const orgs = await ctx.app.inject({ method: 'GET', url: '/api/0/organizations/', headers: bearer });
    expect(orgs.json().map((x: { slug: string }) => x.slug)).toEqual(['acme']);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/0/projects/acme/web/', headers: bearer })).statusCode,
    ).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/0/projects/other/other/', headers: bearer })).statusCode,
    ).toBe(404);
    const root = await ctx.app.inject({ method: 'GET', url: '/api/0/', headers: bearer });
    expect(root.json()).toMatchObject({ auth: { scopes: ['org:ci'] }, user: null });
    // CI tokens cannot administer.
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: '/api/0/projects/acme/web/', headers: bearer })).statusCode,
    ).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/users/me/', headers: bearer })).statusCode).toBe(403);

    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/org-auth-tokens/',
      headers: owner.bearer,
    });
    expect(list.json()).toEqual([expect.objectContaining({ id, name: 'CI', scopes: ['org:ci'] })]);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/0/organizations/acme/org-auth-tokens/${id}/`,
      headers: owner.session,
    });
    expect(del.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/', headers: bearer })).statusCode).toBe(401);
    void o;
  });
});
