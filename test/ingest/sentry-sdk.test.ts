/**
 * The real @sentry/node SDK (child process, default HTTP transport) against a listening server:
 * its events arrive in the queue (one gzip-compressed), and it honours our 429 + rate-limit
 * headers (no further error sends during Retry-After, observed on the wire by a recording proxy
 * in front of the server, so the server's own quick ingest path is what answers).
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestHarness, itemTypes, startIngestHarness } from './harness.js';

const run = promisify(execFile);
const CHILD = path.join(import.meta.dirname, 'sdk-child.mjs');

interface Seen {
  projectId: string;
  encoding: string | undefined;
  types: string[];
  status?: number;
}

let h: IngestHarness;
let proxy: http.Server;
let port = 0;
const seen: Seen[] = [];

/** Forwards every request to `target`, noting envelope requests and the status they got. */
function recordingProxy(target: number): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'] as string | undefined;
      const match = /^\/api\/([^/]+)\/envelope/.exec(req.url ?? '');
      const s: Seen | null = match
        ? { projectId: match[1]!, encoding, types: itemTypes(encoding === 'gzip' ? zlib.gunzipSync(raw) : raw) }
        : null;
      if (s) seen.push(s);
      const upstream = http.request(
        { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          if (s) s.status = up.statusCode;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(raw);
    });
  });
}

beforeAll(async () => {
  h = await startIngestHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  proxy = recordingProxy((h.app.server.address() as AddressInfo).port);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  port = (proxy.address() as AddressInfo).port;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await h?.close();
});

async function runSdk(dsn: string, mode: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [CHILD], {
    env: { ...process.env, DSN: dsn, MODE: mode },
    timeout: 60_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(line) as { ids: string[] }).ids;
}

describe('@sentry/node against Faultline', () => {
  it('delivers its events to the queue, the large one gzip-compressed', async () => {
    const ids = await runSdk(`http://${h.key.publicKey}@127.0.0.1:${port}/${h.key.projectId}`, 'events');
    expect(ids).toHaveLength(2);
    const delivered = await h.drain();
    const events = delivered
      .map((d) => d.message.envelope)
      .filter((e) => itemTypes(e).includes('event'))
      .map((e) => JSON.parse(e.toString('utf8', 0, e.indexOf(0x0a))) as { event_id: string });
    expect(events.map((e) => e.event_id).sort()).toEqual([...ids].sort());
    const mine = seen.filter((s) => s.projectId === String(h.key.projectId) && s.types.includes('event'));
    expect(mine.some((s) => s.encoding === 'gzip')).toBe(true);
    expect(mine.every((s) => s.status === 200)).toBe(true);
    expect(delivered.every((d) => d.message.userAgent?.startsWith('sentry.javascript.node/'))).toBe(true);
  });

  it('stops sending errors while rate limited', async () => {
    const k = await h.addProject('sdk-limited');
    await h.db
      .updateTable('project_keys')
      .set({ rate_limit_count: 2, rate_limit_window: 60 })
      .where('id', '=', k.keyId)
      .execute();
    if (Date.now() % 60_000 > 40_000) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
    const ids = await runSdk(`http://${k.publicKey}@127.0.0.1:${port}/${k.projectId}`, 'ratelimit');
    expect(ids).toHaveLength(6);
    const mine = seen.filter((s) => s.projectId === String(k.projectId) && s.types.includes('event'));
    expect(mine.map((s) => s.status)).toEqual([200, 200, 429]);
    const delivered = await h.drain();
    expect(
      delivered.filter((d) => d.message.projectId === k.projectId && itemTypes(d.message.envelope).includes('event')),
    ).toHaveLength(2);
  });
});
