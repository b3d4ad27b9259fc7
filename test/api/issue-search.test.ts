/**
 * Issue search: a seeded dataset and a table of Sentry search queries, each asserting exactly
 * which issues the organization issue list returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProject } from '../../src/accounts/index.js';
import { formatShortId } from '../../src/api/serializers/short-id.js';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import type { Organization, Project } from '../../src/storage/index.js';
import { seedIssue } from './seed.js';

const H = 3_600_000;
const D = 24 * H;

let ctx: ApiTestContext;
let owner: TestUser;
let org: Organization;
let p1: Project;
let p2: Project;
const ids = new Map<string, number>();
let shortA = '';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const now = Date.now();

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com', { name: 'Owner' });
  const created = await ctx.createOrgWithProject(owner, { org: 'acme', team: 'backend', project: 'web' });
  org = created.org;
  p1 = created.project;
  p2 = await insertProject(ctx.db, {
    organization_id: org.id,
    team_id: created.team.id,
    slug: 'api',
    name: 'api',
    platform: 'node',
  });
  const member = await ctx.createUser('member@example.com', 'member');
  const db = ctx.db;
  const seed = async (name: string, s: Parameters<typeof seedIssue>[1]) => {
    const r = await seedIssue(db, s);
    ids.set(name, r.id);
    return r;
  };
  const a = await seed('A', {
    projectId: p1.id,
    title: 'TypeError: Cannot read properties of undefined',
    culprit: 'lib/format.js in displayName',
    firstSeen: new Date(now - 2 * H),
    lastSeen: new Date(now - 10 * 60_000),
    events: 5,
    tags: { browser: 'Chrome 120', 'os.name': 'Linux' },
    release: 'web@1.0.0',
    environment: 'production',
    users: ['id:42', 'email:bob@example.com'],
    assigneeUserId: owner.user.id,
  });
  shortA = formatShortId(p1.slug, a.shortId);
  await seed('B', {
    projectId: p1.id,
    title: 'ReferenceError: foo is not defined',
    status: 'resolved',
    substatus: null,
    firstSeen: new Date(now - 10 * D),
    lastSeen: new Date(now - 3 * D),
    events: 2,
    release: 'web@0.9.0',
    environment: 'staging',
    tags: { browser: 'Firefox 119' },
    users: ['email:alice@example.com'],
  });
  await seed('C', {
    projectId: p1.id,
    title: 'Warning: deprecated API used',
    level: 'warning',
    firstSeen: new Date(now - 30 * D),
    lastSeen: new Date(now - H),
    events: 20,
    environment: 'production',
    release: 'web@1.1.0',
    tags: { browser: 'Safari 17', customer: 'acme corp' },
    assigneeTeamId: created.team.id,
  });
  await seed('D', {
    projectId: p1.id,
    title: 'ValidationError: field "email" is invalid',
    status: 'ignored',
    firstSeen: new Date(now - 5 * D),
    lastSeen: new Date(now - 4 * D),
    environment: 'production',
    tags: { customer: 'globex' },
  });
  const e = await seed('E', {
    projectId: p1.id,
    title: 'Quota 100% used by user_a',
    level: 'info',
    firstSeen: new Date(now - 40 * D),
    lastSeen: new Date(now - 20 * D),
  });
  await seed('F', {
    projectId: p2.id,
    title: 'TypeError: x is not a function',
    level: 'fatal',
    firstSeen: new Date(now - 20 * H),
    lastSeen: new Date(now - 5 * 60_000),
    events: 12,
    environment: 'production',
    release: 'api@2.0.0',
    users: ['id:7'],
    assigneeUserId: member.user.id,
  });
  // Another organization's issue: must never show up.
  const stranger = await ctx.createUser('stranger@example.com');
  const other = await ctx.createOrgWithProject(stranger, { org: 'globex', project: 'web' });
  await seed('G', {
    projectId: other.project.id,
    title: 'TypeError: secret of another organization',
    firstSeen: new Date(now - H),
    lastSeen: new Date(now - 60_000),
    environment: 'production',
  });
  await ctx.app.inject({
    method: 'PUT',
    url: `/api/0/organizations/acme/issues/?id=${e.id}`,
    headers: owner.bearer,
    payload: { isBookmarked: true },
  });
});

afterAll(async () => {
  await ctx?.close();
});

async function search(query: string, extra = ''): Promise<string[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/0/organizations/acme/issues/?query=${encodeURIComponent(query)}&limit=100&statsPeriod=${extra}`,
    headers: owner.bearer,
  });
  expect(res.statusCode, res.body).toBe(200);
  const byId = new Map([...ids].map(([k, v]) => [String(v), k]));
  return (res.json() as Array<{ id: string }>).map((i) => byId.get(i.id) ?? `?${i.id}`).sort();
}

const CASES: Array<[string, string]> = [
  ['', 'ABCDEF'],
  ['is:unresolved', 'ACEF'],
  ['is:resolved', 'B'],
  ['is:ignored', 'D'],
  ['is:archived', 'D'],
  ['!is:resolved', 'ACDEF'],
  ['is:assigned', 'ACF'],
  ['is:unassigned', 'BDE'],
  ['assigned:me', 'A'],
  ['assigned:member@example.com', 'F'],
  ['assigned:#backend', 'C'],
  ['is:bookmarked', 'E'],
  ['bookmarks:me', 'E'],
  ['level:error', 'ABD'],
  ['level:warning', 'C'],
  ['!level:error', 'CEF'],
  ['level:[warning, fatal]', 'CF'],
  ['release:web@1.0.0', 'A'],
  ['release:web@*', 'ABC'],
  ['release:latest', 'AF'],
  ['environment:production', 'ACDF'],
  ['environment:staging', 'B'],
  ['!environment:production', 'BE'],
  ['user.email:bob@example.com', 'A'],
  ['user.id:7', 'F'],
  ['browser:"Chrome 120"', 'A'],
  ['browser:Chrome*', 'A'],
  ['customer:"acme corp"', 'C'],
  ['!customer:globex', 'ABCEF'],
  ['has:customer', 'CD'],
  ['!has:customer', 'ABEF'],
  ['has:browser', 'ABC'],
  ['TypeError', 'AF'],
  ['"is not defined"', 'B'],
  ['100%', 'E'],
  ['_', 'E'],
  ['cannot read properties', 'A'],
  ['firstSeen:-24h', 'AF'],
  ['age:-24h', 'AF'],
  ['firstSeen:+7d', 'BCE'],
  ['lastSeen:-30m', 'AF'],
  ['lastSeen:+2d', 'BDE'],
  ['times_seen:>10', 'CF'],
  ['timesSeen:<=2', 'BDE'],
  ['timesSeen:5', 'A'],
  [`firstSeen:>${day(now - 6 * D)}`, 'ADF'],
  [`lastSeen:<${day(now - 2 * D)}`, 'BDE'],
  ['is:unresolved level:error TypeError', 'A'],
  ['error.type:TypeError', 'AF'],
  ['issue:$A', 'A'],
  ['!issue:$A has:browser', 'BC'],
  ['environment:production !level:error', 'CF'],
  ['browser:Chrome* environment:production', 'A'],
  ['user.email:nobody@example.com', ''],
];

describe('issue search (Sentry syntax)', () => {
  it.each(CASES)('query %j → %s', async (query, expected) => {
    expect((await search(query.replace('$A', shortA))).join('')).toBe(expected);
  });

  it('no query parameter means is:unresolved', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/issues/?limit=100',
      headers: owner.bearer,
    });
    expect(res.json().map((i: { title: string }) => i.title[0]).length).toBe(4);
  });

  it('project, environment and shortIdLookup parameters', async () => {
    const base = '/api/0/organizations/acme/issues/?query=&limit=100';
    const only2 = await ctx.app.inject({ method: 'GET', url: `${base}&project=${p2.id}`, headers: owner.bearer });
    expect(only2.json().map((i: { id: string }) => i.id)).toEqual([String(ids.get('F'))]);
    const all = await ctx.app.inject({ method: 'GET', url: `${base}&project=-1`, headers: owner.bearer });
    expect(all.json()).toHaveLength(6);
    const env = await ctx.app.inject({
      method: 'GET',
      url: `${base}&environment=staging&environment=nope`,
      headers: owner.bearer,
    });
    expect(env.json().map((i: { id: string }) => i.id)).toEqual([String(ids.get('B'))]);
    const direct = await ctx.app.inject({
      method: 'GET',
      url: `/api/0/organizations/acme/issues/?query=${shortA}&shortIdLookup=1`,
      headers: owner.bearer,
    });
    expect(direct.headers['x-sentry-direct-hit']).toBe('1');
    expect(direct.json().map((i: { shortId: string }) => i.shortId)).toEqual([shortA]);
    // Sentry's org stream: statsPeriod is the range (last seen within it) when groupStatsPeriod is given.
    const ranged = await ctx.app.inject({
      method: 'GET',
      url: `${base}&statsPeriod=1h&groupStatsPeriod=24h`,
      headers: owner.bearer,
    });
    expect(
      ranged
        .json()
        .map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([String(ids.get('A')), String(ids.get('F'))].sort());
    expect(ranged.json()[0].stats['24h']).toHaveLength(24);
    const start = await ctx.app.inject({
      method: 'GET',
      url: `${base}&start=${new Date(now - 2 * D).toISOString()}`,
      headers: owner.bearer,
    });
    expect(start.json()).toHaveLength(3);
    const project = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/projects/acme/api/issues/?query=',
      headers: owner.bearer,
    });
    expect(project.json().map((i: { id: string }) => i.id)).toEqual([String(ids.get('F'))]);
  });

  it('sorts: date, new, freq, user', async () => {
    const order = async (sort: string) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/0/organizations/acme/issues/?query=&sort=${sort}&limit=100`,
        headers: owner.bearer,
      });
      const byId = new Map([...ids].map(([k, v]) => [String(v), k]));
      return res
        .json()
        .map((i: { id: string }) => byId.get(i.id))
        .join('');
    };
    expect(await order('date')).toBe('FACBDE');
    expect(await order('new')).toBe('AFBDCE'.replace('BD', 'DB'));
    expect((await order('freq')).slice(0, 3)).toBe('CFA');
    expect((await order('user')).slice(0, 1)).toBe('A');
  });

  it('rejects what the syntax does not support with 400 and Sentry’s message', async () => {
    for (const q of ['a OR b', 'is:whatever', 'firstSeen:banana', 'times_seen:>lots']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/0/organizations/acme/issues/?query=${encodeURIComponent(q)}`,
        headers: owner.bearer,
      });
      expect(res.statusCode, q).toBe(400);
      expect(typeof res.json().detail).toBe('string');
    }
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/issues/?query=a%20OR%20b',
      headers: owner.bearer,
    });
    expect(res.json().detail).toBe('Boolean statements containing "OR" or "AND" are not supported in this search');
  });

  it('a project of another organization cannot be requested', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/issues/?project=999999',
      headers: owner.bearer,
    });
    expect(res.statusCode).toBe(403);
  });
});
