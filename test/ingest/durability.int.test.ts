/**
 * Durability: the real server (`node bin/faultline.js serve --role ingest`, a child process) takes
 * concurrent events and is SIGKILLed mid-stream. Every event it had answered 200 must be in the
 * queue afterwards, and the server must start again on the same data. Embedded (spool) always;
 * Redis Streams too when FAULTLINE_TEST_REDIS_URL is set (with a createTestDatabase() database).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/queue/message-codec.js';
import { openSpoolQueue } from '../../src/queue/spool-queue.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/faultline.js');
const run = promisify(execFile);
const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL || undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

interface Instance {
  env: NodeJS.ProcessEnv;
  url: string;
  dsn: { publicKey: string; projectId: string };
}

async function prepare(extraEnv: Record<string, string>): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-durability-'));
  const port = await freePort();
  const env = {
    ...process.env,
    FAULTLINE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    FAULTLINE_URL: `http://127.0.0.1:${port}`,
    FAULTLINE_SECRET_KEY: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const { stdout } = await run(
    process.execPath,
    [
      BIN,
      'bootstrap',
      '--email',
      'dur@example.com',
      '--password',
      'correct-horse-battery',
      '--org',
      'dur',
      '--project',
      'app',
      '--json',
    ],
    { env, timeout: 120_000 },
  );
  const out = JSON.parse(stdout.trim().split('\n').pop()!) as { dsn: string };
  const dsn = new URL(out.dsn);
  return {
    env,
    url: `http://127.0.0.1:${port}`,
    dsn: { publicKey: dsn.username, projectId: dsn.pathname.split('/').pop()! },
  };
}

async function startServer(inst: Instance): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--role', 'ingest'], {
    env: inst.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${inst.url}/_health/`, { signal: AbortSignal.timeout(5_000) })).status === 200) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy: ${stderr}`);
}

/** Sends events with 16 in flight; SIGKILLs the server once `killAfter` were answered 200. */
const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

async function sendAndKill(inst: Instance, server: ChildProcess, killAfter: number): Promise<string[]> {
  const acked: string[] = [];
  let next = 0;
  let killed = false;
  const url = `${inst.url}/api/${inst.dsn.projectId}/envelope/?sentry_version=7&sentry_key=${inst.dsn.publicKey}`;
  const worker = async () => {
    while (next < killAfter * 20) {
      next++;
      const id = randomUUID().replaceAll('-', '');
      const body = `{"event_id":"${id}"}\n{"type":"event"}\n{"event_id":"${id}","message":"durable ${id}","extra":{"pad":"${'p'.repeat(2000)}"}}`;
      try {
        const res = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        if (res.status === 200) acked.push(id);
      } catch {
        if (killed) return;
      }
      if (!killed && acked.length >= killAfter) {
        killed = true;
        server.kill('SIGKILL');
      }
      if (killed && exited(server)) return;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await new Promise<void>((resolve) => (exited(server) ? resolve() : server.once('exit', () => resolve())));
  return acked;
}

const eventIdOf = (envelope: Buffer) =>
  (JSON.parse(envelope.toString('utf8', 0, envelope.indexOf(0x0a))) as { event_id: string }).event_id;

describe('durability across kill -9', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  it('embedded spool: every event answered 200 survives', { timeout: 300_000 }, async () => {
    const inst = await prepare({});
    cleanups.push(async () => fs.rmSync(inst.env.FAULTLINE_DATA_DIR!, { recursive: true, force: true }));
    const server = await startServer(inst);
    const acked = await sendAndKill(inst, server, 300);
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const queue = await openSpoolQueue({ dir: path.join(inst.env.FAULTLINE_DATA_DIR!, 'spool') });
    const found = new Set<string>();
    for (;;) {
      const batch = await queue.receive('check', 1000, 10);
      if (batch.length === 0) break;
      for (const d of batch) found.add(eventIdOf(d.message.envelope));
    }
    await queue.close();
    expect(acked.filter((id) => !found.has(id))).toEqual([]);
    // The server starts again on the recovered spool and accepts more.
    const again = await startServer(inst);
    const res = await fetch(`${inst.url}/api/${inst.dsn.projectId}/envelope/?sentry_key=${inst.dsn.publicKey}`, {
      method: 'POST',
      body: '{}\n{"type":"event"}\n{"message":"after restart"}',
    });
    expect(res.status).toBe(200);
    again.kill('SIGTERM');
    await new Promise((r) => again.once('exit', r));
  });

  it.skipIf(!redisUrl)('Redis Streams: every event answered 200 survives', { timeout: 300_000 }, async () => {
    // Server mode uses PostgreSQL when the suite has one, else the embedded database.
    const db: TestDatabase | null = process.env.FAULTLINE_TEST_DATABASE_URL ? await createTestDatabase() : null;
    if (db) cleanups.push(() => db.close());
    const u = new URL(redisUrl!);
    u.pathname = '/9';
    const redis = new Redis(u.toString());
    cleanups.push(async () => {
      await redis.del('faultline:ingest');
      redis.disconnect();
    });
    await redis.del('faultline:ingest');
    const inst = await prepare({
      REDIS_URL: u.toString(),
      ...(db?.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    });
    cleanups.push(async () => fs.rmSync(inst.env.FAULTLINE_DATA_DIR!, { recursive: true, force: true }));
    const server = await startServer(inst);
    const acked = await sendAndKill(inst, server, 300);
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const entries = (await redis.xrangeBuffer('faultline:ingest', '-', '+')) as [Buffer, Buffer[]][];
    const found = new Set(entries.map(([, fields]) => eventIdOf(decodeMessage(fields[1]!).envelope)));
    expect(acked.filter((id) => !found.has(id))).toEqual([]);
  });
});
