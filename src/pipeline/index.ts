/**
 * The processing pipeline: queue → batches → stored events grouped into issues (+ every other
 * item type in its table). `startWorker` runs the loop; `pipelineEvents` announces committed
 * issue changes (live updates). See docs/pipeline.md.
 */
import type { Db } from '../storage/index.js';
import type { BatchContext, BatchLogger } from './process-batch.js';
import { ProjectCache } from './projects.js';
import { defaultProcessors, type EventProcessors } from './stages/processors.js';

export {
  LIVE_CHANNEL,
  type LivePublisher,
  type LiveSubscriber,
  parseLiveMessage,
  pipelineEvents,
  relayLiveNotifications,
} from './live.js';
export {
  type BatchContext,
  type CommitResult,
  commitBatch,
  type PreparedMessage,
  prepareBatch,
  processBatch,
} from './process-batch.js';
export { type PipelineProject, ProjectCache } from './projects.js';
export { defaultProcessors, type EventProcessors } from './stages/processors.js';
export { compareReleases } from './stages/releases.js';
export type { BatchStats, IssueNotification } from './stages/types.js';
export { startWorker, type Worker, type WorkerLogger, type WorkerOptions } from './worker.js';

/** A batch context for direct processBatch() calls (tests, tools). */
export function createBatchContext(
  db: Db,
  log: BatchLogger,
  opts: { processors?: EventProcessors; beforeCommit?: BatchContext['beforeCommit'] } = {},
): BatchContext {
  return {
    db,
    log,
    projects: new ProjectCache(db, 0),
    processors: opts.processors ?? defaultProcessors,
    ...(opts.beforeCommit ? { beforeCommit: opts.beforeCommit } : {}),
  };
}
