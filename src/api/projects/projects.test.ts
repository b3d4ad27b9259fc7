import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectKeyByPublicKey } from '../../accounts/index.js';
import { readProjectOptions } from '../../accounts/project-options.js';
import { findProjectById } from '../../accounts/projects.repository.js';
import { type ApiTestContext, createApiTestContext, type TestOrg, type TestUser } from '../testing.js';

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

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = owner.session) =>
  ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('project keys', () => {
  it('lists keys with Sentry’s DSN shape', async () => {
    const res = await inject('GET', '/api/0/projects/acme/web/keys/');
    expect(res.statusCode).toBe(200);
    const [k] = res.json();
    const pk = o.key.public_key;
    const pid = o.project.id;
    expect(k).toMatchObject({
      id: pk,
      name: 'Default',
      label: 'Default',
      public: pk,
      secret: o.key.secret_key,
      projectId: pid,
      isActive: true,
      rateLimit: null,
      dsn: {
        public: `http://${pk}@faultline.test/${pid}`,
        secret: `http://${pk}:${o.key.secret_key}@faultline.test/${pid}`,
        security: `http://faultline.test/api/${pid}/security/?sentry_key=${pk}`,
        minidump: `http://faultline.test/api/${pid}/minidump/?sentry_key=${pk}`,
        csp: `http://faultline.test/api/${pid}/csp-report/?sentry_key=${pk}`,
        cdn: `http://faultline.test/js-sdk-loader/${pk}.min.js`,
      },
    });
    expect(typeof k.dateCreated).toBe('string');
    expect(res.headers.link).toContain('rel="next"; results="false"');
  });

  it('creates, rate-limits, disables, rotates and deletes keys', async () => {
    const created = await inject('POST', '/api/0/projects/acme/web/keys/', {
      name: 'Backend',
      rateLimit: { window: 60, count: 10 },
    });
    expect(created.statusCode).toBe(201);
    const k = created.json();
    expect(k).toMatchObject({ name: 'Backend', rateLimit: { window: 60, count: 10 }, isActive: true });
    expect(k.id).toMatch(/^[0-9a-f]{32}$/);

    const upd = await inject('PUT', `/api/0/projects/acme/web/keys/${k.id}/`, {
      isActive: false,
      rateLimit: null,
      name: 'B2',
    });
    expect(upd.json()).toMatchObject({ name: 'B2', isActive: false, rateLimit: null });
    // Ingest sees the change.
    const seen = await findProjectKeyByPublicKey(ctx.db, k.id);
    expect(seen).toMatchObject({ isActive: false, rateLimitCount: null });
    expect((await inject('GET', '/api/0/projects/acme/web/keys/?status=inactive')).json()).toHaveLength(1);

    const bad = await inject('PUT', `/api/0/projects/acme/web/keys/${k.id}/`, { rateLimit: { window: -1, count: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/rateLimit/);

    const rotated = await inject('POST', `/api/0/projects/acme/web/keys/${k.id}/rotate/`);
    expect(rotated.statusCode).toBe(200);
    const r = rotated.json();
    expect(r.id).not.toBe(k.id);
    expect(r.name).toBe('B2');
    expect(await findProjectKeyByPublicKey(ctx.db, k.id)).toBeUndefined();
    expect((await inject('GET', `/api/0/projects/acme/web/keys/${k.id}/`)).statusCode).toBe(404);

    const del = await inject('DELETE', `/api/0/projects/acme/web/keys/${r.id}/`);
    expect(del.statusCode).toBe(204);
    expect((await inject('GET', `/api/0/projects/acme/web/keys/${r.id}/`)).statusCode).toBe(404);
    expect((await inject('GET', '/api/0/projects/acme/web/keys/not-a-key/')).statusCode).toBe(404);
  });
});

describe('project settings', () => {
  it('updates name, platform, scrubbing, allowed origins and inbound filters', async () => {
    const res = await inject('PUT', '/api/0/projects/acme/web/', {
      name: 'Web App',
      platform: 'javascript-react',
      dataScrubber: false,
      sensitiveFields: ['ssn'],
      scrubIPAddresses: true,
      allowedDomains: ['https://app.example.com'],
      options: {
        'filters:blacklisted_ips': '10.0.0.1\n192.168.0.0/16',
        'filters:localhost': '1',
        'filters:releases': 'beta-*',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Web App',
      slug: 'web',
      platform: 'javascript-react',
      dataScrubber: false,
      sensitiveFields: ['ssn'],
      scrubIPAddresses: true,
      allowedDomains: ['https://app.example.com'],
      options: { 'filters:blacklisted_ips': '10.0.0.1\n192.168.0.0/16', 'filters:localhost': true },
    });
    const stored = await findProjectById(ctx.db, o.project.id);
    const opts = readProjectOptions(stored?.options);
    expect(opts).toMatchObject({
      scrubData: false,
      scrubIpAddresses: true,
      blacklistedIps: ['10.0.0.1', '192.168.0.0/16'],
      filteredReleases: ['beta-*'],
    });
    expect(opts.filters.localhost).toBe(true);

    const filters = await inject('GET', '/api/0/projects/acme/web/filters/');
    expect(filters.json()).toContainEqual(expect.objectContaining({ id: 'localhost', active: true }));
    await inject('PUT', '/api/0/projects/acme/web/filters/legacy-browsers/', { subfilters: ['ie_pre_9'] });
    await inject('PUT', '/api/0/projects/acme/web/filters/localhost/', { active: false });
    const asActive = await inject('PUT', '/api/0/projects/acme/web/filters/legacy-browsers/', { active: ['ie_pre_9'] });
    expect(asActive.statusCode).toBe(204);
    const after = (await inject('GET', '/api/0/projects/acme/web/filters/')).json();
    expect(after).toContainEqual(expect.objectContaining({ id: 'localhost', active: false }));
    expect(after).toContainEqual(expect.objectContaining({ id: 'legacy-browsers', active: ['ie_pre_9'] }));
    expect((await inject('PUT', '/api/0/projects/acme/web/filters/nope/', { active: true })).statusCode).toBe(404);

    expect((await inject('PUT', '/api/0/projects/acme/web/', { options: { 'sentry:unknown': 1 } })).statusCode).toBe(
      400,
    );
    expect((await inject('PUT', '/api/0/projects/acme/web/', { slug: 'Not A Slug!' })).statusCode).toBe(400);
  });

  it('renames the slug, refuses duplicates, and deletes projects', async () => {
    const other = await inject('POST', '/api/0/teams/acme/core/projects/', { name: 'API', slug: 'api' });
    expect(other.statusCode).toBe(201);
    expect((await inject('GET', '/api/0/projects/acme/api/keys/')).json()).toHaveLength(1);
    expect((await inject('POST', '/api/0/teams/acme/core/projects/', { name: 'API' })).statusCode).toBe(409);
    expect((await inject('PUT', '/api/0/projects/acme/api/', { slug: 'web' })).statusCode).toBe(409);
    const renamed = await inject('PUT', '/api/0/projects/acme/api/', { slug: 'backend' });
    expect(renamed.json().slug).toBe('backend');
    expect((await inject('GET', '/api/0/projects/acme/api/')).statusCode).toBe(404);
    expect((await inject('DELETE', '/api/0/projects/acme/backend/')).statusCode).toBe(204);
    expect((await inject('GET', '/api/0/projects/acme/backend/')).statusCode).toBe(404);
    const all = await inject('GET', '/api/0/projects/', undefined, owner.bearer);
    expect(all.json().map((p: { slug: string }) => p.slug)).toEqual(['web']);
    expect(all.json()[0]).toMatchObject({ organization: { slug: 'acme' }, team: { slug: 'core' } });
  });
});

describe('teams', () => {
  it('creates, renames and deletes a team; its projects stay', async () => {
    const t = await inject('POST', '/api/0/organizations/acme/teams/', { name: 'Data Eng' });
    expect(t.statusCode).toBe(201);
    expect(t.json()).toMatchObject({ slug: 'data-eng', name: 'Data Eng', isMember: true, memberCount: 1 });
    await inject('POST', '/api/0/teams/acme/data-eng/projects/', { name: 'etl' });
    const renamed = await inject('PUT', '/api/0/teams/acme/data-eng/', { name: 'Data' });
    expect(renamed.json().name).toBe('Data');
    const members = await inject('GET', '/api/0/teams/acme/data-eng/members/');
    expect(members.json().map((m: { email: string }) => m.email)).toEqual(['owner@example.com']);
    expect((await inject('DELETE', '/api/0/teams/acme/data-eng/')).statusCode).toBe(204);
    expect((await inject('GET', '/api/0/teams/acme/data-eng/')).statusCode).toBe(404);
    expect((await inject('GET', '/api/0/projects/acme/etl/')).json().team).toBeNull();
  });
});

describe('organizations', () => {
  it('creates an organization (owner with a team), renames and deletes it', async () => {
    const res = await inject('POST', '/api/0/organizations/', { name: 'Second Org' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ slug: 'second-org', name: 'Second Org', features: [] });
    const d = (await inject('GET', '/api/0/organizations/second-org/')).json();
    expect(d).toMatchObject({ role: 'owner', teams: [expect.objectContaining({ slug: 'second-org' })] });
    expect(d.access).toContain('org:admin');
    expect((await inject('POST', '/api/0/organizations/', { name: 'x', slug: 'acme' })).statusCode).toBe(409);
    expect((await inject('PUT', '/api/0/organizations/second-org/', { slug: 'acme' })).statusCode).toBe(409);
    expect((await inject('PUT', '/api/0/organizations/second-org/', { slug: 'org-two' })).json().slug).toBe('org-two');
    const member = await ctx.createUser('m@example.com', 'member');
    expect((await inject('DELETE', '/api/0/organizations/acme/', undefined, member.session)).statusCode).toBe(403);
    expect((await inject('DELETE', '/api/0/organizations/org-two/')).statusCode).toBe(204);
    expect((await inject('GET', '/api/0/organizations/org-two/')).statusCode).toBe(404);
  });

  it('paginates lists with Sentry’s Link header', async () => {
    for (let i = 0; i < 3; i++) await inject('POST', '/api/0/organizations/acme/teams/', { slug: `page-${i}` });
    const first = await inject('GET', '/api/0/organizations/acme/teams/?per_page=2', undefined, owner.bearer);
    expect(first.json()).toHaveLength(2);
    const link = String(first.headers.link);
    expect(link).toMatch(
      /^<http:\/\/faultline\.test\/api\/0\/organizations\/acme\/teams\/\?per_page=2&cursor=0%3A0%3A1>; rel="previous"; results="false"; cursor="0:0:1", </,
    );
    expect(link).toContain('rel="next"; results="true"; cursor="0:2:0"');
    const next = await inject(
      'GET',
      '/api/0/organizations/acme/teams/?per_page=2&cursor=0:2:0',
      undefined,
      owner.bearer,
    );
    expect(next.json()).toHaveLength(2);
    expect(next.json()[0].slug).not.toBe(first.json()[0].slug);
  });
});
