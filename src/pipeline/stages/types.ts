/**
 * What the per-item stages produce and the batch writer consumes. Preparing (parse, normalize,
 * scrub, group, compress) is CPU work done outside the transaction; writing is one transaction per
 * batch (persist-events.ts, persist-telemetry.ts).
 */
import type { Insertable } from 'kysely';
import type { NewEventRow } from '../../storage/events.repository.js';
import type { Database } from '../../storage/index.js';

/** An error/default event ready to be stored and grouped. */
export interface PreparedEvent {
  projectId: number;
  eventId: string;
  /** The events row, without its issue (assigned by persist-events). */
  row: Omit<NewEventRow, 'group_id'>;
  /** Grouping hashes, in priority order (the first known one picks the issue); never empty. */
  hashes: string[];
  groupingConfig: string;
  /** Issue fields, used when this event creates the issue (title/culprit stay) or is its latest (level/metadata). */
  issue: {
    type: string;
    title: string;
    culprit: string;
    level: string;
    platform: string | null;
    logger: string | null;
    /** JSON text of Sentry's issue `metadata`. */
    metadata: string;
  };
  /** Tags as pairs, bounded (rollups). */
  tags: [string, string][];
}

/** Rows of the other item types, ready to insert (keys derived so redelivery inserts nothing). */
export interface PreparedTelemetry {
  transactions: Insertable<Database['transactions']>[];
  spans: Insertable<Database['spans']>[];
  sessions: Insertable<Database['sessions']>[];
  sessionAggregates: Insertable<Database['session_aggregates']>[];
  checkIns: PreparedCheckIn[];
  feedback: Insertable<Database['feedback']>[];
  attachments: Insertable<Database['attachments']>[];
  logs: Insertable<Database['logs']>[];
  traceMetrics: Insertable<Database['trace_metrics']>[];
}

export interface PreparedCheckIn {
  projectId: number;
  checkInId: string;
  monitorSlug: string;
  status: string;
  durationMs: number | null;
  environment: string | null;
  release: string | null;
  traceId: string | null;
  /** JSON text of monitor_config, when sent. */
  monitorConfig: string | null;
  date: Date;
  receivedAt: Date;
}

export function emptyTelemetry(): PreparedTelemetry {
  return {
    transactions: [],
    spans: [],
    sessions: [],
    sessionAggregates: [],
    checkIns: [],
    feedback: [],
    attachments: [],
    logs: [],
    traceMetrics: [],
  };
}

/** Per-batch counters (returned by processBatch, accumulated by the worker). */
export interface BatchStats {
  messages: number;
  events: number;
  eventsInserted: number;
  eventsDuplicate: number;
  eventsFiltered: number;
  issuesCreated: number;
  regressions: number;
  transactions: number;
  spans: number;
  sessions: number;
  checkIns: number;
  feedback: number;
  attachments: number;
  logs: number;
  traceMetrics: number;
  clientReports: number;
  /** Items of types the pipeline does not store (replay, profile, statsd…), by type. */
  unsupported: Record<string, number>;
  /** Items that could not be read (bad JSON, wrong shape) and were dropped, by type. */
  invalid: Record<string, number>;
}

export function emptyStats(): BatchStats {
  return {
    messages: 0,
    events: 0,
    eventsInserted: 0,
    eventsDuplicate: 0,
    eventsFiltered: 0,
    issuesCreated: 0,
    regressions: 0,
    transactions: 0,
    spans: 0,
    sessions: 0,
    checkIns: 0,
    feedback: 0,
    attachments: 0,
    logs: 0,
    traceMetrics: 0,
    clientReports: 0,
    unsupported: {},
    invalid: {},
  };
}

export function addStats(into: BatchStats, from: BatchStats): void {
  for (const key of Object.keys(from) as (keyof BatchStats)[]) {
    const v = from[key];
    if (typeof v === 'number') (into[key] as number) += v;
    else {
      const target = into[key] as Record<string, number>;
      for (const [k, n] of Object.entries(v)) target[k] = (target[k] ?? 0) + n;
    }
  }
}

/** Emitted on `pipelineEvents` ('issue') after each committed batch, once per touched issue. */
export interface IssueNotification {
  organizationId: number;
  projectId: number;
  issueId: number;
  isNew: boolean;
  /** times_seen after the batch. */
  count: number;
  lastSeen: Date;
  /** True when this batch regressed the issue (resolved → unresolved). */
  isRegression: boolean;
}
