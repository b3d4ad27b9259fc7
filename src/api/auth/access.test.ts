import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, findApiTokenByHash, hashToken, insertProject } from '../../accounts/index.js';
import { type ApiTestContext, createApiTestContext, type TestOrg, type TestUser } from '../testing.js';
import { accessibleProjectIds, loadOrganization, loadProject, loadProjectById, type Principal } from './index.js';

let ctx: ApiTestContext;
let owner: TestUser;
let o: TestOrg;
let hiddenProjectId: number;

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  o = await ctx.createOrgWithProject(owner, { org: 'acme', team: 'core', project: 'web' });
  const hidden = await insertProject(ctx.db, {
    organization_id: o.org.id,
    team_id: null,
    slug: 'hidden',
    name: 'hidden',
    platform: null,
  });
  hiddenProjectId = hidden.id;
});
afterAll(async () => {
  await ctx?.close();
});

const req = (principal: Principal | null) => ({ principal }) as unknown as FastifyRequest;
const user = (u: TestUser, scopes: readonly string[] = ALL_SCOPES, via: Principal['via'] = 'token'): Principal => ({
  userId: u.user.id,
  isSuperuser: u.user.is_superuser,
  via,
  scopes: new Set(scopes),
});

describe('access helpers', () => {
  it('owner: every project; member: its teams’ projects; outsider: none', async () => {
    const member = await ctx.createUser('m@example.com', { org: o.org, role: 'member', teams: [o.team] });
    const outsider = await ctx.createUser('x@example.com');
    expect((await accessibleProjectIds(ctx.db, req(user(owner)), o.org.id)).sort()).toEqual(
      [o.project.id, hiddenProjectId].sort(),
    );
    expect(await accessibleProjectIds(ctx.db, req(user(member)), o.org.id)).toEqual([o.project.id]);
    expect(await accessibleProjectIds(ctx.db, req(user(outsider)), o.org.id)).toEqual([]);
    await expect(accessibleProjectIds(ctx.db, req(null), o.org.id)).rejects.toMatchObject({ status: 401 });

    await expect(loadProjectById(ctx.db, req(user(member)), hiddenProjectId, 'event:read')).rejects.toMatchObject({
      status: 404,
    });
    const got = await loadProjectById(ctx.db, req(user(member)), o.project.id, 'event:read');
    expect(got).toMatchObject({ role: 'member', project: { id: o.project.id }, org: { slug: 'acme' } });
    await expect(loadProjectById(ctx.db, req(user(outsider)), o.project.id, 'event:read')).rejects.toMatchObject({
      status: 404,
    });
    await expect(loadProjectById(ctx.db, req(user(owner)), 999_999, 'event:read')).rejects.toMatchObject({
      status: 404,
    });
    // Role without the scope: 403 (the object is visible).
    await expect(loadProjectById(ctx.db, req(user(member)), o.project.id, 'project:admin')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('token scopes narrow the role; anonymous is 401; a missing token scope is 403 before any lookup', async () => {
    await expect(loadOrganization(ctx.db, req(null), 'acme', 'org:read')).rejects.toMatchObject({ status: 401 });
    await expect(loadOrganization(ctx.db, req(user(owner, ['event:read'])), 'nope', 'org:read')).rejects.toMatchObject({
      status: 403,
    });
    const a = await loadOrganization(ctx.db, req(user(owner, ['project:write'])), 'acme', 'project:read');
    expect([...a.scopes].sort()).toEqual(['project:read', 'project:write']);
    await expect(loadProject(ctx.db, req(user(owner)), 'acme', 'nope', 'project:read')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('organization tokens see only their organization', async () => {
    const other = await ctx.createOrgWithProject(await ctx.createUser('o2@example.com'), { org: 'other' });
    const p: Principal = {
      userId: null,
      isSuperuser: false,
      via: 'token',
      scopes: new Set(['org:ci']),
      organizationId: o.org.id,
    };
    expect((await accessibleProjectIds(ctx.db, req(p), o.org.id)).length).toBe(2);
    expect(await accessibleProjectIds(ctx.db, req(p), other.org.id)).toEqual([]);
    await expect(loadProject(ctx.db, req(p), 'other', other.project.slug, 'project:read')).rejects.toMatchObject({
      status: 404,
    });
    const ok = await loadProject(ctx.db, req(p), 'acme', 'web', 'project:releases');
    expect(ok.role).toBeNull();
  });
});

describe('auth hook', () => {
  it('records token use at most once a minute', async () => {
    const u = await ctx.createUser('use@example.com');
    await ctx.app.inject({ method: 'GET', url: '/api/0/', headers: u.bearer });
    const first = (await findApiTokenByHash(ctx.db, hashToken(u.token)))?.last_used_at;
    expect(first).toBeInstanceOf(Date);
    await ctx.app.inject({ method: 'GET', url: '/api/0/', headers: u.bearer });
    expect((await findApiTokenByHash(ctx.db, hashToken(u.token)))?.last_used_at).toEqual(first);
  });

  it('ignores expired sessions', async () => {
    const u = await ctx.createUser('exp@example.com');
    await ctx.db
      .updateTable('user_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', u.user.id)
      .execute();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/0/users/me/', headers: u.session })).statusCode).toBe(401);
  });
});

describe('cookies under https', () => {
  it('marks session cookies Secure when FAULTLINE_URL is https', async () => {
    const https = await createApiTestContext({ env: { FAULTLINE_URL: 'https://errors.example.com' } });
    try {
      const reg = await https.app.inject({
        method: 'POST',
        url: '/api/0/auth/register/',
        payload: { email: 'a@example.com', password: 'long enough password' },
      });
      const set = reg.headers['set-cookie'] as string[];
      expect(set).toHaveLength(2);
      for (const c of set) expect(c).toContain('; Secure');
    } finally {
      await https.close();
    }
  });
});
