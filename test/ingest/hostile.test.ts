/**
 * Hostile and malformed requests: each gets a 4xx with a `{"detail"}` body, nothing reaches the
 * queue, and the server keeps answering /_health/.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestHarness, newPublicKey, startIngestHarness, type TestKey } from './harness.js';

let h: IngestHarness;
let other: TestKey;
const ev = (extra = '') => `{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","message":"hi"${extra}}`;

function post(body: string | Buffer, opts: { url?: string; headers?: Record<string, string>; key?: TestKey } = {}) {
  const k = opts.key ?? h.key;
  return h.app.inject({
    method: 'POST',
    url: opts.url ?? `/api/${k.projectId}/envelope/?sentry_version=7&sentry_key=${k.publicKey}`,
    headers: opts.headers ?? {},
    payload: body,
  });
}

beforeAll(async () => {
  h = await startIngestHarness();
  other = await h.addProject('other');
});
afterAll(async () => {
  await h?.close();
});

async function expectRejected(res: { statusCode: number; json(): unknown }, status: number, detail?: RegExp) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { detail?: string };
  expect(typeof body.detail).toBe('string');
  if (detail) expect(body.detail).toMatch(detail);
  expect(await h.drain()).toHaveLength(0);
  const health = await h.app.inject({ method: 'GET', url: '/_health/' });
  expect(health.statusCode).toBe(200);
}

describe('malformed envelopes', () => {
  it('truncated item (length past the end) → 400', async () => {
    await expectRejected(await post(`{}\n{"type":"event","length":500}\n${ev()}`), 400, /truncated/);
  });
  it('payload not followed by a newline → 400', async () => {
    await expectRejected(await post(`{}\n{"type":"attachment","length":2}\nabcdef`), 400);
  });
  it('invalid JSON in an event → 400', async () => {
    await expectRejected(await post(`{}\n{"type":"event"}\n{"message": nope}`), 400, /invalid JSON/);
  });
  it('invalid envelope header → 400', async () => {
    await expectRejected(await post(`{"event_id":\n{"type":"event"}\n${ev()}`), 400);
  });
  it('event item that is not an object → 400', async () => {
    await expectRejected(await post(`{}\n{"type":"event"}\n[1,2,3]`), 400);
  });
  it('bad event id → 400', async () => {
    await expectRejected(await post(`{"event_id":"not-an-id"}\n{"type":"event"}\n{}`), 400, /event_id/);
  });
  it('container item_count mismatch → 400', async () => {
    await expectRejected(await post(`{}\n{"type":"log","item_count":3}\n{"items":[{}]}`), 400, /item_count/);
  });
  it('empty body → 400', async () => {
    await expectRejected(await post(''), 400);
  });
  it('JSON nested 10,000 deep in an event, a header and a store body → 400 without stack overflow', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    await expectRejected(await post(`{}\n{"type":"event"}\n{"extra":${deep}}`), 400, /nested/);
    await expectRejected(await post(`{"x":${deep}}\n{"type":"event"}\n{}`), 400, /nested/);
    const store = await h.app.inject({
      method: 'POST',
      url: `/api/${h.key.projectId}/store/?sentry_key=${h.key.publicKey}`,
      headers: { 'content-type': 'application/json' },
      payload: `{"extra":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    });
    await expectRejected(store, 400, /nested/);
  });
  it('an event over 1 MiB → 413', async () => {
    await expectRejected(
      await post(`{}\n{"type":"event"}\n${ev(`,"extra":{"x":"${'a'.repeat(1_100_000)}"}`)}`),
      413,
      /event/,
    );
  });
  it('unknown item types are accepted and dropped', async () => {
    const res = await post(`{}\n{"type":"no_such_thing"}\n{"a":1}\n{"type":"profile"}\n{}`);
    expect(res.statusCode).toBe(200);
    expect(await h.drain()).toHaveLength(0);
  });
});

describe('encodings', () => {
  it('zstd → 415 with a message; undecodable gzip → 400', async () => {
    await expectRejected(await post('xx', { headers: { 'content-encoding': 'zstd' } }), 415, /zstd/);
    await expectRejected(await post('not gzip at all', { headers: { 'content-encoding': 'gzip' } }), 400);
  });
  it('gzip bomb → 413 without inflating it all', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(300 * 1024 * 1024), { level: 1 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const started = Date.now();
    await expectRejected(await post(bomb, { headers: { 'content-encoding': 'gzip' } }), 413, /larger than/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  it('deflate (zlib and raw), br, UTF-8 and identity all decode', async () => {
    const env = Buffer.from(`{}\n{"type":"event"}\n${ev()}`);
    for (const [enc, body] of [
      ['deflate', zlib.deflateSync(env)],
      ['deflate', zlib.deflateRawSync(env)],
      ['br', zlib.brotliCompressSync(env)],
      ['UTF-8', env],
      ['identity', env],
      ['', env],
    ] as const) {
      const res = await post(body, { headers: { 'content-encoding': enc } });
      expect(res.statusCode, `${enc}: ${res.body}`).toBe(200);
    }
    expect(await h.drain()).toHaveLength(6);
  });
});

describe('auth', () => {
  const env = `{}\n{"type":"event"}\n${ev()}`;
  it('unknown key → 401, malformed key → 401', async () => {
    await expectRejected(await post(env, { key: { ...h.key, publicKey: newPublicKey() } }), 401, /unknown public key/);
    await expectRejected(await post(env, { key: { ...h.key, publicKey: 'x/../y' } }), 401);
  });
  it('no auth at all → 401', async () => {
    await expectRejected(await post(env, { url: `/api/${h.key.projectId}/envelope/` }), 401, /missing authorization/);
  });
  it("another project's key, or an unknown project → 403", async () => {
    await expectRejected(
      await post(env, { url: `/api/${h.key.projectId}/envelope/?sentry_key=${other.publicKey}` }),
      403,
    );
    await expectRejected(await post(env, { url: `/api/987654/envelope/?sentry_key=${h.key.publicKey}` }), 403);
    await expectRejected(await post(env, { url: `/api/abc/envelope/?sentry_key=${h.key.publicKey}` }), 400);
  });
  it('two different keys → 401; sentry_version 8 → 400', async () => {
    const url = `/api/${h.key.projectId}/envelope/?sentry_key=${h.key.publicKey}`;
    await expectRejected(
      await post(env, { url, headers: { 'x-sentry-auth': `Sentry sentry_key=${other.publicKey}, sentry_version=7` } }),
      401,
      /multiple/,
    );
    await expectRejected(await post(env, { url: `${url}&sentry_version=8` }), 400, /version/);
  });
  it('X-Sentry-Auth, Authorization: Sentry and Basic are accepted', async () => {
    const url = `/api/${h.key.projectId}/envelope/`;
    const basic = Buffer.from(`${h.key.publicKey}:`).toString('base64');
    const variants: Record<string, string>[] = [
      { 'x-sentry-auth': `Sentry sentry_key=${h.key.publicKey}, sentry_version=7, sentry_client=test/1` },
      { authorization: `Sentry sentry_key=${h.key.publicKey}` },
      { authorization: `Basic ${basic}` },
    ];
    for (const headers of variants) {
      expect((await post(env, { url, headers })).statusCode).toBe(200);
    }
    expect(await h.drain()).toHaveLength(3);
  });
  it('envelope header dsn authenticates; a mismatch → 400', async () => {
    const url = `/api/${h.key.projectId}/envelope/`;
    const dsn = `http://${h.key.publicKey}@localhost:1/${h.key.projectId}`;
    expect((await post(`{"dsn":"${dsn}"}\n{"type":"event"}\n${ev()}`, { url })).statusCode).toBe(200);
    expect(await h.drain()).toHaveLength(1);
    const otherDsn = `http://${other.publicKey}@localhost:1/${other.projectId}`;
    await expectRejected(await post(`{"dsn":"${otherDsn}"}\n{"type":"event"}\n${ev()}`, { url }), 400, /mismatch/);
  });
  it('a disabled key → 403 (within the cache TTL)', async () => {
    const k = await h.addProject('disabled');
    await h.db.updateTable('project_keys').set({ is_active: false }).where('id', '=', k.keyId).execute();
    await expectRejected(await post(env, { key: k }), 403, /disabled/);
  });
});

describe('CORS', () => {
  it('answers preflights and restricts origins per project', async () => {
    const pre = await h.app.inject({
      method: 'OPTIONS',
      url: `/api/${h.key.projectId}/envelope/`,
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(200);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-max-age']).toBe('3600');
    const k = await h.addProject('cors');
    await h.db
      .updateTable('projects')
      .set({ options: JSON.stringify({ allowedOrigins: ['*.example.com'] }) })
      .where('id', '=', k.projectId)
      .execute();
    const env = `{}\n{"type":"event"}\n${ev()}`;
    const ok = await post(env, {
      key: k,
      headers: { origin: 'https://app.example.com', 'content-type': 'text/plain' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(ok.headers['access-control-expose-headers']).toContain('x-sentry-rate-limits');
    expect(await h.drain()).toHaveLength(1);
    const bad = await post(env, { key: k, headers: { origin: 'https://evil.test' } });
    expect(bad.headers['access-control-allow-origin']).toBe('*');
    await expectRejected(bad, 403, /origin/i);
  });
});

describe('over the network', () => {
  let url: string;
  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });

  function stream(total: number, withLength: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${url}/api/${h.key.projectId}/envelope/?sentry_key=${h.key.publicKey}`, {
        method: 'POST',
        headers: withLength ? { 'content-length': String(total) } : {},
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (err) => reject(err));
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
  }

  it('a 100 MB body (chunked or with Content-Length) → 413, streamed, server still healthy', async () => {
    expect(await stream(100_000_000, false)).toBe(413);
    expect(await stream(100_000_000, true)).toBe(413);
    const health = await fetch(`${url}/_health/`);
    expect(health.status).toBe(200);
  });
});
