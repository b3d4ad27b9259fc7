/**
 * End-to-end processing benchmark: N error events of ~4 KB spread over 1,000 issues are enqueued
 * on the real queue while the worker(s) run; the clock stops when every event is stored, grouped
 * and queryable (count(events) = N and the queue is empty).
 *
 *   npm run bench:process [-- --events 20000] [-- --mode embedded|server|both]
 *
 * embedded: PGlite (in its worker thread, as `faultline serve` runs it) + the fsync'd spool, one
 *           in-process worker.
 * server:   PostgreSQL + Redis Streams, two worker processes (`--role worker` equivalents).
 *           Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, a fresh
 *           database is created and dropped) and BENCH_REDIS_URL (default redis://127.0.0.1:6379).
 * Prints events/s per mode. The machine is shared and noisy: compare ratios within one run.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { insertOrganization, insertProject } from '../src/accounts/index.js';
import { singleItemEnvelope } from '../src/ingest/protocol/index.js';
import { startWorker, type WorkerLogger } from '../src/pipeline/index.js';
import { openRedisQueue, openSpoolQueue, type Queue } from '../src/queue/index.js';
import type { IngestMessage } from '../src/queue/types.js';
import { countEvents } from '../src/storage/events.repository.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/storage/index.js';

const ISSUES = 1000;
const quiet: WorkerLogger = {
  debug() {},
  info() {},
  warn: (o, m) => console.error(m, JSON.stringify(o).slice(0, 300)),
  error: (o, m) => console.error(m, JSON.stringify(o).slice(0, 300)),
};

/** A realistic ~4 KB Node error event; `issue` picks one of ISSUES distinct groupings. */
function makeEvent(i: number, issue: number, now: number): Buffer {
  const frames = [];
  for (let f = 0; f < 14; f++) {
    const inApp = f >= 9;
    frames.push({
      filename: inApp ? `/srv/app/lib/module-${issue % 50}.js` : `/srv/app/node_modules/framework/lib/layer${f}.js`,
      module: inApp ? `module-${issue % 50}` : `layer${f}`,
      function: inApp ? `handle${issue}Step${f}` : `Layer.handle${f}`,
      lineno: 10 + f * 7,
      colno: 15,
      in_app: inApp,
      ...(inApp
        ? {
            pre_context: ['  const order = await loadOrder(id);', '  if (!order) {', '    return null;'],
            context_line: `  throw new CheckoutError('order ' + id + ' failed at step ${f}');`,
            post_context: ['  }', '  return order;', '}'],
          }
        : {}),
    });
  }
  const event = {
    event_id: randomBytes(16).toString('hex'),
    timestamp: now / 1000 - (i % 600),
    platform: 'node',
    level: 'error',
    release: `shop@1.${issue % 5}.0`,
    environment: i % 3 === 0 ? 'staging' : 'production',
    server_name: `web-${i % 8}`,
    transaction: `POST /checkout/${issue % 40}`,
    exception: {
      values: [
        {
          type: `CheckoutError${issue % 20}`,
          value: `order ${100_000 + i} failed at step 13`,
          mechanism: { type: 'generic', handled: true },
          stacktrace: { frames },
        },
      ],
    },
    tags: { region: ['eu', 'us', 'ap'][i % 3], shard: String(i % 16) },
    user: { id: `user-${i % 500}`, ip_address: '10.0.0.1' },
    contexts: {
      os: { name: 'Linux', version: '6.1.0' },
      runtime: { name: 'node', version: 'v20.20.2' },
      trace: { trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex') },
    },
    breadcrumbs: {
      values: Array.from({ length: 6 }, (_, b) => ({
        timestamp: now / 1000 - 10 + b,
        category: 'http',
        type: 'http',
        data: { method: 'GET', url: `https://api.example.com/v1/items/${b}`, status_code: 200 },
      })),
    },
    request: { url: 'https://shop.example.com/checkout', method: 'POST', headers: { 'User-Agent': 'Mozilla/5.0' } },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
  return singleItemEnvelope({ event_id: event.event_id }, 'event', Buffer.from(JSON.stringify(event)));
}

function makeMessages(n: number, projectId: number): IngestMessage[] {
  const now = Date.now();
  const out: IngestMessage[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      v: 1,
      projectId,
      keyId: 1,
      receivedAt: now,
      remoteAddr: '203.0.113.9',
      userAgent: 'sentry.javascript.node/11.12.0',
      envelope: makeEvent(i, i % ISSUES, now),
    });
  }
  return out;
}

