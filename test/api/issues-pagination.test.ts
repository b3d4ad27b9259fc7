/**
 * Issue list pagination: 250 issues paged 100 at a time by following the `Link` header while
 * events keep arriving between pages (moving issues to the top for sort=date) and new issues
 * appear. Documented behaviour: a cursor freezes the first page's snapshot, so every issue that
 * existed then is returned exactly once (no gaps, no duplicates); issues created later show up on
 * a fresh first page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import type { Project } from '../../src/storage/index.js';
import { addEvent, seedIssue } from './seed.js';

let ctx: ApiTestContext;
let owner: TestUser;
let project: Project;
const original: number[] = [];
const base = Date.now() - 300 * 60_000;

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('owner@example.com');
  ({ project } = await ctx.createOrgWithProject(owner, { org: 'acme', project: 'web' }));
  for (let i = 0; i < 250; i++) {
    // Pairs share timestamps: ties are broken by id.
    const t = new Date(base + Math.floor(i / 2) * 60_000);
    const r = await seedIssue(ctx.db, {
      projectId: project.id,
      title: `Error ${i}`,
      firstSeen: t,
      lastSeen: t,
      events: 1,
    });
    original.push(r.id);
  }
}, 180_000);

afterAll(async () => {
  await ctx?.close();
});

interface Link {
  href: string;
  rel: string;
  results: boolean;
  cursor: string;
}

/** Parses Sentry's Link header the way Sentry's own UI does. */
function parseLink(header: string): Record<string, Link> {
  const out: Record<string, Link> = {};
  for (const part of header.split(', ')) {
    const m = /^<([^>]+)>; rel="([^"]+)"; results="(true|false)"; cursor="([^"]+)"$/.exec(part);
    expect(m, part).not.toBeNull();
    out[m![2]!] = { href: m![1]!, rel: m![2]!, results: m![3] === 'true', cursor: m![4]! };
  }
  return out;
}

async function get(url: string) {
  const res = await ctx.app.inject({ method: 'GET', url, headers: owner.bearer });
  expect(res.statusCode, res.body).toBe(200);
  return {
    ids: (res.json() as Array<{ id: string }>).map((i) => Number(i.id)),
    link: parseLink(String(res.headers.link)),
  };
}

const path = (href: string) => href.replace('http://faultline.test', '');

async function pageThrough(sort: string, between: (page: number, seen: number[]) => Promise<void>) {
  const seen: number[] = [];
  let url = `/api/0/projects/acme/web/issues/?query=&sort=${sort}&limit=100&statsPeriod=`;
  let pages = 0;
  for (;;) {
    const { ids, link } = await get(url);
    pages++;
    seen.push(...ids);
    if (pages === 1) expect(link.previous!.results).toBe(false);
    else expect(link.previous!.results).toBe(true);
    if (!link.next!.results) break;
    await between(pages, seen);
    url = path(link.next!.href);
    expect(pages).toBeLessThan(10);
  }
  return { seen, pages };
}

describe('issue list pagination', () => {
  it('formats the Link header exactly as Sentry (absolute URL, other params kept, cursor last)', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/0/projects/acme/web/issues/?query=is%3Aunresolved&limit=100',
      headers: owner.bearer,
    });
    const link = String(res.headers.link);
    expect(link).toMatch(
      /^<http:\/\/faultline\.test\/api\/0\/projects\/acme\/web\/issues\/\?query=is%3Aunresolved&limit=100&cursor=([^>]+)>; rel="previous"; results="false"; cursor="\1", <http:\/\/faultline\.test\/api\/0\/projects\/acme\/web\/issues\/\?query=is%3Aunresolved&limit=100&cursor=([^>]+)>; rel="next"; results="true"; cursor="\2"$/,
    );
    expect(parseLink(link).next!.cursor).toMatch(/^[0-9_]+:0:0$/);
    expect(res.headers['x-hits']).toBe('250');
  });

  it('sort=date: no gaps or duplicates while events move issues to the top and new issues arrive', async () => {
    let n = 0;
    const { seen, pages } = await pageThrough('date', async (_page, seenSoFar) => {
      const seenSet = new Set(seenSoFar);
      const notYet = original.filter((id) => !seenSet.has(id));
      // New events for issues on later pages (they jump to the top) and for ones already seen.
      for (const id of [...notYet.slice(0, 5), ...notYet.slice(-5), ...seenSoFar.slice(0, 3)]) {
        await addEvent(ctx.db, id, new Date(Date.now() + n++));
      }
      await seedIssue(ctx.db, {
        projectId: project.id,
        title: `New ${n}`,
        firstSeen: new Date(),
        lastSeen: new Date(),
      });
    });
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort((a, b) => a - b)).toEqual([...original].sort((a, b) => a - b));
    // A fresh first page shows the moved and the new issues on top.
    const fresh = await get('/api/0/projects/acme/web/issues/?query=&sort=date&limit=100');
    expect(fresh.ids.slice(0, 1)).not.toEqual([seen[0]]);
  });

  it('sort=new: first_seen never changes, so keyset paging is stable by itself', async () => {
    const { seen } = await pageThrough('new', async () => {
      await seedIssue(ctx.db, { projectId: project.id, title: 'Newer', firstSeen: new Date(), lastSeen: new Date() });
    });
    const originals = seen.filter((id) => original.includes(id));
    expect(originals).toHaveLength(250);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('previous links page back to the same rows', async () => {
    const first = await get('/api/0/projects/acme/web/issues/?query=&sort=new&limit=50');
    const second = await get(path(first.link.next!.href));
    const back = await get(path(second.link.previous!.href));
    expect(back.ids).toEqual(first.ids);
    expect(back.link.previous!.results).toBe(false);
    expect(back.link.next!.results).toBe(true);
  });

  it('rejects malformed cursors with 400', async () => {
    for (const c of ['abc', '1:2', 'x:0:0', '1_2:0:0']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/0/projects/acme/web/issues/?cursor=${encodeURIComponent(c)}`,
        headers: owner.bearer,
      });
      expect(res.statusCode, c).toBe(400);
    }
  });
});
