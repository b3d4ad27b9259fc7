/**
 * Child process for crash.int.test.ts: runs the pipeline worker on a data dir (embedded PGlite +
 * spool) or on PostgreSQL + Redis (CRASH_DB_URL / CRASH_REDIS_URL, CRASH_STREAM), and hangs at a
 * chosen point so the parent can SIGKILL it there:
 *   CRASH_AT=commit — inside the batch transaction, after every insert (before COMMIT);
 *   CRASH_AT=ack    — after the batch committed, before the queue ack.
 * Prints `ready`, `batch-committed`, then `hanging` on stdout.
 */
import { startWorker, type WorkerLogger } from '../../src/pipeline/index.js';
import { openRedisQueue, openSpoolQueue, type Queue } from '../../src/queue/index.js';
import { openDatabase } from '../../src/storage/index.js';

const dir = process.env.CRASH_DIR!;
const at = process.env.CRASH_AT;
const say = (line: string) => process.stdout.write(`${line}\n`);
const hang = () => {
  say('hanging');
  return new Promise<never>(() => {});
};

const database = await openDatabase({
  databaseUrl: process.env.CRASH_DB_URL || undefined,
  dataDir: dir,
  holder: { command: 'crash-child' },
  pgliteThread: false,
});
const inner: Queue = process.env.CRASH_REDIS_URL
  ? await openRedisQueue({ url: process.env.CRASH_REDIS_URL, stream: process.env.CRASH_STREAM! })
  : await openSpoolQueue({ dir: `${dir}/spool` });
let batches = 0;
const queue: Queue = {
  enqueue: (m) => inner.enqueue(m),
  receive: (c, max, wait) => inner.receive(c, max, wait),
  depth: () => inner.depth(),
  close: () => inner.close(),
  ack: async (d) => {
    // The first batch is acked normally; the second one hangs before its ack when asked.
    if (batches++ >= 1 && at === 'ack') {
      say('batch-committed');
      await hang();
    }
    await inner.ack(d);
    say('batch-acked');
  },
};
const log: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };
let commits = 0;
startWorker({
  db: database.db,
  queue,
  log,
  consumer: 'crash-child',
  batchSize: 50,
  beforeCommit: async () => {
    if (commits++ >= 1 && at === 'commit') await hang();
  },
});
say('ready');
