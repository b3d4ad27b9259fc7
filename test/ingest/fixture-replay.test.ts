/**
 * Every recorded SDK ingest request in ../shared/fixtures/sdk (kinds envelope, store and
 * cors-preflight) replayed against buildApp(): 200 and its items in the queue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type IngestHarness, itemTypes, startIngestHarness } from './harness.js';

interface Fixture {
  kind: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body_base64: string | null;
  envelope_items: Array<{ type: string }> | null;
}

const RECORDED_KEY = 'b3c7a1f0e2d94c8b9a6f5e4d3c2b1a09';
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

function listFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.json') && entry.name !== 'index.json') out.push(p);
    }
  };
  walk(FIXTURES);
  return out.sort();
}

const fixtures = listFixtures()
  .map((file) => ({ file: path.relative(FIXTURES, file), fx: JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture }))
  .filter(({ fx }) => ['envelope', 'store', 'cors-preflight'].includes(fx.kind));

let h: IngestHarness;
beforeAll(async () => {
  h = await startIngestHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('SDK fixture replay', () => {
  it('has the recorded corpus', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(100);
  });

  it.each(fixtures)('$file', async ({ fx }) => {
    const pid = String(h.key.projectId);
    const url =
      fx.kind === 'cors-preflight'
        ? `/api/${pid}/envelope/`
        : `${fx.path.replace(/^\/api\/\d+\//, `/api/${pid}/`)}${fx.query ? `?${fx.query.replaceAll(RECORDED_KEY, h.key.publicKey)}` : ''}`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(fx.headers)) {
      if (!HOP_HEADERS.has(k)) headers[k] = v.replaceAll(RECORDED_KEY, h.key.publicKey);
    }
    const res = await h.app.inject({
      method: fx.method as 'POST' | 'OPTIONS',
      url,
      headers,
      ...(fx.body_base64 ? { payload: Buffer.from(fx.body_base64, 'base64') } : {}),
    });
    if (fx.kind === 'cors-preflight') {
      expect([200, 204]).toContain(res.statusCode);
      expect(res.headers['access-control-allow-origin']).toBeTruthy();
      expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { id?: string };
    if (body.id !== undefined) expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    if (fx.headers.origin) expect(res.headers['access-control-allow-origin']).toBeTruthy();
    const delivered = await h.drain();
    const recorded = (fx.envelope_items ?? [{ type: 'event' }]).map((i) => i.type).filter((t) => t !== 'client_report');
    if (recorded.length === 0) {
      expect(delivered).toHaveLength(0);
      return;
    }
    expect(delivered).toHaveLength(1);
    const msg = delivered[0]!.message;
    expect(msg.projectId).toBe(h.key.projectId);
    expect(msg.keyId).toBe(h.key.keyId);
    expect(itemTypes(msg.envelope)).toEqual(recorded);
    if (body.id) {
      const envHeader = JSON.parse(msg.envelope.toString('utf8', 0, msg.envelope.indexOf(0x0a))) as {
        event_id?: string;
      };
      expect(envHeader.event_id?.replaceAll('-', '')).toBe(body.id);
    }
  });
});
