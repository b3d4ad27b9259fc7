/**
 * `npm run bench:ingest`: ingest throughput and ack latency on loopback, with the same requests
 * answered by a bare `node:http` server in the same run as the yardstick.
 *
 * Faultline runs as a child process (`serve --role ingest`): embedded (PGlite + fsync'd spool)
 * always; server mode (PostgreSQL + Redis Streams) when FAULTLINE_TEST_DATABASE_URL (or
 * BENCH_DATABASE_URL) and FAULTLINE_TEST_REDIS_URL (or REDIS_URL) are set. The load is a real
 * recorded @sentry/node error envelope (~4 KB). Env: BENCH_DURATION (s, default 10),
 * BENCH_CONNECTIONS (default 50), BENCH_CPU_PROF (a directory: the server writes a V8 CPU profile there;
 * `node scripts/cpu-profile-top.mjs <file>` summarises it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { insertOrganization, insertProject, insertProjectKey } from '../src/accounts/index.js';
import { createTestDatabase, type TestDatabase } from '../src/storage/testing.js';

interface CannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
  latency: { p50: number; p99: number; average: number };
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
// autocannon ships no types: load it untyped and describe what we use.
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const ROOT = path.resolve(import.meta.dirname, '..');
/** A recorded ~4 KB @sentry/node 11 error envelope (the "4 KB events"); BENCH_FIXTURE picks another. */
const FIXTURE = path.resolve(
  ROOT,
  '../shared/fixtures/sdk',
  process.env.BENCH_FIXTURE ?? 'node/custom-error-subclass.json',
);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

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

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url}: server exited`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc (Linux): all its threads,
 * or with `mainThread` only the thread that runs JavaScript (HTTP, parsing, the queue's logic).
 */
function cpuSeconds(pid: number | undefined, mainThread = false): number | null {
  try {
    const stat = fs.readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100;

interface LoadResult {
  cannon: CannonResult;
  /** Server CPU per answered request (µs): steadier on a shared machine than rates are. */
  cpuUsPerRequest: number | null;
  /** The same for the server's main (JavaScript) thread alone. */
  mainUsPerRequest: number | null;
}

async function load(url: string, body: Buffer, headers: Record<string, string>, pid?: number): Promise<LoadResult> {
  // Warm-up (JIT, key cache, first segment), then the measured run.
  await autocannon({ url, method: 'POST', body, headers, connections: CONNECTIONS, duration: 2 });
  const before = [cpuSeconds(pid), cpuSeconds(pid, true)];
  const cannon = await autocannon({ url, method: 'POST', body, headers, connections: CONNECTIONS, duration: DURATION });
  const after = [cpuSeconds(pid), cpuSeconds(pid, true)];
  const answered = cannon['2xx'] + cannon.non2xx;
  const per = (i: number): number | null => {
    const b = before[i];
    const a = after[i];
    return typeof b === 'number' && typeof a === 'number' && answered > 0 ? ((a - b) * 1e6) / answered : null;
  };
  return { cannon, cpuUsPerRequest: per(0), mainUsPerRequest: per(1) };
}

const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"0123456789abcdef0123456789abcdef"}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

interface Row {
  name: string;
  evps: number;
  cpuUs: number | null;
  mainUs: number | null;
  p50: number;
  p99: number;
  errors: number;
}

function row(name: string, { cannon: r, cpuUsPerRequest, mainUsPerRequest }: LoadResult): Row {
  return {
    name,
    evps: r['2xx'] / r.duration,
    cpuUs: cpuUsPerRequest,
    mainUs: mainUsPerRequest,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors,
  };
}

async function benchFaultline(
  name: string,
  db: TestDatabase,
  env: Record<string, string>,
  body: Buffer,
  headers: Record<string, string>,
): Promise<Row> {
  const org = await insertOrganization(db.db, { slug: 'bench', name: 'Bench' });
  const project = await insertProject(db.db, {
    organization_id: org.id,
    team_id: null,
    slug: 'app',
    name: 'app',
    platform: 'node',
  });
  const publicKey = randomBytes(16).toString('hex');
  await insertProjectKey(db.db, { project_id: project.id, label: 'bench', public_key: publicKey, secret_key: 'x' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
  if (!db.databaseUrl) {
    // The server needs the embedded database to itself: hand it a copy.
    await db.db.destroy();
    fs.cpSync(path.join(db.dataDir, 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  }
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, path.join(ROOT, 'bin/faultline.js'), 'serve', '--role', 'ingest'],
    {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        FAULTLINE_DATA_DIR: dataDir,
        FAULTLINE_SECRET_KEY: 'bench-secret-key-0123456789',
        LOG_LEVEL: 'warn',
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(`${base}/_health/`, child);
    const url = `${base}/api/${project.id}/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=sentry.javascript.node%2F11.12.0`;
    return row(name, await load(url, body, headers, child.pid));
  } finally {
    await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const fx = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { body_base64: string; headers: Record<string, string> };
  const body = Buffer.from(fx.body_base64, 'base64');
  const headers = { 'user-agent': fx.headers['user-agent'] ?? 'sentry.javascript.node/11.12.0' };
  console.log(
    `ingest bench: ${body.length}-byte @sentry/node error envelope, ${CONNECTIONS} connections, ${DURATION} s`,
  );
  const rows: Row[] = [];

  const barePort = await freePort();
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], {
    env: { ...process.env, PORT: String(barePort) },
    stdio: 'inherit',
  });
  try {
    await waitHealthy(`http://127.0.0.1:${barePort}/`, bare);
    rows.push(row('bare node:http', await load(`http://127.0.0.1:${barePort}/`, body, headers, bare.pid)));
  } finally {
    await stop(bare);
  }

  const savedUrl = process.env.FAULTLINE_TEST_DATABASE_URL;
  delete process.env.FAULTLINE_TEST_DATABASE_URL;
  const embeddedDb = await createTestDatabase();
  try {
    rows.push(
      await benchFaultline('faultline embedded (PGlite + spool)', embeddedDb, { REDIS_URL: '' }, body, headers),
    );
  } finally {
    fs.rmSync(embeddedDb.dataDir, { recursive: true, force: true });
  }
  if (savedUrl) process.env.FAULTLINE_TEST_DATABASE_URL = savedUrl;

  const dbUrl = process.env.BENCH_DATABASE_URL ?? savedUrl;
  const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (dbUrl && redisUrl) {
    process.env.FAULTLINE_TEST_DATABASE_URL = dbUrl;
    const serverDb = await createTestDatabase();
    const stream = new URL(redisUrl);
    stream.pathname = '/10';
    try {
      rows.push(
        await benchFaultline(
          'faultline server (PostgreSQL + Redis)',
          serverDb,
          { REDIS_URL: stream.toString() },
          body,
          headers,
        ),
      );
    } finally {
      await serverDb.close();
      const { Redis } = await import('ioredis');
      const r = new Redis(stream.toString());
      await r.del('faultline:ingest');
      r.disconnect();
    }
  } else {
    console.log('server mode skipped: set FAULTLINE_TEST_DATABASE_URL and FAULTLINE_TEST_REDIS_URL');
  }

  const bareRate = rows[0]!.evps;
  console.log('');
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (the machine may be shared)`,
  );
  console.log(
    '| server | accepted events/s | p50 ms | p99 ms | non-2xx/errors | vs bare node:http | server CPU µs/request (main thread) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const us = (v: number | null) => (v === null ? 'n/a' : v.toFixed(0));
  for (const r of rows) {
    const ratio = `${((r.evps / bareRate) * 100).toFixed(0)} %`;
    const cpu = `${us(r.cpuUs)} (${us(r.mainUs)})`;
    console.log(`| ${r.name} | ${r.evps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${ratio} | ${cpu} |`);
  }
}

await main();
