/** docs/api.md stays honest: every row it marks implemented or partial is a registered route. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext } from '../../src/api/testing.js';

let ctx: ApiTestContext;
beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
const rows = [...doc.matchAll(/^\| (GET|POST|PUT|DELETE) \| (\/api\/0\/\S*) \| ([a-z ]+) \|/gm)].map((m) => ({
  method: m[1] as string,
  path: m[2] as string,
  status: (m[3] as string).trim(),
}));

describe('docs/api.md coverage table', () => {
  it('has rows with known statuses', () => {
    expect(rows.length).toBeGreaterThan(80);
    for (const r of rows) expect(['implemented', 'partial', 'in progress', 'not yet']).toContain(r.status);
  });

  it('claims only routes that exist', () => {
    const claimed = rows.filter((r) => r.status === 'implemented' || r.status === 'partial');
    const missing = claimed.filter((r) => {
      const url = r.path.replace(/\{([A-Za-z]+)\}/g, ':$1');
      const alt = url === '/api/0/' ? '/api/0' : url;
      return (
        !ctx.app.hasRoute({ method: r.method as 'GET', url }) &&
        !ctx.app.hasRoute({ method: r.method as 'GET', url: alt })
      );
    });
    expect(missing).toEqual([]);
    // The check itself can fail.
    expect(ctx.app.hasRoute({ method: 'GET', url: '/api/0/no-such-resource/:id/' })).toBe(false);
    expect(ctx.app.hasRoute({ method: 'PUT', url: '/api/0/projects/:org/:project/keys/:keyId/' })).toBe(true);
  });
});