async function createProject(database: DatabaseHandle): Promise<number> {
  const org = await insertOrganization(database.db, { slug: `bench-${randomBytes(3).toString('hex')}`, name: 'Bench' });
  const p = await insertProject(database.db, {
    organization_id: org.id,
    team_id: null,
    slug: 'bench',
    name: 'bench',
    platform: 'node',
  });
  return p.id;
}

async function enqueueAll(queue: Queue, messages: IngestMessage[]): Promise<void> {
  // Ingest enqueues per request; concurrent requests share group commits. 1,000 per call here.
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < messages.length; i += 1000) inFlight.push(queue.enqueue(messages.slice(i, i + 1000)));
  await Promise.all(inFlight);
}

/**
 * Waits until `n` events are stored (checked with count(*), which also proves they are queryable)
 * and the queue is drained. `inserted` (in-process worker stats) avoids polling the database — a
 * count(*) every few ms would compete with the worker for the embedded database.
 */
async function waitStored(
  database: DatabaseHandle,
  queue: Queue,
  projectId: number,
  n: number,
  inserted?: () => number,
): Promise<void> {
  for (;;) {
    if (inserted && inserted() < n) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    if ((await countEvents(database.db, projectId)) >= n && (await queue.depth()) === 0) return;
    await new Promise((r) => setTimeout(r, inserted ? 5 : 100));
  }
}

async function verify(database: DatabaseHandle, projectId: number, n: number): Promise<string> {
  const groups = await database.db
    .selectFrom('groups')
    .select((eb) => [eb.fn.countAll<number>().as('issues'), eb.fn.sum<number>('times_seen').as('seen')])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const ok = Number(groups.issues) === ISSUES && Number(groups.seen) === n;
  return `${groups.issues} issues, times_seen total ${groups.seen}${ok ? ' ✓' : ' ✗ MISMATCH'}`;
}

/** CPU seconds per thread of this process (Linux /proc; empty elsewhere), by thread id. */
function threadCpu(): Map<string, { name: string; s: number }> {
  const out = new Map<string, { name: string; s: number }>();
  try {
    const tick = 100; // USER_HZ on Linux
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name, s: (Number(f[11]) + Number(f[12])) / tick });
    }
  } catch {}
  return out;
}

/**
 * CPU per event of the busiest threads between two threadCpu() snapshots: on a shared machine
 * throughput swings with the load, CPU per event much less. The main thread prepares; the PGlite
 * thread (in embedded mode) commits.
 */
