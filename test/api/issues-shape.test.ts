/**
 * Issue and event JSON compared field by field with what Sentry's API returns (group and event
 * serializers), and the mutation endpoints' response bodies and effects: status changes,
 * assignment, bookmarks/seen/subscriptions, merge, delete, unmerge, notes, tags, activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import type { Project, Team } from '../../src/storage/index.js';
import { fixtureEvent, seedIssue } from './seed.js';

let ctx: ApiTestContext;
let owner: TestUser;
let member: TestUser;
let project: Project;
let team: Team;

const ISSUE_KEYS = [
  'annotations',
  'assignedTo',
  'count',
  'culprit',
  'firstSeen',
  'hasSeen',
  'id',
  'isBookmarked',
  'isPublic',
  'isSubscribed',
  'isUnhandled',
  'issueCategory',
  'issueType',
  'lastSeen',
  'level',
  'logger',
  'metadata',
  'numComments',
  'permalink',
  'platform',
  'priority',
  'priorityLockedAt',
  'project',
  'shareId',
  'shortId',
  'stats',
  'status',
  'statusDetails',
  'subscriptionDetails',
  'substatus',
  'title',
  'type',
  'userCount',
];

const EVENT_KEYS = [
  '_meta',
  'context',
  'contexts',
  'crashFile',
  'culprit',
  'dateCreated',
  'dateReceived',
  'dist',
  'entries',
  'errors',
  'eventID',
  'fingerprints',
  'groupID',
  'groupingConfig',
  'id',
  'location',
  'message',
  'metadata',
  'nextEventID',
  'occurrence',
  'packages',
  'platform',
  'previousEventID',
  'projectID',
  'release',
  'resolvedWith',
  'sdk',
  'sdkUpdates',
  'size',
  'tags',
  'title',
  'type',
  'user',
  'userReport',
];

/** Minimal normalization of a recorded SDK event (what the pipeline stores). */
function normalized(relPath: string): Record<string, unknown> {
  const ev = fixtureEvent(relPath);
  const out: Record<string, unknown> = { ...ev };
  if (typeof ev.message === 'string') {
    out.logentry = { formatted: ev.message };
    delete out.message;
  }
  if (Array.isArray(ev.breadcrumbs)) out.breadcrumbs = { values: ev.breadcrumbs };
  return out;
}

const api = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object, who?: TestUser) =>
  ctx.app.inject({ method, url: `/api/0${url}`, headers: (who ?? owner).bearer, ...(payload ? { payload } : {}) });

const hourAgo = () => new Date(Date.now() - 3_600_000);

async function issue(title: string, extra: Partial<Parameters<typeof seedIssue>[1]> = {}) {
  return seedIssue(ctx.db, { projectId: project.id, title, firstSeen: hourAgo(), lastSeen: new Date(), ...extra });
}

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com', { name: 'Olivia Owner' });
  ({ project, team } = await ctx.createOrgWithProject(owner, {
    org: 'acme',
    team: 'core',
    project: 'web',
    platform: 'node',
  }));
  member = await ctx.createUser('member@example.com', { role: 'member', name: 'Mel Member' });
});

afterAll(async () => {
  await ctx?.close();
});

