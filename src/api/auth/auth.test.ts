import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, TEST_PASSWORD } from '../testing.js';

let ctx: ApiTestContext;
beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

function cookiesOf(res: { headers: Record<string, unknown> }): Map<string, string> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const out = new Map<string, string>();
  for (const c of list as string[]) {
    const [pair] = c.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0) out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

describe('sign-up, login, sessions, CSRF', () => {
  it('reports no users, then registers the first user as superuser owner of a new organization', async () => {
    const before = await ctx.app.inject({ method: 'GET', url: '/api/0/auth/config/' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ hasUsers: false, canRegister: true, user: null });

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/register/',
      payload: { email: 'first@example.com', password: TEST_PASSWORD, name: 'First', organization: 'Acme Inc' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ email: 'first@example.com', name: 'First', isSuperuser: true });
    const set = res.headers['set-cookie'] as string[];
    expect(set.find((c) => c.startsWith('fl_session='))).toContain('HttpOnly');
    expect(set.find((c) => c.startsWith('fl_session='))).toContain('SameSite=Lax');
    expect(set.find((c) => c.startsWith('fl_session='))).toContain('Path=/');
    expect(set.find((c) => c.startsWith('fl_csrf='))).not.toContain('HttpOnly');
    const cookies = cookiesOf(res);
    const cookie = `fl_session=${cookies.get('fl_session')}; fl_csrf=${cookies.get('fl_csrf')}`;

    const orgs = await ctx.app.inject({ method: 'GET', url: '/api/0/organizations/', headers: { cookie } });
    expect(orgs.statusCode).toBe(200);
    expect(orgs.json()).toEqual([expect.objectContaining({ slug: 'acme-inc', name: 'Acme Inc' })]);
    const detail = await ctx.app.inject({ method: 'GET', url: '/api/0/organizations/acme-inc/', headers: { cookie } });
    expect(detail.json()).toMatchObject({
      role: 'owner',
      teams: [expect.objectContaining({ slug: 'acme-inc', isMember: true })],
    });

    const after = await ctx.app.inject({ method: 'GET', url: '/api/0/auth/config/', headers: { cookie } });
    expect(after.json()).toMatchObject({ hasUsers: true, canRegister: false, user: { email: 'first@example.com' } });
  });

  it('refuses a second sign-up unless open sign-up is enabled', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/register/',
      payload: { email: 'second@example.com', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    process.env.FAULTLINE_OPEN_SIGNUP = '1';
    try {
      const ok = await ctx.app.inject({
        method: 'POST',
        url: '/api/0/auth/register/',
        payload: { email: 'second@example.com', password: TEST_PASSWORD },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().user.isSuperuser).toBe(false);
    } finally {
      delete process.env.FAULTLINE_OPEN_SIGNUP;
    }
  });

  it('logs in, requires the CSRF header on cookie writes, logs out', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/login/',
      payload: { email: 'first@example.com', password: 'wrong password' },
    });
    expect(bad.statusCode).toBe(401);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/login/',
      payload: { email: 'FIRST@example.com', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.email).toBe('first@example.com');
    const c = cookiesOf(res);
    const cookie = `fl_session=${c.get('fl_session')}; fl_csrf=${c.get('fl_csrf')}`;
    const me = await ctx.app.inject({ method: 'GET', url: '/api/0/users/me/', headers: { cookie } });
    expect(me.statusCode).toBe(200);

    const noCsrf = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/users/me/',
      headers: { cookie },
      payload: { name: 'X' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toEqual({ detail: 'CSRF Failed' });
    const wrongCsrf = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/users/me/',
      headers: { cookie, 'x-csrftoken': 'a'.repeat(64) },
      payload: { name: 'X' },
    });
    expect(wrongCsrf.statusCode).toBe(403);
    const ok = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/users/me/',
      headers: { cookie, 'x-csrftoken': c.get('fl_csrf') ?? '' },
      payload: { name: 'Renamed' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe('Renamed');

    const out = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/0/auth/',
      headers: { cookie, 'x-csrftoken': c.get('fl_csrf') ?? '' },
    });
    expect(out.statusCode).toBe(204);
    const gone = await ctx.app.inject({ method: 'GET', url: '/api/0/users/me/', headers: { cookie } });
    expect(gone.statusCode).toBe(401);
    expect(gone.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('throttles logins after 5 failures for one email and address', async () => {
    const attempt = (password: string, ip = '10.0.0.9') =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/0/auth/login/',
        remoteAddress: ip,
        payload: { email: 'throttle@example.com', password },
      });
    await ctx.createUser('throttle@example.com');
    for (let i = 0; i < 5; i++) expect((await attempt('nope nope nope')).statusCode).toBe(401);
    const blocked = await attempt(TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await attempt(TEST_PASSWORD, '10.0.0.10')).statusCode).toBe(200);
  });

  it('rejects unknown bearer tokens with 401 and accepts valid ones', async () => {
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/',
      headers: { authorization: 'Bearer sntryu_nope' },
    });
    expect(bad.statusCode).toBe(401);
    const u = await ctx.createUser('tok@example.com');
    const root = await ctx.app.inject({ method: 'GET', url: '/api/0/', headers: u.bearer });
    expect(root.statusCode).toBe(200);
    expect(root.json()).toMatchObject({ version: '0', user: { email: 'tok@example.com' } });
    expect(root.json().auth.scopes).toContain('project:releases');
    const anon = await ctx.app.inject({ method: 'GET', url: '/api/0/' });
    expect(anon.json()).toEqual({ version: '0', auth: null, user: null });
  });

  it('changes the password with the old one, ending other sessions', async () => {
    const u = await ctx.createUser('pw@example.com');
    const wrong = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/users/me/password/',
      headers: u.session,
      payload: { passwordOld: 'not it at all', passwordNew: 'a brand new password' },
    });
    expect(wrong.statusCode).toBe(400);
    const noCsrf = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/users/me/password/',
      headers: u.sessionNoCsrf,
      payload: { passwordOld: TEST_PASSWORD, passwordNew: 'a brand new password' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/login/',
      payload: { email: 'pw@example.com', password: TEST_PASSWORD },
    });
    const other = cookiesOf(login);
    const ok = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/users/me/password/',
      headers: u.session,
      payload: { passwordOld: TEST_PASSWORD, passwordNew: 'a brand new password' },
    });
    expect(ok.statusCode).toBe(204);
    const still = await ctx.app.inject({ method: 'GET', url: '/api/0/users/me/', headers: { cookie: u.cookie } });
    expect(still.statusCode).toBe(200);
    const ended = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/users/me/',
      headers: { cookie: `fl_session=${other.get('fl_session')}` },
    });
    expect(ended.statusCode).toBe(401);
    const relog = await ctx.app.inject({
      method: 'POST',
      url: '/api/0/auth/login/',
      payload: { email: 'pw@example.com', password: 'a brand new password' },
    });
    expect(relog.statusCode).toBe(200);
  });
});
