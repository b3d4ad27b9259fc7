import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, TEST_PASSWORD, type TestOrg, type TestUser } from '../testing.js';

let ctx: ApiTestContext;
let owner: TestUser;
let o: TestOrg;

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  o = await ctx.createOrgWithProject(owner, { org: 'acme', team: 'core', project: 'web' });
});
afterAll(async () => {
  await ctx?.close();
});

const inject = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('invitations', () => {
  it('invites by email, lists the pending member, and the invitee registers with the link', async () => {
    const res = await inject('POST', '/api/0/organizations/acme/members/', owner.session, {
      email: 'new@example.com',
      orgRole: 'member',
      teamRoles: [{ teamSlug: 'core' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const invite = res.json();
    expect(invite).toMatchObject({
      email: 'new@example.com',
      role: 'member',
      pending: true,
      user: null,
      teams: ['core'],
    });
    const m = /\/accept\/(\d+)\/([0-9a-f]+)\/$/.exec(invite.inviteLink);
    expect(m).not.toBeNull();
    const [, memberId, token] = m as RegExpExecArray;
    expect(invite.inviteLink.startsWith('http://faultline.test/accept/')).toBe(true);

    const dup = await inject('POST', '/api/0/organizations/acme/members/', owner.bearer, { email: 'NEW@example.com' });
    expect(dup.statusCode).toBe(409);

    const details = await ctx.app.inject({ method: 'GET', url: `/api/0/accept-invite/${memberId}/${token}/` });
    expect(details.json()).toMatchObject({ orgSlug: 'acme', needsAuthentication: true });
    const wrong = await ctx.app.inject({ method: 'GET', url: `/api/0/accept-invite/${memberId}/${'0'.repeat(48)}/` });
    expect(wrong.statusCode).toBe(400);

    // Sign-up is closed, except with a valid invitation.
    const closed = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/register/',
      payload: { email: 'new@example.com', password: TEST_PASSWORD },
    });
    expect(closed.statusCode).toBe(403);
    const reg = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/register/',
      payload: { email: 'new@example.com', password: TEST_PASSWORD, invite: { memberId, token } },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const cookie = (reg.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    const projects = await inject('GET', '/api/0/organizations/acme/projects/', { cookie });
    expect(projects.json().map((p: { slug: string }) => p.slug)).toEqual(['web']);

    const list = await inject('GET', '/api/0/organizations/acme/members/', owner.bearer);
    const joined = list.json().find((x: { email: string }) => x.email === 'new@example.com');
    expect(joined).toMatchObject({ pending: false, role: 'member', user: { email: 'new@example.com' } });
    // The link is spent.
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/0/accept-invite/${memberId}/${token}/` })).statusCode,
    ).toBe(400);
  });

  it('lets a logged-in user accept an invitation, and regenerates links', async () => {
    const existing = await ctx.createUser('existing@example.com');
    const res = await inject('POST', '/api/0/organizations/acme/members/', owner.bearer, {
      email: 'existing@example.com',
      role: 'admin',
    });
    const first = res.json();
    const again = await inject('PUT', `/api/0/organizations/acme/members/${first.id}/`, owner.bearer, {
      regenerate: true,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().inviteLink).not.toBe(first.inviteLink);
    const [, memberId, token] = /\/accept\/(\d+)\/([0-9a-f]+)\/$/.exec(again.json().inviteLink) as RegExpExecArray;
    const stale = /\/accept\/(\d+)\/([0-9a-f]+)\/$/.exec(first.inviteLink) as RegExpExecArray;
    expect((await inject('POST', `/api/0/accept-invite/${stale[1]}/${stale[2]}/`, existing.session)).statusCode).toBe(
      400,
    );
    const ok = await inject('POST', `/api/0/accept-invite/acme/${memberId}/${token}/`, existing.session);
    expect(ok.statusCode).toBe(204);
    const me = await inject('GET', '/api/0/organizations/acme/', existing.bearer);
    expect(me.json().role).toBe('admin');
  });
});

describe('roles', () => {
  it('a member sees only the projects of its teams; open membership shows all', async () => {
    const team2 = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/organizations/acme/teams/',
      headers: owner.bearer,
      payload: { slug: 'mobile' },
    });
    expect(team2.statusCode).toBe(201);
    const created = await inject('POST', '/api/0/teams/acme/mobile/projects/', owner.bearer, {
      name: 'iOS App',
      platform: 'cocoa',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'ios-app', platform: 'cocoa', team: { slug: 'mobile' } });

    const member = await ctx.createUser('plain@example.com', { org: o.org, role: 'member', teams: [o.team] });
    const list = await inject('GET', '/api/0/organizations/acme/projects/', member.bearer);
    expect(list.json().map((p: { slug: string }) => p.slug)).toEqual(['web']);
    expect((await inject('GET', '/api/0/projects/acme/ios-app/', member.bearer)).statusCode).toBe(404);
    expect((await inject('GET', '/api/0/projects/acme/ios-app/keys/', member.bearer)).statusCode).toBe(404);
    expect((await inject('GET', '/api/0/projects/acme/web/', member.bearer)).statusCode).toBe(200);
    // Members may not change projects, teams or members.
    expect((await inject('PUT', '/api/0/projects/acme/web/', member.session, { name: 'x' })).statusCode).toBe(403);
    expect((await inject('POST', '/api/0/organizations/acme/teams/', member.session, { slug: 'zz' })).statusCode).toBe(
      403,
    );
    expect(
      (await inject('POST', '/api/0/organizations/acme/members/', member.session, { email: 'z@example.com' }))
        .statusCode,
    ).toBe(403);
    // Joining another team needs open membership.
    expect(
      (await inject('POST', '/api/0/organizations/acme/members/me/teams/mobile/', member.session)).statusCode,
    ).toBe(403);

    const open = await inject('PUT', '/api/0/organizations/acme/', owner.session, { openMembership: true });
    expect(open.json().openMembership).toBe(true);
    expect((await inject('GET', '/api/0/projects/acme/ios-app/', member.bearer)).statusCode).toBe(200);
    const join = await inject('POST', '/api/0/organizations/acme/members/me/teams/mobile/', member.session);
    expect(join.statusCode).toBe(201);
    expect(join.json()).toMatchObject({ slug: 'mobile', isMember: true });
    await inject('PUT', '/api/0/organizations/acme/', owner.session, { openMembership: false });
    expect((await inject('GET', '/api/0/projects/acme/ios-app/', member.bearer)).statusCode).toBe(200);
    const leave = await inject('DELETE', '/api/0/organizations/acme/members/me/teams/mobile/', member.session);
    expect(leave.statusCode).toBe(200);
    expect((await inject('GET', '/api/0/projects/acme/ios-app/', member.bearer)).statusCode).toBe(404);
  });

  it('a manager cannot make owners; the last owner cannot leave or be demoted', async () => {
    const manager = await ctx.createUser('manager@example.com', { org: o.org, role: 'manager' });
    const target = await ctx.createUser('target@example.com', { org: o.org, role: 'member' });
    const members = (await inject('GET', '/api/0/organizations/acme/members/', owner.bearer)).json() as {
      id: string;
      email: string;
      role: string;
    }[];
    const t = members.find((m) => m.email === 'target@example.com');
    const ownerRow = members.find((m) => m.email === 'owner@example.com');
    expect(t && ownerRow).toBeTruthy();
    const up = await inject('PUT', `/api/0/organizations/acme/members/${t?.id}/`, manager.session, {
      orgRole: 'owner',
    });
    expect(up.statusCode).toBe(403);
    const admin = await inject('PUT', `/api/0/organizations/acme/members/${t?.id}/`, manager.session, {
      orgRole: 'admin',
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().role).toBe('admin');
    expect(
      (await inject('DELETE', `/api/0/organizations/acme/members/${ownerRow?.id}/`, manager.session)).statusCode,
    ).toBe(403);
    expect(
      (await inject('PUT', `/api/0/organizations/acme/members/${ownerRow?.id}/`, owner.session, { role: 'member' }))
        .statusCode,
    ).toBe(403);
    expect((await inject('DELETE', '/api/0/organizations/acme/members/me/', owner.session)).statusCode).toBe(403);
    // Anyone may leave.
    expect((await inject('DELETE', '/api/0/organizations/acme/members/me/', target.session)).statusCode).toBe(204);
    expect((await inject('GET', '/api/0/organizations/acme/', target.bearer)).statusCode).toBe(404);
    // A manager removes a member.
    const m2 = await ctx.createUser('m2@example.com', { org: o.org, role: 'member' });
    const row = (await inject('GET', '/api/0/organizations/acme/members/me/', m2.bearer)).json();
    expect((await inject('DELETE', `/api/0/organizations/acme/members/${row.id}/`, manager.session)).statusCode).toBe(
      204,
    );
  });

  it('superusers see every organization', async () => {
    const su = await ctx.createUser('root@example.com', { superuser: true });
    expect((await inject('GET', '/api/0/organizations/acme/', su.bearer)).statusCode).toBe(200);
    expect((await inject('GET', '/api/0/projects/acme/web/', su.bearer)).statusCode).toBe(200);
    const all = await inject('GET', '/api/0/organizations/?show=all', su.bearer);
    expect(all.json().map((x: { slug: string }) => x.slug)).toContain('acme');
  });
});