describe('issue JSON', () => {
  it('list items have exactly Sentry’s group fields, with 24 hourly stats by default', async () => {
    const s = await issue('TypeError: Cannot read properties of undefined', {
      events: 3,
      users: ['id:1', 'id:2'],
      culprit: 'format.js in displayName',
      data: normalized('node/typeerror-multifile.json'),
    });
    const res = await api('GET', '/projects/acme/web/issues/');
    const item = res.json().find((i: { id: string }) => i.id === String(s.id));
    expect(Object.keys(item).sort()).toEqual(ISSUE_KEYS);
    expect(item).toMatchObject({
      id: String(s.id),
      shortId: `WEB-${s.shortId}`,
      title: 'TypeError: Cannot read properties of undefined',
      culprit: 'format.js in displayName',
      permalink: `http://faultline.test/organizations/acme/issues/${s.id}/`,
      level: 'error',
      status: 'unresolved',
      statusDetails: {},
      substatus: 'ongoing',
      project: { id: String(project.id), name: 'web', slug: 'web', platform: 'node' },
      type: 'error',
      count: '3',
      userCount: 2,
      numComments: 0,
      assignedTo: null,
      isBookmarked: false,
      hasSeen: false,
      isPublic: false,
    });
    expect(typeof item.count).toBe('string');
    expect(new Date(item.firstSeen).toISOString()).toBe(item.firstSeen);
    expect(item.stats['24h']).toHaveLength(24);
    expect(item.stats['24h'].reduce((n: number, [, c]: [number, number]) => n + c, 0)).toBe(3);
    expect(item.stats['24h'][23][0] % 3600).toBe(0);
    const d14 = await api('GET', '/projects/acme/web/issues/?statsPeriod=14d');
    expect(d14.json()[0].stats['14d']).toHaveLength(14);
    const none = await api('GET', '/projects/acme/web/issues/?statsPeriod=');
    expect(none.json()[0].stats).toBeUndefined();
  });

  it('shortIds use Crockford base32 like Sentry (42 → 1A)', async () => {
    const { formatShortId } = await import('../../src/api/serializers/short-id.js');
    expect(formatShortId('web', 42)).toBe('WEB-1A');
    expect(formatShortId('my-app', 1)).toBe('MY-APP-1');
  });

  it('detail adds activity, seenBy, tags, releases, 24h and 30d stats', async () => {
    const s = await issue('ReferenceError: x is not defined', { release: 'web@1.2.3', environment: 'prod', events: 2 });
    await api('PUT', `/issues/${s.id}/`, { hasSeen: true });
    const res = await api('GET', `/issues/${s.id}/`);
    const d = res.json();
    for (const k of [
      ...ISSUE_KEYS.filter((k) => k !== 'stats'),
      'activity',
      'seenBy',
      'tags',
      'firstRelease',
      'lastRelease',
      'userReportCount',
      'participants',
      'pluginActions',
      'pluginIssues',
      'pluginContexts',
    ]) {
      expect(d, k).toHaveProperty(k);
    }
    expect(Object.keys(d.stats).sort()).toEqual(['24h', '30d']);
    expect(d.stats['30d']).toHaveLength(30);
    expect(d.firstRelease).toMatchObject({ version: 'web@1.2.3', shortVersion: '1.2.3' });
    expect(d.hasSeen).toBe(true);
    expect(d.seenBy.map((u: { email: string }) => u.email)).toEqual(['owner@example.com']);
    expect(d.activity.at(-1)).toMatchObject({ type: 'first_seen', user: null });
    expect(d.tags.map((t: { key: string }) => t.key)).toEqual(['environment', 'level', 'release']);
    expect(d.tags[0]).toEqual({ key: 'environment', name: 'Environment', totalValues: 2, uniqueValues: 1 });
  });
});

