/**
 * Access rules of every issue/event/stats/live endpoint: anonymous → 401, a token without the
 * endpoint's scope → 403, a user of another organization → 404 (objects never leak), and the
 * right caller → success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import { seedIssue } from './seed.js';

let ctx: ApiTestContext;
let owner: TestUser;
let stranger: TestUser;
let strangerToken: string;
let issueId = 0;
let eventId = '';
let hash = '';
let noteId = '';
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  const { project } = await ctx.createOrgWithProject(owner, { org: 'acme', project: 'web' });
  const seeded = await seedIssue(ctx.db, {
    projectId: project.id,
    title: 'TypeError: boom',
    firstSeen: new Date(Date.now() - 3_600_000),
    lastSeen: new Date(),
    events: 2,
    hashes: ['a'.repeat(32), 'b'.repeat(32)],
  });
  issueId = seeded.id;
  eventId = seeded.eventIds[0]!;
  hash = seeded.hashes[1]!;
  const note = await ctx.app.inject({
    method: 'POST',
    url: `/api/0/issues/${issueId}/comments/`,
    headers: owner.bearer,
    payload: { text: 'first note' },
  });
  noteId = note.json().id;
  // Tokens with everything but the scope an endpoint needs.
  tokens['event:read'] = await ctx.createToken(owner, ['org:read', 'project:read']);
  tokens['event:write'] = await ctx.createToken(owner, ['org:read', 'project:read', 'event:read']);
  tokens['event:admin'] = await ctx.createToken(owner, ['org:read', 'project:read', 'event:read', 'event:write']);
  tokens['project:read'] = await ctx.createToken(owner, ['org:read', 'event:read']);
  tokens['org:read'] = await ctx.createToken(owner, ['event:read', 'project:read']);
  stranger = await ctx.createUser('stranger@example.com');
  await ctx.createOrgWithProject(stranger, { org: 'globex', project: 'web' });
  strangerToken = stranger.token;
});

afterAll(async () => {
  await ctx?.close();
});

type Case = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: () => string; scope: string; body?: object; ok: number };

const CASES: Case[] = [
  { method: 'GET', url: () => '/api/0/organizations/acme/issues/', scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => '/api/0/projects/acme/web/issues/', scope: 'event:read', ok: 200 },
  {
    method: 'PUT',
    url: () => `/api/0/organizations/acme/issues/?id=${issueId}`,
    scope: 'event:write',
    body: { hasSeen: true },
    ok: 200,
  },
  {
    method: 'PUT',
    url: () => `/api/0/projects/acme/web/issues/?id=${issueId}`,
    scope: 'event:write',
    body: { isBookmarked: true },
    ok: 200,
  },
  { method: 'DELETE', url: () => '/api/0/organizations/acme/issues/?id=999999', scope: 'event:admin', ok: 204 },
  { method: 'DELETE', url: () => '/api/0/projects/acme/web/issues/?id=999999', scope: 'event:admin', ok: 204 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/organizations/acme/issues/${issueId}/`, scope: 'event:read', ok: 200 },
  {
    method: 'PUT',
    url: () => `/api/0/issues/${issueId}/`,
    scope: 'event:write',
    body: { status: 'unresolved' },
    ok: 200,
  },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/events/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/organizations/acme/issues/${issueId}/events/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/events/latest/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/events/oldest/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/events/recommended/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/events/${eventId}/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/tags/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/tags/level/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/tags/level/values/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/hashes/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/comments/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/notes/`, scope: 'event:read', ok: 200 },
  {
    method: 'POST',
    url: () => `/api/0/issues/${issueId}/notes/`,
    scope: 'event:write',
    body: { text: 'hello' },
    ok: 201,
  },
  {
    method: 'PUT',
    url: () => `/api/0/issues/${issueId}/comments/${noteId}/`,
    scope: 'event:write',
    body: { text: 'edited' },
    ok: 200,
  },
  { method: 'GET', url: () => `/api/0/issues/${issueId}/activities/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/projects/acme/web/events/${eventId}/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/organizations/acme/eventids/${eventId}/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => `/api/0/organizations/acme/events/${eventId}/`, scope: 'event:read', ok: 200 },
  { method: 'GET', url: () => '/api/0/projects/acme/web/stats/', scope: 'project:read', ok: 200 },
  { method: 'GET', url: () => '/api/0/organizations/acme/stats_v2/?field=sum(quantity)', scope: 'org:read', ok: 200 },
  // Writes that change what the rest of the table reads run last.
  { method: 'PUT', url: () => `/api/0/issues/${issueId}/hashes/?id=${hash}`, scope: 'event:write', ok: 202 },
  { method: 'DELETE', url: () => `/api/0/issues/${issueId}/comments/${noteId}/`, scope: 'event:write', ok: 204 },
  { method: 'DELETE', url: () => `/api/0/issues/${issueId}/`, scope: 'event:admin', ok: 202 },
];

const LIVE = '/api/0/organizations/acme/live/';

describe('issue and event endpoints: access', () => {
  it('an issue of another organization is 404 on the other organization’s path too', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/0/organizations/globex/issues/${issueId}/`,
      headers: stranger.bearer,
    });
    expect(res.statusCode).toBe(404);
    const own = await ctx.app.inject({
      method: 'GET',
      url: `/api/0/organizations/acme/issues/${issueId}/`,
      headers: owner.bearer,
    });
    expect(own.statusCode).toBe(200);
  });

  it.each(CASES)('$method $scope: anonymous 401, missing scope 403, other organization 404, owner OK', async (c) => {
    const req = (headers: Record<string, string>) =>
      ctx.app.inject({ method: c.method, url: c.url(), headers, ...(c.body ? { payload: c.body } : {}) });
    const anon = await req({});
    expect(anon.statusCode, `${c.method} ${c.url()} anonymous`).toBe(401);
    const noScope = await req({ authorization: `Bearer ${tokens[c.scope]}` });
    expect(noScope.statusCode, `${c.method} ${c.url()} without ${c.scope}`).toBe(403);
    const other = await req({ authorization: `Bearer ${strangerToken}` });
    expect(other.statusCode, `${c.method} ${c.url()} other org`).toBe(404);
    expect(other.body).not.toContain('boom');
    const ok = await req(owner.bearer);
    expect(ok.statusCode, `${c.method} ${c.url()} owner: ${ok.body}`).toBe(c.ok);
  });

  it('cookie sessions need the CSRF header for writes', async () => {
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/0/organizations/acme/issues/?id=1',
      headers: owner.sessionNoCsrf,
      payload: { hasSeen: true },
    });
    expect(res.statusCode).toBe(403);
  });

  it('live: anonymous 401, missing scope 403, other organization 404', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: LIVE })).statusCode).toBe(401);
    const noScope = await ctx.app.inject({
      method: 'GET',
      url: LIVE,
      headers: { authorization: `Bearer ${tokens['event:read']}` },
    });
    expect(noScope.statusCode).toBe(403);
    const other = await ctx.app.inject({
      method: 'GET',
      url: LIVE,
      headers: { authorization: `Bearer ${strangerToken}` },
    });
    expect(other.statusCode).toBe(404);
  });
});
