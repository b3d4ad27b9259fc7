/**
 * The listening server answers ingest paths from node:http ahead of Fastify (docs/decisions/0002).
 * Over a real socket: the answers match what `app.inject()` (the Fastify route to the same
 * handler) gives, other methods and paths still reach Fastify, client addresses come from the
 * socket (or X-Forwarded-For when trusted), and a closing server answers 503.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestHarness, startIngestHarness } from './harness.js';

const EVENT_ID = '9ec79c33ec9942ab8353589fcb2e04dc';
const envelope = (eventId = EVENT_ID) =>
  `{"event_id":"${eventId}","sent_at":"2026-11-22T07:00:00.000Z"}\n{"type":"event"}\n{"event_id":"${eventId}","message":"quick path","level":"error"}\n`;

let h: IngestHarness;
let base: string;

beforeAll(async () => {
  h = await startIngestHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h?.close();
});

describe('ingest over a socket', () => {
  it('answers like the Fastify route does, and enqueues with the socket address', async () => {
    const path = `/api/${h.key.projectId}/envelope/?sentry_key=${h.key.publicKey}`;
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      body: envelope(),
      headers: { 'content-type': 'application/x-sentry-envelope', 'user-agent': 'sentry.javascript.node/11.12.0' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ id: EVENT_ID });

    const injected = await h.app.inject({ method: 'POST', url: path, payload: envelope() });
    expect(injected.statusCode).toBe(200);
    expect(injected.headers['content-type']).toBe('application/json');
    expect(injected.json()).toEqual({ id: EVENT_ID });

    const delivered = await h.drain();
    expect(delivered).toHaveLength(2);
    const viaSocket = delivered[0]!.message;
    expect(viaSocket.remoteAddr).toBe('127.0.0.1');
    expect(viaSocket.userAgent).toBe('sentry.javascript.node/11.12.0');
  });

  it('gives errors the same shape and CORS headers as before', async () => {
    const wrong = await fetch(`${base}/api/${h.key.projectId}/envelope/?sentry_key=${'0'.repeat(32)}`, {
      method: 'POST',
      body: envelope(),
      headers: { origin: 'https://app.example.com' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('access-control-allow-origin')).toBe('*');
    expect(wrong.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await wrong.json()).toEqual({ detail: 'unknown public key (check the DSN)' });

    const badProject = await fetch(`${base}/api/abc/envelope/?sentry_key=${h.key.publicKey}`, {
      method: 'POST',
      body: envelope(),
    });
    expect(badProject.status).toBe(400);
    expect(((await badProject.json()) as { detail: string }).detail).toMatch(/invalid project id/);

    const preflight = await fetch(`${base}/api/${h.key.projectId}/envelope/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-sentry-auth');
  });

  it('leaves other methods and paths to the web app', async () => {
    const put = await fetch(`${base}/api/${h.key.projectId}/envelope/`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(404);
    const getEnvelope = await fetch(`${base}/api/${h.key.projectId}/envelope/`);
    expect(getEnvelope.status).toBe(404);
    const health = await fetch(`${base}/_health/`);
    expect(health.status).toBe(200);
  });

  it('keeps the connection for small rejected bodies and closes it for large unread ones', async () => {
    const small = await fetch(`${base}/api/${h.key.projectId}/envelope/?sentry_key=${'0'.repeat(32)}`, {
      method: 'POST',
      body: envelope(),
    });
    expect(small.status).toBe(401);
    expect(small.headers.get('connection')).not.toBe('close');
    const large = await fetch(`${base}/api/${h.key.projectId}/envelope/?sentry_key=${h.key.publicKey}`, {
      method: 'POST',
      body: Buffer.alloc(41 * 1024 * 1024, 0x61),
    });
    expect(large.status).toBe(413);
    expect(large.headers.get('connection')).toBe('close');
  });
});

describe('behind a trusted proxy', () => {
  let proxied: IngestHarness;
  let url: string;
  beforeAll(async () => {
    process.env.FAULTLINE_TRUST_PROXY = '1';
    try {
      proxied = await startIngestHarness();
    } finally {
      delete process.env.FAULTLINE_TRUST_PROXY;
    }
    await proxied.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(proxied.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await proxied?.close();
  });

  it('takes the client address from X-Forwarded-For, and answers 503 once closing', async () => {
    const res = await fetch(`${url}/api/${proxied.key.projectId}/envelope/?sentry_key=${proxied.key.publicKey}`, {
      method: 'POST',
      body: envelope(),
      headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' },
    });
    expect(res.status).toBe(200);
    const [d] = await proxied.drain();
    expect(d!.message.remoteAddr).toBe('203.0.113.7');

    const closing = proxied.app.close();
    const late = await fetch(`${url}/api/${proxied.key.projectId}/envelope/?sentry_key=${proxied.key.publicKey}`, {
      method: 'POST',
      body: envelope(),
    }).catch(() => null);
    // Either the listener is already gone (connection refused) or the request is answered 503.
    if (late) expect(late.status).toBe(503);
    await closing;
  });
});