describe('event JSON', () => {
  it('full event: Sentry’s fields, entries with camelCased frames, neighbours', async () => {
    const s = await issue('TypeError: Cannot read properties of undefined (reading displayName)', {
      events: 3,
      data: normalized('node/typeerror-multifile.json'),
      tags: { runtime: 'node v20.20.2' },
      release: 'web@2.0.0',
    });
    const latest = (await api('GET', `/issues/${s.id}/events/latest/`)).json();
    expect(Object.keys(latest).sort()).toEqual(EVENT_KEYS);
    expect(latest).toMatchObject({
      id: s.eventIds[2],
      eventID: s.eventIds[2],
      groupID: String(s.id),
      projectID: String(project.id),
      platform: 'node',
      type: 'error',
      nextEventID: null,
      previousEventID: s.eventIds[1],
      release: { version: 'web@2.0.0', shortVersion: '2.0.0' },
      sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
    });
    expect(latest.tags).toContainEqual({ key: 'release', value: 'web@2.0.0' });
    expect(latest.tags.map((t: { key: string }) => t.key)).toEqual(
      [...latest.tags.map((t: { key: string }) => t.key)].sort(),
    );
    expect(latest.contexts.runtime).toEqual({ name: 'node', version: 'v20.20.2' });
    const exc = latest.entries.find((e: { type: string }) => e.type === 'exception');
    expect(Object.keys(exc.data).sort()).toEqual(['excOmitted', 'hasSystemFrames', 'values']);
    const value = exc.data.values[0];
    expect(Object.keys(value).sort()).toEqual([
      'mechanism',
      'module',
      'rawStacktrace',
      'stacktrace',
      'threadId',
      'type',
      'value',
    ]);
    expect(value.type).toBe('TypeError');
    expect(value.mechanism).toEqual({ type: 'generic', handled: true });
    const frame = value.stacktrace.frames.at(-1);
    expect(frame).toMatchObject({
      filename: '/tmp/corpus/node-app/lib/format.js',
      module: 'format',
      function: 'displayName',
      lineNo: 5,
      colNo: 31,
      inApp: true,
      vars: { user: { id: 42, name: 'Bob' }, label: '<undefined>' },
    });
    expect(frame.context).toEqual([
      [1, "'use strict';"],
      [2, ''],
      [3, 'function displayName(user) {'],
      [4, '  // Crashes for users without settings.'],
      [5, '  const label = user.settings.displayName.trim();'],
      [6, '  return label.toUpperCase();'],
      [7, '}'],
      [8, ''],
      [9, 'module.exports = { displayName };'],
    ]);
    for (const k of ['absPath', 'colNo', 'context', 'filename', 'function', 'inApp', 'lineNo', 'module', 'vars']) {
      expect(frame, k).toHaveProperty(k);
    }
    const oldest = (await api('GET', `/issues/${s.id}/events/oldest/`)).json();
    expect(oldest).toMatchObject({ id: s.eventIds[0], previousEventID: null, nextEventID: s.eventIds[1] });
    const middle = (await api('GET', `/projects/acme/web/events/${s.eventIds[1]}/`)).json();
    expect(middle).toMatchObject({ previousEventID: s.eventIds[0], nextEventID: s.eventIds[2] });
  });

  it('message and breadcrumbs entries; eventids resolution', async () => {
    const s = await issue('Checkout failed', { data: normalized('node/rich-context.json') });
    const m = await issue('User 123 not found', { data: normalized('node/message-variants.01-event.json') });
    const rich = (await api('GET', `/issues/${s.id}/events/latest/`)).json();
    const crumbs = rich.entries.find((e: { type: string }) => e.type === 'breadcrumbs');
    expect(crumbs.data.values[0]).toEqual({
      type: 'default',
      timestamp: new Date(1795312208005).toISOString(),
      level: 'info',
      message: 'User logged in',
      category: 'auth',
      data: null,
      event_id: null,
    });
    expect(rich.user).toMatchObject({ id: expect.any(String) });
    const msg = (await api('GET', `/issues/${m.id}/events/latest/`)).json();
    expect(msg.entries[0]).toEqual({
      type: 'message',
      data: { formatted: 'User 123 not found', message: null, params: null },
    });
    const resolved = (await api('GET', `/organizations/acme/eventids/${m.eventIds[0]}/`)).json();
    expect(resolved).toMatchObject({
      organizationSlug: 'acme',
      projectSlug: 'web',
      groupId: String(m.id),
      eventId: m.eventIds[0],
    });
    expect(resolved.event.id).toBe(m.eventIds[0]);
    const dashed = m.eventIds[0]!.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-').toUpperCase();
    expect((await api('GET', `/organizations/acme/eventids/${dashed}/`)).statusCode).toBe(200);
    expect((await api('GET', '/organizations/acme/eventids/not-an-id/')).statusCode).toBe(404);
    const byProject = await api('GET', `/organizations/acme/events/web:${m.eventIds[0]}/`);
    expect(byProject.json().eventId).toBe(m.eventIds[0]);
    expect((await api('GET', `/organizations/acme/events/other:${m.eventIds[0]}/`)).statusCode).toBe(404);
  });

  it('event lists: simple form by default, full=true, Link header, recommended prefers stack traces', async () => {
    const plain = { platform: 'node', exception: { values: [{ type: 'E', value: 'v' }] } };
    const s = await issue('E: v', { events: 4, data: plain, environment: 'prod' });
    const list = await api('GET', `/issues/${s.id}/events/?limit=3`);
    expect(list.json()).toHaveLength(3);
    expect(Object.keys(list.json()[0]).sort()).toEqual(
      [
        'crashFile',
        'culprit',
        'dateCreated',
        'event.type',
        'eventID',
        'groupID',
        'id',
        'location',
        'message',
        'platform',
        'projectID',
        'tags',
        'title',
        'user',
      ].sort(),
    );
    const next = /<([^>]+)>; rel="next"; results="true"/.exec(String(list.headers.link))![1]!;
    const rest = await api('GET', next.replace('http://faultline.test/api/0', ''));
    expect(rest.json().map((e: { id: string }) => e.id)).toEqual([s.eventIds[0]]);
    const full = await api('GET', `/issues/${s.id}/events/?full=true&limit=1`);
    expect(full.json()[0]).toHaveProperty('entries');
    const filtered = await api('GET', `/issues/${s.id}/events/?query=${encodeURIComponent('environment:nope')}`);
    expect(filtered.json()).toEqual([]);
    // One event with an in-app stack trace among plain ones: recommended picks it, latest does not.
    const rich = await issue('F: w', { data: normalized('node/typeerror-multifile.json') });
    await ctx.db.updateTable('events').set({ group_id: s.id }).where('event_id', '=', rich.eventIds[0]!).execute();
    await ctx.db
      .updateTable('events')
      .set({ timestamp: new Date(Date.now() - 1_800_000) })
      .where('event_id', '=', rich.eventIds[0]!)
      .execute();
    const rec = (await api('GET', `/issues/${s.id}/events/recommended/`)).json();
    expect(rec.id).toBe(rich.eventIds[0]);
    const latest = (await api('GET', `/issues/${s.id}/events/latest/`)).json();
    expect(latest.id).not.toBe(rich.eventIds[0]);
  });
});

