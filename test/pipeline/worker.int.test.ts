/**
 * The worker loop on the real queue (the fsync'd spool; Redis Streams too when
 * FAULTLINE_TEST_REDIS_URL is set): fixtures enqueued → stored and grouped, live notifications,
 * poisoned messages retried then parked in dead_letters, graceful stop finishing the batch in
 * flight.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultProcessors, type IssueNotification, pipelineEvents, startWorker } from '../../src/pipeline/index.js';
import { decodeMessage, openRedisQueue, openSpoolQueue, type Queue } from '../../src/queue/index.js';
import { listDeadLetters } from '../../src/storage/dead-letters.repository.js';
import { countEvents, getEvent } from '../../src/storage/events.repository.js';
import { listGroupsForProject } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, eventEnvelope, fixtureMessage, message, testLogger } from './helpers.js';

const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL || undefined;
const kinds = redisUrl ? (['spool', 'redis'] as const) : (['spool'] as const);

let tdb: TestDatabase;
const dirs: string[] = [];
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function openQueue(kind: 'spool' | 'redis'): Promise<Queue> {
  if (kind === 'redis') {
    return openRedisQueue({
      url: redisUrl!,
      stream: `faultline-test-${randomBytes(6).toString('hex')}`,
      claimIdleMs: 500,
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-worker-spool-'));
  dirs.push(dir);
  return openSpoolQueue({ dir });
}

async function until(cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

describe.each(kinds)('worker on the %s queue', (kind) => {
  it('consumes fixtures into issues and announces them after commit', async () => {
    const queue = await openQueue(kind);
    const { projectId, organizationId } = await createProject(tdb.db);
    const seen: IssueNotification[] = [];
    const onIssue = (n: IssueNotification) => {
      if (n.projectId === projectId) seen.push(n);
    };
    pipelineEvents.on('issue', onIssue);
    const worker = startWorker({ db: tdb.db, queue, log: testLogger(), consumer: `t-${kind}`, waitMs: 20 });
    stops.push(async () => {
      pipelineEvents.off('issue', onIssue);
      await worker.stop();
      await queue.close();
    });
    await queue.enqueue([
      fixtureMessage('node/same-error-repeated.01-event.json', projectId),
      fixtureMessage('node/same-error-repeated.02-event.json', projectId),
      fixtureMessage('node/same-error-repeated.03-event.json', projectId),
      fixtureMessage('node/transaction-spans.02-span.json', projectId),
      fixtureMessage('node/logs.02-log.json', projectId),
    ]);
    await until(async () => (await queue.depth()) === 0 && (await countEvents(tdb.db, projectId)) === 3);
    const groups = await listGroupsForProject(tdb.db, projectId);
    expect(groups.map((g) => g.times_seen).sort()).toEqual([1, 2]);
    await until(async () => seen.length >= 2);
    expect(seen[0]).toMatchObject({ organizationId, projectId, isNew: true });
    expect(seen.some((n) => n.count === 2)).toBe(true);
    expect(worker.stats.logs).toBe(6);
  });

  it('retries a poisoned message, then parks it in dead_letters and goes on', async () => {
    const queue = await openQueue(kind);
    const { projectId } = await createProject(tdb.db);
    let poisonCalls = 0;
    const log = testLogger();
    const worker = startWorker({
      db: tdb.db,
      queue,
      log,
      consumer: `p-${kind}`,
      waitMs: 20,
      maxAttempts: 3,
      processors: {
        ...defaultProcessors,
        normalize: (raw, ctx) => {
          if ((raw as { extra?: { poison?: boolean } }).extra?.poison) {
            poisonCalls++;
            throw new Error('normalizer exploded');
          }
          return defaultProcessors.normalize(raw, ctx);
        },
      },
    });
    stops.push(async () => {
      await worker.stop();
      await queue.close();
    });
    const poison = message(eventEnvelope({ message: 'bad', extra: { poison: true } }), projectId);
    await queue.enqueue([
      message(eventEnvelope({ message: 'fine one' }), projectId),
      poison,
      message(eventEnvelope({ message: 'fine two' }), projectId),
    ]);
    await until(async () => (await queue.depth()) === 0 && (await listDeadLetters(tdb.db, { projectId })).length === 1);
    expect(poisonCalls).toBe(3);
    expect(await countEvents(tdb.db, projectId)).toBe(2);
    const [dl] = await listDeadLetters(tdb.db, { projectId });
    expect(dl).toMatchObject({ attempts: 3, project_id: projectId });
    expect(dl!.error).toContain('normalizer exploded');
    // The parked bytes are the message, ready to be replayed.
    expect(decodeMessage(dl!.message).envelope.equals(poison.envelope)).toBe(true);
    expect(log.lines.some((l) => l.level === 'warn' && l.msg === 'messages parked in dead_letters')).toBe(true);
  });

  it('a message that makes the transaction fail is isolated by splitting the batch; the rest commits', async () => {
    const queue = await openQueue(kind);
    const { projectId } = await createProject(tdb.db);
    const poisonId = randomBytes(16).toString('hex');
    const worker = startWorker({
      db: tdb.db,
      queue,
      log: testLogger(),
      consumer: `b-${kind}`,
      waitMs: 200,
      maxAttempts: 2,
      // Stands in for a constraint the database rejects: any transaction holding this event fails.
      beforeCommit: async (trx) => {
        if (await getEvent(trx, projectId, poisonId)) throw new Error('violates a constraint');
      },
    });
    stops.push(async () => {
      await worker.stop();
      await queue.close();
    });
    const msgs = Array.from({ length: 9 }, (_, i) => message(eventEnvelope({ message: `ok ${i}` }), projectId));
    msgs.splice(4, 0, message(eventEnvelope({ event_id: poisonId, message: 'poison' }), projectId));
    await queue.enqueue(msgs);
    await until(async () => (await queue.depth()) === 0 && (await listDeadLetters(tdb.db, { projectId })).length === 1);
    expect(await countEvents(tdb.db, projectId)).toBe(9);
    const [dl] = await listDeadLetters(tdb.db, { projectId });
    expect(dl!.error).toContain('violates a constraint');
    expect(dl!.attempts).toBe(2);
  });

  it('stop() finishes the batch in flight: committed and acked', async () => {
    const queue = await openQueue(kind);
    const { projectId } = await createProject(tdb.db);
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => {
      entered = r;
    });
    const worker = startWorker({
      db: tdb.db,
      queue,
      log: testLogger(),
      consumer: `s-${kind}`,
      waitMs: 20,
      beforeCommit: async () => {
        entered();
        await new Promise((r) => setTimeout(r, 300));
      },
    });
    await queue.enqueue([message(eventEnvelope({ message: 'in flight' }), projectId)]);
    await inFlight;
    await worker.stop();
    expect(await countEvents(tdb.db, projectId)).toBe(1);
    expect(await queue.depth()).toBe(0);
    await queue.close();
  });
});
