/**
 * A worker process killed with SIGKILL mid-batch (inside the transaction, or after COMMIT but
 * before the queue ack), then restarted: every event is stored exactly once and issue counters
 * are exact. Embedded (PGlite + spool) always; PostgreSQL + Redis when the test URLs are set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../src/pipeline/index.js';
import { openRedisQueue, openSpoolQueue, type Queue } from '../../src/queue/index.js';
import { countEvents } from '../../src/storage/events.repository.js';
import { type DatabaseHandle, openDatabase } from '../../src/storage/index.js';
import { listGroupsForProject } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../../src/storage/testing.js';
import { createProject, eventEnvelope, message, testLogger } from './helpers.js';

const CHILD = path.join(import.meta.dirname, 'crash-child.ts');
const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL || undefined;
const N = 200;
const MODE = testDatabaseUrl() ? 'PostgreSQL + Redis Streams' : 'PGlite + spool';
const ISSUES = 7;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

function runChild(env: Record<string, string>): { child: ChildProcess; until(line: string): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) if (out.split('\n').includes(w.line)) w.resolve();
  });
  return {
    child,
    until: (line) =>
      new Promise<void>((resolve, reject) => {
        if (out.split('\n').includes(line)) return resolve();
        waiters.push({ line, resolve });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before "${line}"; output: ${out}`)));
      }),
  };
}

function messages(projectId: number) {
  return Array.from({ length: N }, (_, i) =>
    message(
      eventEnvelope({
        event_id: randomBytes(16).toString('hex'),
        platform: 'node',
        timestamp: Date.now() / 1000,
        exception: { values: [{ type: `CrashTestError${i % ISSUES}`, value: 'boom' }] },
        user: { id: `u${i % 11}` },
      }),
      projectId,
    ),
  );
}

async function expectExact(db: DatabaseHandle['db'], projectId: number): Promise<void> {
  expect(await countEvents(db, projectId)).toBe(N);
  const groups = await listGroupsForProject(db, projectId);
  expect(groups).toHaveLength(ISSUES);
  expect(groups.reduce((n, g) => n + g.times_seen, 0)).toBe(N);
  for (const g of groups) expect(g.user_count).toBe(11);
  const hourly = await db
    .selectFrom('group_hourly')
    .select((eb) => eb.fn.sum<number>('count').as('n'))
    .where(
      'group_id',
      'in',
      groups.map((g) => g.id),
    )
    .executeTakeFirstOrThrow();
  expect(Number(hourly.n)).toBe(N);
}

describe.each(['commit', 'ack'] as const)('SIGKILL at %s, then restart', (at) => {
  it(`${MODE}: exact counts, no duplicates`, async () => {
    // A migrated data dir from the test template, with a project and queued messages.
    const tdb: TestDatabase = await createTestDatabase();
    if (tdb.databaseUrl) {
      await tdb.close();
      return runServerMode(at);
    }
    const dir = tdb.dataDir;
    const { projectId } = await createProject(tdb.db);
    await tdb.db.destroy().catch(() => {});
    let queue: Queue = await openSpoolQueue({ dir: path.join(dir, 'spool') });
    await queue.enqueue(messages(projectId));
    await queue.close();
    // Release the data dir lock file taken by createTestDatabase's handle (the child takes it over).
    fs.rmSync(path.join(dir, 'faultline.lock'), { force: true });

    const run = runChild({ CRASH_DIR: dir, CRASH_AT: at });
    await run.until('hanging');
    run.child.kill('SIGKILL');
    await new Promise((r) => run.child.once('exit', r));

    const database = await openDatabase({ dataDir: dir, holder: { command: 'crash-test' } });
    queue = await openSpoolQueue({ dir: path.join(dir, 'spool') });
    cleanups.push(async () => {
      await queue.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const before = await countEvents(database.db, projectId);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(N);
    const worker = startWorker({ db: database.db, queue, log: testLogger(), consumer: 'restarted', waitMs: 20 });
    const start = Date.now();
    while ((await queue.depth()) > 0 || (await countEvents(database.db, projectId)) < N) {
      if (Date.now() - start > 60_000) throw new Error('restarted worker did not drain the queue');
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.stop();
    await expectExact(database.db, projectId);
  });
});

async function runServerMode(at: 'commit' | 'ack'): Promise<void> {
  if (!redisUrl) throw new Error('FAULTLINE_TEST_DATABASE_URL is set but FAULTLINE_TEST_REDIS_URL is not');
  const tdb = await createTestDatabase();
  cleanups.push(() => tdb.close());
  const { projectId } = await createProject(tdb.db);
  const stream = `faultline-crash-${randomBytes(6).toString('hex')}`;
  const queue = await openRedisQueue({ url: redisUrl, stream, claimIdleMs: 200 });
  cleanups.push(() => queue.close());
  await queue.enqueue(messages(projectId));
  const run = runChild({
    CRASH_DIR: tdb.dataDir,
    CRASH_AT: at,
    CRASH_DB_URL: tdb.databaseUrl!,
    CRASH_REDIS_URL: redisUrl,
    CRASH_STREAM: stream,
  });
  await run.until('hanging');
  run.child.kill('SIGKILL');
  await new Promise((r) => run.child.once('exit', r));
  const before = await countEvents(tdb.db, projectId);
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThan(N);
  const worker = startWorker({ db: tdb.db, queue, log: testLogger(), consumer: 'restarted', waitMs: 20 });
  const start = Date.now();
  while ((await queue.depth()) > 0 || (await countEvents(tdb.db, projectId)) < N) {
    if (Date.now() - start > 60_000) throw new Error('restarted worker did not drain the queue');
    await new Promise((r) => setTimeout(r, 50));
  }
  await worker.stop();
  await expectExact(tdb.db, projectId);
}
