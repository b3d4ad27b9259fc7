/**
 * One batch of queue deliveries, in two phases:
 *   prepareBatch — per message (prepare-message.ts): split the envelope into items and run each
 *                  item's handler (events: normalize → filter → scrub → enhance → group →
 *                  compress). CPU only. A message whose preparation throws is marked failed.
 *   commitBatch  — ONE transaction for all prepared messages: issues + events + rollups
 *                  (persist-events), the other item tables (persist-telemetry), activity entries
 *                  and `filtered` outcomes. Returns the live notifications to announce after commit.
 */
import type { Delivery } from '../queue/types.js';
import type { Db } from '../storage/index.js';
import { insertIssueActivities, type NewIssueActivity } from '../storage/issue-activity.repository.js';
import { type OutcomeCount, upsertOutcomes } from '../storage/outcomes.repository.js';
import { type PreparedMessage, prepareMessage } from './prepare-message.js';
import type { ProjectCache } from './projects.js';
import { type PersistedIssue, persistEvents } from './stages/persist-events.js';
import { persistTelemetry } from './stages/persist-telemetry.js';
import type { EventProcessors } from './stages/processors.js';
import {
  addStats,
  type BatchStats,
  emptyStats,
  emptyTelemetry,
  type IssueNotification,
  type PreparedTelemetry,
} from './stages/types.js';

export interface BatchLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface BatchContext {
  db: Db;
  projects: ProjectCache;
  processors: EventProcessors;
  log: BatchLogger;
  /** Test hook: runs inside the transaction after every write, before commit. */
  beforeCommit?: (trx: Db) => Promise<void>;
}

export type { PreparedMessage } from './prepare-message.js';

/** Longest stretch of synchronous preparation between two yields to the event loop (ms). */
const YIELD_AFTER_MS = 1;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Prepares every message. Yields to the event loop after each ~millisecond of work: the previous
 * batch's commit runs its statements in between, and each statement's reply is handled on this
 * thread — a reply waiting behind a long synchronous stretch leaves the database (PGlite's thread,
 * or the server) idle. A commit makes ~15-20 round trips, so this wait adds up per batch.
 */
export async function prepareBatch(bctx: BatchContext, deliveries: readonly Delivery[]): Promise<PreparedMessage[]> {
  const projects = await bctx.projects.load(deliveries.map((d) => d.message.projectId));
  const out: PreparedMessage[] = [];
  let since = performance.now();
  for (let i = 0; i < deliveries.length; i++) {
    if (performance.now() - since >= YIELD_AFTER_MS) {
      await yieldToEventLoop();
      since = performance.now();
    }
    const d = deliveries[i]!;
    out.push(prepareMessage(d, projects.get(d.message.projectId) ?? null, bctx));
  }
  return out;
}

const HOUR = 3_600_000;

/** `filtered` outcomes of the batch, summed per (project, key, hour, category, reason). */
function filteredOutcomes(prepared: readonly PreparedMessage[]): OutcomeCount[] {
  const byKey = new Map<string, OutcomeCount>();
  for (const p of prepared) {
    const m = p.delivery.message;
    const hour = new Date(Math.floor((Number.isFinite(m.receivedAt) ? m.receivedAt : Date.now()) / HOUR) * HOUR);
    for (const f of p.filtered) {
      const k = `${m.projectId}:${m.keyId}:${hour.getTime()}:${f.category}:${f.reason}`;
      const c = byKey.get(k);
      if (c) c.quantity++;
      else
        byKey.set(k, {
          projectId: m.projectId,
          keyId: m.keyId,
          hour,
          category: f.category,
          outcome: 'filtered',
          reason: f.reason,
          quantity: 1,
        });
    }
  }
  return [...byKey.values()];
}

/** Activity entries for status changes the pipeline made (Sentry: set_regression, set_unresolved). */
function transitionActivities(issues: readonly PersistedIssue[]): NewIssueActivity[] {
  const out: NewIssueActivity[] = [];
  for (const i of issues) {
    if (i.regressed) {
      out.push({
        groupId: i.issueId,
        projectId: i.projectId,
        type: 'set_regression',
        data: i.regressed.release ? { version: i.regressed.release } : {},
      });
    } else if (i.unignored) {
      out.push({
        groupId: i.issueId,
        projectId: i.projectId,
        type: 'set_unresolved',
        data: { substatus: i.unignored },
      });
    }
  }
  return out;
}

export interface CommitResult {
  stats: BatchStats;
  notifications: IssueNotification[];
  /** The batch's tag-value counts: merged with the buffer, appended to it, or none (persist-events). */
  tagValues: 'merged' | 'buffered' | 'none';
}

export interface CommitOptions {
  /** Merge the tag-value buffer in this transaction (default true); false only appends to it. */
  flushTagValues?: boolean;
}

/** Writes every prepared (non-failed) message in one transaction. Throws if the transaction fails. */
export async function commitBatch(
  bctx: BatchContext,
  prepared: readonly PreparedMessage[],
  opts: CommitOptions = {},
): Promise<CommitResult> {
  const ok = prepared.filter((p) => p.error === undefined);
  const stats = emptyStats();
  for (const p of ok) addStats(stats, p.stats);
  const events = ok.flatMap((p) => p.events);
  const telemetry = emptyTelemetry();
  for (const p of ok) {
    for (const key of Object.keys(telemetry) as (keyof PreparedTelemetry)[]) {
      (telemetry[key] as unknown[]).push(...(p.telemetry[key] as unknown[]));
    }
  }
  const orgOf = new Map<number, number>();
  for (const p of ok) if (p.project) orgOf.set(p.project.id, p.project.organizationId);

  const persisted = await bctx.db.transaction().execute(async (trx) => {
    const res = await persistEvents(trx, events, {
      afterInsert: (eventGroups) => persistTelemetry(trx, telemetry, eventGroups),
      flushTagValues: opts.flushTagValues ?? true,
    });
    await insertIssueActivities(trx, transitionActivities(res.issues));
    await upsertOutcomes(trx, filteredOutcomes(ok));
    if (bctx.beforeCommit) await bctx.beforeCommit(trx);
    return res;
  });
  stats.eventsInserted = persisted.inserted;
  stats.eventsDuplicate = persisted.duplicates;
  stats.issuesCreated = persisted.issuesCreated;
  stats.regressions = persisted.issues.filter((i) => i.regressed).length;
  const notifications: IssueNotification[] = persisted.issues.map((i) => ({
    organizationId: orgOf.get(i.projectId) ?? 0,
    projectId: i.projectId,
    issueId: i.issueId,
    isNew: i.isNew,
    count: i.count,
    lastSeen: i.lastSeen,
    isRegression: i.regressed !== null,
  }));
  return { stats, notifications, tagValues: persisted.tagValues };
}

/** Prepare + commit in one call (no retries: see worker.ts for those). Failed preparations are returned, not written. */
export async function processBatch(
  bctx: BatchContext,
  deliveries: readonly Delivery[],
): Promise<CommitResult & { failed: PreparedMessage[] }> {
  const prepared = await prepareBatch(bctx, deliveries);
  const res = await commitBatch(bctx, prepared);
  return { ...res, failed: prepared.filter((p) => p.error !== undefined) };
}
