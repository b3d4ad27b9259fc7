/**
 * Recorded SDK envelopes processed by the real pipeline, then read through the issue/event API:
 * checks that what the pipeline stores (normalized event JSON, tags, rollups) serializes as
 * Sentry's API shapes and is found by search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { delivery, fixtureMessage } from '../pipeline/helpers.js';

let ctx: ApiTestContext;
let owner: TestUser;

const FIXTURES = [
  'node/typeerror-multifile.json',
  'node/rich-context.json',
  'node/same-error-repeated.01-event.json',
  'node/same-error-repeated.02-event.json',
  'node/same-error-repeated.03-event.json',
  'node/message-variants.01-event.json',
  'python/exception-locals.json',
  'browser/uncaught-typeerror.02-event.json',
];

const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  const { project } = await ctx.createOrgWithProject(owner, { org: 'acme', project: 'web', platform: 'node' });
  const bctx = createBatchContext(ctx.db, quiet as never);
  const res = await processBatch(
    bctx,
    FIXTURES.map((f) => delivery(fixtureMessage(f, project.id))),
  );
  expect(res.failed).toEqual([]);
});

afterAll(async () => {
  await ctx?.close();
});

const get = async (url: string) => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/0${url}`, headers: owner.bearer });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

describe('pipeline → API', () => {
  it('lists the processed issues; the same error from the same line is one issue', async () => {
    const issues = await get('/organizations/acme/issues/?limit=100');
    expect(issues.length).toBeGreaterThanOrEqual(5);
    // same-error-repeated: 01 and 02 share a stack (one issue, count 2), 03 throws from another line.
    const range = issues.filter((i: { title: string }) => i.title.includes('Quantity must be an integer'));
    expect(range.map((i: { count: string }) => i.count).sort()).toEqual(['1', '2']);
    for (const i of issues) {
      expect(i.shortId).toMatch(/^WEB-[0-9A-Z]+$/);
      expect(i.project.slug).toBe('web');
      expect(i.stats['24h']).toHaveLength(24);
    }
  });

  it('serializes a stored event with camelCased, in-app frames and context lines', async () => {
    const [issue] = await get(`/organizations/acme/issues/?query=${encodeURIComponent('displayName')}`);
    expect(issue, 'typeerror issue').toBeDefined();
    const event = await get(`/issues/${issue.id}/events/latest/`);
    const exc = event.entries.find((e: { type: string }) => e.type === 'exception');
    const frame = exc.data.values.at(-1).stacktrace.frames.at(-1);
    expect(frame).toMatchObject({ function: 'displayName', lineNo: 5, colNo: 31, inApp: true });
    expect(frame.context.find(([n]: [number]) => n === 5)[1]).toContain('user.settings.displayName');
    expect(event.eventID).toBe('839ddc1fa01e49779c85de77a619db04');
    expect(event.tags.map((t: { key: string }) => t.key)).toContain('environment');
    const resolved = await get('/organizations/acme/eventids/839ddc1fa01e49779c85de77a619db04/');
    expect(resolved.groupId).toBe(issue.id);
  });

  it('explains the grouping of a stored event: variants, the hash of its issue, component trees', async () => {
    const [issue] = await get(`/organizations/acme/issues/?query=${encodeURIComponent('displayName')}`);
    const hashes = (await get(`/issues/${issue.id}/hashes/`)).map((h: { id: string }) => h.id);
    const info = await get('/projects/acme/web/events/839ddc1fa01e49779c85de77a619db04/grouping-info/');
    const contributing = Object.values(info).filter((v) => (v as { contributes: boolean }).contributes) as Array<{
      hash: string;
      config: { id: string };
      component: { id: string; values: unknown[] };
    }>;
    expect(contributing.length).toBeGreaterThan(0);
    for (const v of contributing) {
      expect(hashes).toContain(v.hash);
      expect(v.config.id).toBe('newstyle:2023-01-11');
    }
    // The in-app variant's tree reaches the frame that threw, through exception → stacktrace → frame.
    expect(info.app.component.id).toBe('app');
    expect(JSON.stringify(info.app.component)).toContain('"id":"frame"');
    expect(JSON.stringify(info.app.component)).toContain('displayName');
    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/projects/acme/web/events/00000000000000000000000000000000/grouping-info/',
      headers: owner.bearer,
    });
    expect(missing.statusCode).toBe(404);
    const anonymous = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/projects/acme/web/events/839ddc1fa01e49779c85de77a619db04/grouping-info/',
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('search finds pipeline-written tags and levels', async () => {
    const all = await get('/organizations/acme/issues/?query=&limit=100');
    const prod = await get(
      `/organizations/acme/issues/?query=${encodeURIComponent('environment:production')}&limit=100`,
    );
    expect(prod.length).toBeGreaterThan(0);
    expect(prod.length).toBeLessThanOrEqual(all.length);
    const tags = await get(`/issues/${prod[0].id}/tags/`);
    expect(tags.map((t: { key: string }) => t.key)).toContain('environment');
    const levels = new Set(all.map((i: { level: string }) => i.level));
    for (const level of levels) {
      const byLevel = await get(`/organizations/acme/issues/?query=${encodeURIComponent(`level:${level}`)}&limit=100`);
      expect(byLevel.length).toBe(all.filter((i: { level: string }) => i.level === level).length);
    }
  });
});