function cpuReport(before: Map<string, { name: string; s: number }>, n: number, wallS: number): string {
  const after = threadCpu();
  const used = [...after.entries()]
    .map(([tid, t]) => ({ tid, name: t.name, s: t.s - (before.get(tid)?.s ?? 0) }))
    .filter((t) => t.s > 0)
    .sort((a, b) => b.s - a.s);
  if (used.length === 0) return '';
  const total = used.reduce((a, t) => a + t.s, 0);
  const top = used
    .slice(0, 3)
    .map((t) => `${t.tid === String(process.pid) ? 'main' : `${t.name}#${t.tid}`} ${((t.s / n) * 1e6).toFixed(0)}`)
    .join(', ');
  return `  CPU µs/event: process ${((total / n) * 1e6).toFixed(0)} (${(total / wallS).toFixed(2)} cores busy); busiest threads: ${top}`;
}

/** CPU seconds of the PostgreSQL backends connected to database `name` (Linux /proc; 0 elsewhere). */
function backendCpu(name: string): number {
  let total = 0;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${name} `)) continue;
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        total += (Number(f[11]) + Number(f[12])) / 100;
      } catch {}
    }
  } catch {}
  return total;
}

async function embedded(n: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
  const database = await openDatabase({ dataDir: dir, holder: { command: 'bench' } });
  await migrateToLatest(database.db);
  const queue = await openSpoolQueue({ dir: path.join(dir, 'spool') });
  try {
    const projectId = await createProject(database);
    const messages = makeMessages(n, projectId);
    const worker = startWorker({ db: database.db, queue, log: quiet, consumer: 'bench' });
    const cpu0 = threadCpu();
    const t0 = performance.now();
    await enqueueAll(queue, messages);
    const tq = performance.now();
    await waitStored(database, queue, projectId, n, () => worker.stats.eventsInserted);
    const t1 = performance.now();
    const cpuLine = cpuReport(cpu0, n, (t1 - t0) / 1000);
    await worker.stop();
    const { prepareMs, commitMs, batches } = worker.timings;
    console.log(
      `  worker: ${batches} batches, prepare ${((prepareMs / n) * 1000).toFixed(0)} µs/event, commit ${((commitMs / n) * 1000).toFixed(0)} µs/event`,
    );
    const rate = n / ((t1 - t0) / 1000);
    console.log(
      `embedded (PGlite thread + spool, 1 worker): ${n} events in ${((t1 - t0) / 1000).toFixed(2)} s → ${rate.toFixed(0)} events/s` +
        ` (all queued after ${((tq - t0) / 1000).toFixed(2)} s); ${await verify(database, projectId, n)}`,
    );
    if (cpuLine) console.log(cpuLine);
    return rate;
  } finally {
    await queue.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function server(n: number, workers: number): Promise<number | undefined> {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const name = `faultline_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`server mode skipped: PostgreSQL at ${baseUrl} unreachable (${(err as Error).message})`);
    return undefined;
  }
  await admin.query(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const stream = `faultline-bench-${randomBytes(4).toString('hex')}`;
  const database = await openDatabase({ databaseUrl: dbUrl, dataDir: os.tmpdir() });
  let queue: Queue | undefined;
  const children: ReturnType<typeof fork>[] = [];
  try {
    await migrateToLatest(database.db);
    queue = await openRedisQueue({ url: redisUrl, stream });
    const projectId = await createProject(database);
    const messages = makeMessages(n, projectId);
    for (let w = 0; w < workers; w++) {
      const child = fork(new URL(import.meta.url).pathname, ['--child-worker'], {
        env: { ...process.env, BENCH_DB: dbUrl, BENCH_REDIS: redisUrl, BENCH_STREAM: stream, BENCH_CONSUMER: `w${w}` },
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    }
    const pg0 = backendCpu(name);
    const t0 = performance.now();
    await enqueueAll(queue, messages);
    const tq = performance.now();
    await waitStored(database, queue, projectId, n);
    const t1 = performance.now();
    const pgCpu = backendCpu(name) - pg0;
    const rate = n / ((t1 - t0) / 1000);
    console.log(
      `server (PostgreSQL + Redis Streams, ${workers} worker processes): ${n} events in ${((t1 - t0) / 1000).toFixed(2)} s → ${rate.toFixed(0)} events/s` +
        ` (all queued after ${((tq - t0) / 1000).toFixed(2)} s); ${await verify(database, projectId, n)}`,
    );
    if (pgCpu > 0) console.log(`  PostgreSQL backends: ${((pgCpu / n) * 1e6).toFixed(0)} µs CPU/event`);
    return rate;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await queue?.close();
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** One server-mode worker process: what `faultline serve --role worker` runs. */
async function childWorker(): Promise<void> {
  const database = await openDatabase({ databaseUrl: process.env.BENCH_DB!, dataDir: os.tmpdir(), poolSize: 4 });
  const queue = await openRedisQueue({ url: process.env.BENCH_REDIS!, stream: process.env.BENCH_STREAM! });
  const worker = startWorker({ db: database.db, queue, log: quiet, consumer: process.env.BENCH_CONSUMER! });
  const cpu0 = process.cpuUsage();
  process.send?.('ready');
  process.once('SIGTERM', () => {
    const { prepareMs, commitMs, batches } = worker.timings;
    const n = Math.max(1, worker.stats.eventsInserted);
    const c = process.cpuUsage(cpu0);
    console.log(
      `  worker ${process.env.BENCH_CONSUMER}: ${n} events in ${batches} batches, prepare ${((prepareMs / n) * 1000).toFixed(0)} µs/event, commit ${((commitMs / n) * 1000).toFixed(0)} µs/event` +
        ` (wall); process CPU ${(((c.user + c.system) / n) | 0).toString()} µs/event`,
    );
    void worker
      .stop()
      .then(() => queue.close())
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      mode: { type: 'string', default: 'both' },
      workers: { type: 'string', default: '2' },
      'child-worker': { type: 'boolean', default: false },
    },
  });
  if (values['child-worker']) return childWorker();
  const n = Number(values.events);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `bench:process — ${n} events (~4.7 KB) over ${ISSUES} issues, ${os.cpus().length} CPUs, load average ${load}`,
  );
  if (values.mode === 'embedded' || values.mode === 'both') await embedded(n);
  if (values.mode === 'server' || values.mode === 'both') await server(n, Number(values.workers));
  process.exit(0);
}

await main();
