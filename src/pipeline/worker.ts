/**
 * The worker loop: receive a batch (up to `batchSize` messages, waiting up to `waitMs`), prepare
 * it, commit it in one transaction, ack it, announce it.
 *
 * Failures:
 * - A message whose preparation throws, or that makes the batch's transaction fail (found by
 *   splitting the batch in halves), is retried in-process up to `maxAttempts` (counting the
 *   queue's own redeliveries, `Delivery.attempts`), then parked in `dead_letters` and acked.
 *   A message delivered `maxAttempts` times already (it crashed workers) is parked unprocessed.
 * - When the database itself is unavailable (connection errors, or `select 1` fails), nothing is
 *   counted against the messages: the batch waits with backoff and is tried again. Deadlocks and
 *   serialization failures are retried the same way.
 * - stop() lets the batch in flight finish (commit + ack), then resolves.
 *
 * Tag-value counts (storage/tag-value-buffer.repository.ts): a batch merges the buffer in its own
 * transaction when the queue is not backlogged (it received less than a full batch) or the last
 * merge is `tagFlushIntervalMs` old; otherwise it only appends its counts to the buffer. When the
 * queue is idle, or on stop, a worker that left counts in the buffer merges them. So under
 * backlog tag counts lag by at most about that interval, and are exact once the queue drains.
 */
import os from 'node:os';
import { encodeMessage } from '../queue/message-codec.js';
import type { Delivery, Queue } from '../queue/types.js';
import { insertDeadLetters, type NewDeadLetter } from '../storage/dead-letters.repository.js';
import { checkDatabase, type Db } from '../storage/index.js';
import { flushTagValueBuffer } from '../storage/tag-value-buffer.repository.js';
import { announce, type LivePublisher, pipelineEvents } from './live.js';
import {
  type BatchContext,
  type BatchLogger,
  commitBatch,
  type PreparedMessage,
  prepareBatch,
} from './process-batch.js';
import { ProjectCache } from './projects.js';
import { defaultProcessors, type EventProcessors } from './stages/processors.js';
import { addStats, type BatchStats, emptyStats } from './stages/types.js';

export interface WorkerLogger extends BatchLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WorkerOptions {
  db: Db;
  queue: Queue;
  log: WorkerLogger;
  /** Consumer name in the queue (unique per worker process). */
  consumer?: string;
  batchSize?: number;
  waitMs?: number;
  maxAttempts?: number;
  /** Redis (or compatible) publisher for `faultline:live` in server mode. */
  publisher?: LivePublisher;
  processors?: EventProcessors;
  /** Test hook, see BatchContext.beforeCommit. */
  beforeCommit?: BatchContext['beforeCommit'];
  /** Under backlog, merge buffered tag-value counts at least this often (ms; default 5,000). */
  tagFlushIntervalMs?: number;
}

export interface Worker {
  /** Totals since start. */
  readonly stats: BatchStats;
  /** Milliseconds spent preparing (CPU, this thread) and committing (transaction + ack) since start. */
  readonly timings: { prepareMs: number; commitMs: number; batches: number };
  /** Resolves after the batch in flight is committed and acked; no new batch starts. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended. */
  readonly done: Promise<void>;
}

const DEFAULTS = { batchSize: 500, waitMs: 50, maxAttempts: 3, tagFlushIntervalMs: 5_000 };
/** Under backlog, a worker also merges after this many batches appended to the tag-value buffer. */
const MAX_BUFFERED_BATCHES = 40;
const TRANSIENT_CODES = new Set([
  '40001',
  '40P01',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/** Network errors of the database connection (node-pg). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** A deterministic error misread as transient must not loop forever: then it counts as a failure. */
const MAX_TRANSIENT_RETRIES = 20;

function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || NETWORK_CODES.has(code))) return true;
  const msg = err instanceof Error ? err.message : '';
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(msg);
}

