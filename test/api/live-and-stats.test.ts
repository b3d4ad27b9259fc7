/**
 * The live SSE endpoint delivers `event: issue` when the pipeline emits (only for visible
 * projects of the organization), and the stats endpoints read ingest outcomes.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import { pipelineEvents } from '../../src/pipeline/index.js';
import type { Organization, Project } from '../../src/storage/index.js';
import { upsertOutcomes } from '../../src/storage/outcomes.repository.js';

let ctx: ApiTestContext;
let owner: TestUser;
let org: Organization;
let project: Project;
let otherOrg: Organization;
let port = 0;

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  ({ org, project } = await ctx.createOrgWithProject(owner, { org: 'acme', project: 'web' }));
  const stranger = await ctx.createUser('stranger@example.com');
  ({ org: otherOrg } = await ctx.createOrgWithProject(stranger, { org: 'globex', project: 'web' }));
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = ctx.app.server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
});

afterAll(async () => {
  await ctx?.close();
});

/** Opens the SSE stream; resolves with a reader once the stream has started. */
function openStream(): Promise<{
  next: (pred: (s: string) => boolean) => Promise<string>;
  close: () => void;
  headers: http.IncomingHttpHeaders;
}> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/0/organizations/acme/live/', headers: owner.bearer },
      (res) => {
        let buf = '';
        const waiters: Array<{ pred: (s: string) => boolean; done: (s: string) => void }> = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          for (const w of [...waiters]) {
            if (w.pred(buf)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.done(buf);
            }
          }
        });
        resolve({
          headers: res.headers,
          next: (pred) =>
            new Promise((done, fail) => {
              if (pred(buf)) return done(buf);
              const t = setTimeout(() => fail(new Error(`timed out; got: ${buf}`)), 5000);
              waiters.push({
                pred,
                done: (s) => {
                  clearTimeout(t);
                  done(s);
                },
              });
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}

describe('live updates (SSE)', () => {
  it('streams an issue event when the pipeline emits, and nothing for other organizations', async () => {
    const stream = await openStream();
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    await stream.next((s) => s.includes(': connected'));
    const lastSeen = new Date('2026-11-22T05:00:00.000Z');
    pipelineEvents.emit('issue', {
      organizationId: otherOrg.id,
      projectId: project.id + 1,
      issueId: 999,
      isNew: true,
      count: 1,
      lastSeen,
      isRegression: false,
    });
    pipelineEvents.emit('issue', {
      organizationId: org.id,
      projectId: project.id,
      issueId: 42,
      isNew: true,
      count: 7,
      lastSeen,
      isRegression: false,
    });
    const text = await stream.next((s) => s.includes('event: issue'));
    stream.close();
    const events = text.split('\n\n').filter((b) => b.startsWith('event: issue'));
    expect(events).toHaveLength(1);
    const data = JSON.parse(events[0]!.split('\n')[1]!.slice('data: '.length));
    expect(data).toEqual({
      id: '42',
      projectId: String(project.id),
      count: 7,
      lastSeen: lastSeen.toISOString(),
      isNew: true,
      isRegression: false,
    });
  });

  it('closing the client removes its listener', async () => {
    const stream = await openStream();
    await stream.next((s) => s.includes(': connected'));
    expect(pipelineEvents.listenerCount('issue')).toBe(1);
    stream.close();
    // Every stream of this file is closed now: the hub has let go of the pipeline emitter.
    for (let i = 0; i < 50 && pipelineEvents.listenerCount('issue') > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(pipelineEvents.listenerCount('issue')).toBe(0);
  });
});

describe('stats', () => {
  it('project stats and stats_v2 read ingest outcomes', async () => {
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const earlier = new Date(hour.getTime() - 3 * 3_600_000);
    const base = { projectId: project.id, keyId: 1, reason: '' };
    await upsertOutcomes(ctx.db, [
      { ...base, hour, category: 'error', outcome: 'accepted', quantity: 5 },
      { ...base, hour, category: 'error', outcome: 'rate_limited', reason: 'key_quota', quantity: 2 },
      { ...base, hour: earlier, category: 'error', outcome: 'filtered', reason: 'browser-extensions', quantity: 3 },
      { ...base, hour, category: 'transaction', outcome: 'accepted', quantity: 11 },
    ]);
    const received = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/projects/acme/web/stats/',
      headers: owner.bearer,
    });
    const series = received.json() as Array<[number, number]>;
    expect(series.length).toBeGreaterThanOrEqual(24);
    expect(series.at(-1)).toEqual([hour.getTime() / 1000, 7]);
    expect(series.reduce((n, [, c]) => n + c, 0)).toBe(10);
    const rejected = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/projects/acme/web/stats/?stat=rejected',
      headers: owner.bearer,
    });
    expect((rejected.json() as Array<[number, number]>).reduce((n, [, c]) => n + c, 0)).toBe(2);

    const v2 = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=24h&interval=1h',
      headers: owner.bearer,
    });
    const body = v2.json();
    expect(Object.keys(body).sort()).toEqual(['end', 'groups', 'intervals', 'start']);
    expect(body.intervals.length).toBeGreaterThanOrEqual(24);
    const accepted = body.groups.find(
      (g: { by: Record<string, string> }) => g.by.outcome === 'accepted' && g.by.category === 'error',
    );
    expect(accepted.totals).toEqual({ 'sum(quantity)': 5 });
    expect(accepted.series['sum(quantity)']).toHaveLength(body.intervals.length);
    const onlyErrors = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/stats_v2/?field=sum(quantity)&category=error&groupBy=outcome',
      headers: owner.bearer,
    });
    expect(
      onlyErrors
        .json()
        .groups.map((g: { totals: Record<string, number> }) => g.totals['sum(quantity)'])
        .sort(),
    ).toEqual([2, 3, 5]);
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/organizations/acme/stats_v2/?field=nope',
      headers: owner.bearer,
    });
    expect(bad.statusCode).toBe(400);
  });
});