describe('mutations', () => {
  it('resolve, resolve in next release, ignore with conditions, unresolve: Sentry’s response bodies', async () => {
    const a = await issue('A: resolve me', { release: 'web@1.0.0' });
    const b = await issue('B: resolve me too');
    const url = `/projects/acme/web/issues/?id=${a.id}&id=${b.id}`;
    expect((await api('PUT', url, { status: 'resolved' })).json()).toEqual({
      status: 'resolved',
      statusDetails: {},
      substatus: null,
    });
    expect((await api('GET', `/issues/${a.id}/`)).json()).toMatchObject({ status: 'resolved', substatus: null });
    const next = (await api('PUT', url, { status: 'resolvedInNextRelease' })).json();
    expect(next).toMatchObject({
      status: 'resolved',
      statusDetails: { inNextRelease: true, actor: { email: 'owner@example.com' } },
    });
    expect((await api('GET', `/issues/${a.id}/`)).json().statusDetails).toEqual({ inNextRelease: true });
    const inRelease = (
      await api('PUT', `/issues/${a.id}/`, { status: 'resolved', statusDetails: { inRelease: 'latest' } })
    ).json();
    expect(inRelease.statusDetails).toEqual({ inRelease: 'web@1.0.0' });
    const ignored = (
      await api('PUT', url, {
        status: 'ignored',
        statusDetails: { ignoreDuration: 30, ignoreCount: 100, ignoreWindow: 60 },
      })
    ).json();
    expect(ignored).toMatchObject({
      status: 'ignored',
      substatus: 'archived_until_condition_met',
      statusDetails: { ignoreCount: 100, ignoreWindow: 60, ignoreDuration: 30 },
    });
    expect(Date.parse(ignored.statusDetails.ignoreUntil) - Date.now()).toBeGreaterThan(29 * 60_000);
    const detail = (await api('GET', `/issues/${b.id}/`)).json();
    expect(detail).toMatchObject({ status: 'ignored', statusDetails: { ignoreCount: 100, ignoreWindow: 60 } });
    const esc = (await api('PUT', url, { status: 'ignored', statusDetails: { ignoreUntilEscalating: true } })).json();
    expect(esc).toMatchObject({
      substatus: 'archived_until_escalating',
      statusDetails: { ignoreUntilEscalating: true },
    });
    const forever = (await api('PUT', url, { status: 'ignored' })).json();
    expect(forever.substatus).toBe('archived_forever');
    expect((await api('PUT', url, { status: 'unresolved' })).json()).toEqual({
      status: 'unresolved',
      statusDetails: {},
      substatus: 'ongoing',
    });
    const acts = (await api('GET', `/issues/${a.id}/activities/`)).json().activity.map((x: { type: string }) => x.type);
    expect(acts).toEqual([
      'set_unresolved',
      'set_ignored',
      'set_ignored',
      'set_ignored',
      'set_resolved_in_release',
      'set_resolved_in_release',
      'set_resolved',
      'first_seen',
    ]);
    expect((await api('PUT', url, { status: 'bogus' })).statusCode).toBe(400);
  });

  it('assignment to users and teams, by id, e-mail, or unassign; non-members refused', async () => {
    const s = await issue('C: assign me');
    const url = `/organizations/acme/issues/?id=${s.id}`;
    const toMember = (await api('PUT', url, { assignedTo: `user:${member.user.id}` })).json();
    expect(toMember).toEqual({
      assignedTo: { type: 'user', id: String(member.user.id), name: 'Mel Member', email: 'member@example.com' },
    });
    const mine = await api(
      'GET',
      `/organizations/acme/issues/?query=${encodeURIComponent('assigned:me')}`,
      undefined,
      member,
    );
    expect(mine.json().map((i: { id: string }) => i.id)).toEqual([String(s.id)]);
    expect((await api('PUT', url, { assignedTo: 'owner@example.com' })).json().assignedTo.email).toBe(
      'owner@example.com',
    );
    expect((await api('PUT', url, { assignedTo: `team:${team.id}` })).json().assignedTo).toEqual({
      type: 'team',
      id: String(team.id),
      name: 'core',
    });
    expect((await api('PUT', url, { assignedTo: '' })).json()).toEqual({ assignedTo: null });
    expect((await api('PUT', url, { assignedTo: 'nobody@example.com' })).statusCode).toBe(400);
    const types = (await api('GET', `/issues/${s.id}/activities/`))
      .json()
      .activity.map((x: { type: string }) => x.type);
    expect(types.slice(0, 4)).toEqual(['unassigned', 'assigned', 'assigned', 'assigned']);
    // The assignee got subscribed.
    const asMember = (await api('GET', `/issues/${s.id}/`, undefined, member)).json();
    expect(asMember.isSubscribed).toBe(true);
  });

  it('bookmarks, seen and subscriptions are per user', async () => {
    const s = await issue('D: mark me');
    const url = `/projects/acme/web/issues/?id=${s.id}`;
    expect((await api('PUT', url, { isBookmarked: true, hasSeen: true, isSubscribed: false })).json()).toEqual({
      isBookmarked: true,
      hasSeen: true,
      isSubscribed: false,
      subscriptionDetails: { reason: 'unknown' },
    });
    const mine = (await api('GET', `/issues/${s.id}/`)).json();
    expect(mine).toMatchObject({ isBookmarked: true, hasSeen: true, isSubscribed: false });
    const theirs = (await api('GET', `/issues/${s.id}/`, undefined, member)).json();
    expect(theirs).toMatchObject({ isBookmarked: false, hasSeen: false });
  });

  it('merge moves events into the issue with most events; bulk delete removes issues', async () => {
    const big = await issue('M: big', { events: 3, tags: { k: 'one' } });
    const small = await issue('M: small', { events: 1, tags: { k: 'two' } });
    const res = await api('PUT', `/projects/acme/web/issues/?id=${small.id}&id=${big.id}`, { merge: 1 });
    expect(res.json()).toEqual({ merge: { parent: String(big.id), children: [String(small.id)] } });
    expect((await api('GET', `/issues/${small.id}/`)).statusCode).toBe(404);
    const parent = (await api('GET', `/issues/${big.id}/`)).json();
    expect(parent.count).toBe('4');
    expect((await api('GET', `/issues/${big.id}/hashes/`)).json()).toHaveLength(2);
    const values = (await api('GET', `/issues/${big.id}/tags/k/values/`)).json();
    expect(values.map((v: { value: string }) => v.value).sort()).toEqual(['one', 'two']);
    expect(parent.activity[0]).toMatchObject({ type: 'merge', data: { issues: [{ id: small.id }] } });
    expect((await api('PUT', `/projects/acme/web/issues/?id=${big.id}`, { merge: 1 })).statusCode).toBe(400);
    expect((await api('DELETE', `/projects/acme/web/issues/?id=${big.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/issues/${big.id}/`)).statusCode).toBe(404);
  });

  it('unmerge moves a hash and its events into a new issue and recomputes both', async () => {
    const s = await issue('U: two fingerprints', { events: 4, hashes: ['1'.repeat(32), '2'.repeat(32)] });
    const hashes = (await api('GET', `/issues/${s.id}/hashes/`)).json();
    expect(hashes.map((h: { id: string }) => h.id)).toEqual(['1'.repeat(32), '2'.repeat(32)]);
    expect(hashes[0].latestEvent.groupID).toBe(String(s.id));
    expect((await api('PUT', `/issues/${s.id}/hashes/?id=${'2'.repeat(32)}`)).statusCode).toBe(202);
    const after = (await api('GET', `/issues/${s.id}/`)).json();
    expect(after.count).toBe('2');
    expect(after.activity[0].type).toBe('unmerge_source');
    const newId = String(after.activity[0].data.destination_id);
    const created = (await api('GET', `/issues/${newId}/`)).json();
    expect(created).toMatchObject({ count: '2', title: 'U: two fingerprints', status: 'unresolved' });
    expect(created.shortId).not.toBe(after.shortId);
    expect((await api('GET', `/issues/${newId}/hashes/`)).json().map((h: { id: string }) => h.id)).toEqual([
      '2'.repeat(32),
    ]);
    // Unmerging every hash (or an unknown one) is refused.
    expect((await api('PUT', `/issues/${s.id}/hashes/?id=${'1'.repeat(32)}`)).statusCode).toBe(400);
    expect((await api('PUT', `/issues/${s.id}/hashes/?id=${'9'.repeat(32)}`)).statusCode).toBe(400);
  });

  it('notes: create, list (both paths), duplicate refused, only the author edits or deletes', async () => {
    const s = await issue('N: discuss');
    const created = await api('POST', `/issues/${s.id}/notes/`, { text: 'Looking into it' });
    expect(created.statusCode).toBe(201);
    const note = created.json();
    expect(Object.keys(note).sort()).toEqual(['data', 'dateCreated', 'id', 'sentry_app', 'type', 'user']);
    expect(note).toMatchObject({
      type: 'note',
      data: { text: 'Looking into it' },
      user: { email: 'owner@example.com' },
    });
    expect((await api('POST', `/issues/${s.id}/comments/`, { text: 'Looking into it' })).statusCode).toBe(400);
    expect((await api('POST', `/issues/${s.id}/comments/`, { text: '  ' })).statusCode).toBe(400);
    expect((await api('GET', `/issues/${s.id}/comments/`)).json().map((n: { id: string }) => n.id)).toEqual([note.id]);
    expect((await api('GET', `/issues/${s.id}/`)).json().numComments).toBe(1);
    expect((await api('PUT', `/issues/${s.id}/notes/${note.id}/`, { text: 'hijack' }, member)).statusCode).toBe(404);
    const edited = await api('PUT', `/issues/${s.id}/comments/${note.id}/`, { text: 'Fixed in #42' });
    expect(edited.json().data).toEqual({ text: 'Fixed in #42' });
    expect((await api('DELETE', `/issues/${s.id}/notes/${note.id}/`, undefined, member)).statusCode).toBe(404);
    expect((await api('DELETE', `/issues/${s.id}/notes/${note.id}/`)).statusCode).toBe(204);
    expect((await api('GET', `/issues/${s.id}/`)).json().numComments).toBe(0);
  });

  it('tags: keys with top values, one key, paginated values', async () => {
    const s = await issue('T: tagged', { events: 5, users: ['email:a@x', 'email:b@x'], tags: { browser: 'Chrome' } });
    const tags = (await api('GET', `/issues/${s.id}/tags/`)).json();
    const user = tags.find((t: { key: string }) => t.key === 'user');
    expect(user).toMatchObject({ key: 'user', name: 'User', totalValues: 5, uniqueValues: 2 });
    expect(Object.keys(user.topValues[0]).sort()).toEqual(['count', 'firstSeen', 'key', 'lastSeen', 'name', 'value']);
    expect(user.topValues[0]).toMatchObject({ key: 'user', value: 'email:a@x', name: 'a@x', count: 3 });
    expect((await api('GET', `/issues/${s.id}/tags/browser/`)).json()).toMatchObject({
      key: 'browser',
      totalValues: 5,
    });
    const page = await api('GET', `/issues/${s.id}/tags/user/values/?limit=1`);
    expect(page.json()).toHaveLength(1);
    expect(String(page.headers.link)).toContain('rel="next"; results="true"; cursor="0:1:0"');
    expect((await api('GET', `/issues/${s.id}/tags/nope/values/`)).statusCode).toBe(404);
  });
});

describe('sentry-cli forms', () => {
  it('PUT ?status=unresolved resolves every unresolved issue; snoozeDuration ignores for minutes', async () => {
    const a = await issue('CLI: one');
    const b = await issue('CLI: two');
    const snooze = await api('PUT', `/projects/acme/web/issues/?id=${a.id}`, { status: 'ignored', snoozeDuration: 60 });
    expect(snooze.json()).toMatchObject({ status: 'ignored', statusDetails: { ignoreDuration: 60 } });
    const res = await api('PUT', '/projects/acme/web/issues/?status=unresolved', { status: 'resolved' });
    expect(res.json()).toEqual({ status: 'resolved', statusDetails: {}, substatus: null });
    expect((await api('GET', `/issues/${b.id}/`)).json().status).toBe('resolved');
    expect((await api('GET', `/issues/${a.id}/`)).json().status).toBe('ignored');
    const left = await api('GET', '/projects/acme/web/issues/?query=is:unresolved');
    expect(left.json()).toEqual([]);
  });
});