function describe(err: unknown): string {
  if (err instanceof Error) return (err.stack ?? `${err.name}: ${err.message}`).slice(0, 8000);
  return String(err).slice(0, 8000);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function startWorker(opts: WorkerOptions): Worker {
  const cfg = {
    batchSize: opts.batchSize ?? DEFAULTS.batchSize,
    waitMs: opts.waitMs ?? DEFAULTS.waitMs,
    maxAttempts: Math.max(1, opts.maxAttempts ?? DEFAULTS.maxAttempts),
    tagFlushIntervalMs: opts.tagFlushIntervalMs ?? DEFAULTS.tagFlushIntervalMs,
  };
  const consumer = opts.consumer ?? `${os.hostname()}:${process.pid}`;
  const log = opts.log;
  const bctx: BatchContext = {
    db: opts.db,
    projects: new ProjectCache(opts.db),
    processors: opts.processors ?? defaultProcessors,
    log,
    ...(opts.beforeCommit ? { beforeCommit: opts.beforeCommit } : {}),
  };
  const stats = emptyStats();
  const timings = { prepareMs: 0, commitMs: 0, batches: 0 };
  /** In-process failures per delivery id (added to Delivery.attempts). */
  const failures = new Map<string, number>();
  /** The last error of each failing delivery (kept for the dead letter if the queue redelivers it). */
  const lastErrors = new Map<string, string>();
  /** Failed messages waiting for their next try. */
  let retry: Delivery[] = [];
  let stopping = false;
  /** When this worker last merged the tag-value buffer; whether it appended counts since. */
  let lastTagFlush = 0;
  let tagsPending = false;
  let bufferedBatches = 0;

  const attemptsOf = (d: Delivery) => d.attempts + (failures.get(d.id) ?? 0);

  async function park(items: { delivery: Delivery; error: string }[]): Promise<void> {
    const rows: NewDeadLetter[] = items.map(({ delivery, error }) => ({
      project_id: delivery.message.projectId,
      delivery_id: delivery.id,
      message: encodeMessage(delivery.message),
      error,
      attempts: attemptsOf(delivery),
    }));
    await insertDeadLetters(opts.db, rows);
    await opts.queue.ack(items.map((i) => i.delivery));
    for (const i of items) {
      failures.delete(i.delivery.id);
      lastErrors.delete(i.delivery.id);
    }
    log.warn(
      { deliveries: items.map((i) => i.delivery.id), projectIds: items.map((i) => i.delivery.message.projectId) },
      'messages parked in dead_letters',
    );
  }

  /** One failure of a message that is not the database's fault. */
  async function failed(delivery: Delivery, err: unknown): Promise<void> {
    failures.set(delivery.id, (failures.get(delivery.id) ?? 0) + 1);
    lastErrors.set(delivery.id, describe(err));
    if (attemptsOf(delivery) >= cfg.maxAttempts) await park([{ delivery, error: describe(err) }]);
    else {
      log.warn(
        { delivery: delivery.id, attempts: attemptsOf(delivery), err: describe(err).slice(0, 500) },
        'message failed; will retry',
      );
      retry.push(delivery);
    }
  }

  async function waitForDatabase(): Promise<void> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        await checkDatabase(opts.db);
        return;
      } catch (err) {
        log.error({ err: describe(err).slice(0, 300), retryInMs: delay }, 'database unavailable; batch waits');
        await sleep(delay);
      }
    }
  }

  /** Merges tag-value counts this worker left in the buffer (queue idle, stop). */
  async function flushPendingTags(wait: boolean): Promise<void> {
    try {
      const merged = await opts.db.transaction().execute((trx) => flushTagValueBuffer(trx, [], { wait }));
      if (merged) {
        tagsPending = false;
        bufferedBatches = 0;
        lastTagFlush = performance.now();
      }
    } catch (err) {
      log.warn({ err: describe(err).slice(0, 300) }, 'merging buffered tag values failed; will retry');
      if (!wait) await sleep(500);
    }
  }

  /**
   * Commits the prepared messages; on failure splits to find the culprit(s). `flushTags`: merge the
   * tag-value buffer in this transaction. Split retries only append to the buffer, so a failing
   * merge can never be blamed on (and park) messages.
   */
  async function commit(prepared: PreparedMessage[], flushTags: boolean, transientRetries = 0): Promise<void> {
    if (prepared.length === 0) return;
    const t0 = performance.now();
    let res: Awaited<ReturnType<typeof commitBatch>>;
    try {
      res = await commitBatch(bctx, prepared, { flushTagValues: flushTags });
    } catch (err) {
      let dbDown = isTransient(err);
      if (!dbDown) {
        try {
          await checkDatabase(opts.db);
        } catch {
          dbDown = true;
        }
      }
      if (dbDown && transientRetries < MAX_TRANSIENT_RETRIES) {
        log.warn(
          { err: describe(err).slice(0, 300), retry: transientRetries + 1 },
          'batch hit a database error; retrying it',
        );
        await waitForDatabase();
        await sleep(Math.min(50 * 2 ** transientRetries, 2_000));
        return commit(prepared, flushTags, transientRetries + 1);
      }
      if (flushTags) {
        log.warn({ err: describe(err).slice(0, 300) }, 'batch failed; retrying it without merging tag values');
        return commit(prepared, false);
      }
      if (prepared.length === 1) return failed(prepared[0]!.delivery, err);
      const mid = prepared.length >> 1;
      await commit(prepared.slice(0, mid), false);
      await commit(prepared.slice(mid), false);
      return;
    }
    if (res.tagValues === 'merged') {
      tagsPending = false;
      bufferedBatches = 0;
      lastTagFlush = performance.now();
    } else if (res.tagValues === 'buffered') {
      tagsPending = true;
      bufferedBatches++;
    }
    // Committed. If the ack fails the messages come back later and insert nothing twice.
    try {
      await opts.queue.ack(prepared.map((p) => p.delivery));
    } catch (err) {
      log.error({ err: describe(err).slice(0, 300) }, 'ack failed after commit; the batch will be redelivered');
    }
    timings.commitMs += performance.now() - t0;
    timings.batches++;
    for (const p of prepared) {
      failures.delete(p.delivery.id);
      lastErrors.delete(p.delivery.id);
    }
    addStats(stats, res.stats);
    await announce(res.notifications, opts.publisher).catch((err: unknown) =>
      log.warn({ err: describe(err).slice(0, 300) }, 'live publish failed'),
    );
    pipelineEvents.emit('batch', { messages: prepared.length, events: res.stats.eventsInserted });
  }

  /** Parks crashed deliveries, prepares the rest (CPU); returns what is ready to commit. */
  async function prepare(deliveries: Delivery[]): Promise<PreparedMessage[]> {
    const crashed = deliveries.filter((d) => attemptsOf(d) >= cfg.maxAttempts);
    if (crashed.length > 0) {
      await park(
        crashed.map((delivery) => ({
          delivery,
          error:
            lastErrors.get(delivery.id) ??
            `delivered ${attemptsOf(delivery)} times without being processed (worker crashed or timed out)`,
        })),
      );
    }
    const todo = deliveries.filter((d) => attemptsOf(d) < cfg.maxAttempts);
    if (todo.length === 0) return [];
    let prepared: PreparedMessage[];
    try {
      const t0 = performance.now();
      prepared = await prepareBatch(bctx, todo);
      timings.prepareMs += performance.now() - t0;
    } catch (err) {
      // Loading projects failed: a database problem, not the messages'.
      log.warn({ err: describe(err).slice(0, 300) }, 'preparing batch failed; retrying');
      await waitForDatabase();
      retry.push(...todo);
      return [];
    }
    for (const p of prepared) if (p.error !== undefined) await failed(p.delivery, p.error);
    return prepared.filter((p) => p.error === undefined);
  }

  /**
   * Two batches in flight at most: while batch N commits (SQL runs in the database — a server or
   * PGlite's thread), batch N+1 is received and prepared on this thread. Commits stay in order.
   */
  const loop = async () => {
    let committing: Promise<void> = Promise.resolve();
    const guard = (p: Promise<void>) =>
      p.catch(async (err: unknown) => {
        // Parking or acking failed (database or queue down): the messages stay unacked and come back.
        log.error({ err: describe(err).slice(0, 500) }, 'batch handling failed');
        await sleep(1_000);
      });
    while (!stopping) {
      let batch: Delivery[];
      if (retry.length > 0) {
        await committing;
        batch = retry;
        retry = [];
        await sleep(50);
      } else {
        try {
          batch = await opts.queue.receive(consumer, cfg.batchSize, cfg.waitMs);
        } catch (err) {
          if (stopping) break;
          log.error({ err: describe(err).slice(0, 300) }, 'queue receive failed');
          await sleep(1_000);
          continue;
        }
      }
      if (batch.length === 0) {
        if (tagsPending) {
          await committing;
          if (tagsPending) await flushPendingTags(false);
        }
        continue;
      }
      // A full batch means a backlog: then merge tag values only every tagFlushIntervalMs.
      const flushTags =
        batch.length < cfg.batchSize ||
        performance.now() - lastTagFlush >= cfg.tagFlushIntervalMs ||
        bufferedBatches >= MAX_BUFFERED_BATCHES;
      let prepared: PreparedMessage[] = [];
      await guard(
        prepare(batch).then((p) => {
          prepared = p;
        }),
      );
      await committing;
      committing = guard(commit(prepared, flushTags));
    }
    await committing;
    if (tagsPending) await flushPendingTags(true);
  };

  const done = loop();
  return {
    stats,
    timings,
    done,
    stop: async () => {
      stopping = true;
      await done;
    },
  };
}
