/**
 * Row types of the non-error telemetry the pipeline stores (migrations/0201-telemetry.ts):
 * transactions, spans, sessions, session aggregates, monitors, check-ins, feedback, attachments,
 * logs, trace metrics — and dead letters. SQL lives in telemetry.repository.ts and
 * dead-letters.repository.ts.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Int8 = ColumnType<number, number | bigint | string, number | bigint | string>;
/** A database-generated (or defaulted) bigint: optional on insert, a number when selected. */
type GeneratedInt8 = ColumnType<number, number | bigint | string | undefined, number | bigint | string>;

export interface TransactionsTable {
  project_id: number;
  event_id: string;
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
  transaction: Generated<string>;
  op: string | null;
  status: string | null;
  platform: string | null;
  environment: string | null;
  release: string | null;
  start_timestamp: Date;
  timestamp: Date;
  duration_ms: Generated<number>;
  received_at: Date;
  user_ident: string | null;
  tags: Generated<string[]>;
  /** `transaction` (classic transaction event) or `span_v2` (a streamed segment). */
  source: Generated<string>;
  span_count: Generated<number>;
  size: Generated<number>;
  /** gzip(JSON) of the transaction event (for span_v2: a transaction-shaped event built from the segment). */
  data: Buffer;
}

export interface SpansTable {
  project_id: number;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  segment_id: string | null;
  transaction_event_id: string | null;
  is_segment: Generated<boolean>;
  name: Generated<string>;
  op: string | null;
  status: string | null;
  start_timestamp: Date;
  timestamp: Date;
  duration_ms: Generated<number>;
  /** JSON text: span attributes/data/tags (bounded). */
  attributes: Generated<string>;
}

export interface SessionsTable {
  project_id: number;
  sid: string;
  did: string | null;
  release: string;
  environment: string | null;
  started: Date;
  /** Time of the latest update applied. */
  timestamp: Date;
  /** ok | exited | crashed | abnormal | errored | unhandled */
  status: string;
  errors: Generated<number>;
  duration: number | null;
  seq: GeneratedInt8;
  /** An `init: true` update was received (counts as a started session). */
  init_received: Generated<boolean>;
  received_at: Date;
}

export interface SessionAggregatesTable {
  project_id: number;
  item_key: string;
  started: Date;
  release: string;
  environment: string | null;
  did: string | null;
  exited: Generated<number>;
  errored: Generated<number>;
  abnormal: Generated<number>;
  crashed: Generated<number>;
  received_at: Date;
}

export interface MonitorsTable {
  id: GeneratedInt8;
  project_id: number;
  slug: string;
  name: string;
  status: Generated<string>;
  /** JSON text of the last `monitor_config` an SDK sent (schedule, margins, timezone…), or null. */
  config: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  last_checkin: Date | null;
  last_status: string | null;
}

export interface CheckInsTable {
  project_id: number;
  check_in_id: string;
  monitor_id: Int8;
  /** in_progress | ok | error | missed | timeout */
  status: string;
  duration_ms: number | null;
  environment: string | null;
  release: string | null;
  trace_id: string | null;
  date_created: Date;
  date_updated: Date;
  received_at: Date;
}

export interface FeedbackTable {
  project_id: number;
  event_id: string;
  associated_event_id: string | null;
  group_id: Int8 | null;
  /** `feedback` (new user feedback) or `user_report` (legacy). */
  kind: Generated<string>;
  message: Generated<string>;
  contact_email: string | null;
  name: string | null;
  url: string | null;
  environment: string | null;
  release: string | null;
  timestamp: Date;
  received_at: Date;
  /** gzip(JSON) of the feedback event (null for legacy user reports). */
  data: Buffer | null;
}

export interface AttachmentsTable {
  project_id: number;
  item_key: string;
  event_id: string;
  name: string;
  content_type: string | null;
  attachment_type: Generated<string>;
  /** Size of the original bytes. */
  size: number;
  /** sha1 hex of the original bytes. */
  sha1: string;
  /** `data` is gzip of the original (text attachments); otherwise the original bytes. */
  gzipped: Generated<boolean>;
  data: Buffer;
  created_at: Date;
}

export interface LogsTable {
  project_id: number;
  item_key: string;
  /** Inserted as an ISO string with microseconds (log lines are microseconds apart). */
  timestamp: ColumnType<Date, Date | string, Date | string>;
  trace_id: string | null;
  span_id: string | null;
  level: Generated<string>;
  severity_number: number | null;
  body: Generated<string>;
  environment: string | null;
  release: string | null;
  attributes: Generated<string>;
  received_at: Date;
}

export interface TraceMetricsTable {
  project_id: number;
  item_key: string;
  timestamp: Date;
  trace_id: string | null;
  span_id: string | null;
  name: string;
  /** counter | gauge | distribution | set */
  type: string;
  unit: string | null;
  value: number;
  environment: string | null;
  release: string | null;
  attributes: Generated<string>;
  received_at: Date;
}

export interface DeadLettersTable {
  id: GeneratedInt8;
  project_id: number | null;
  delivery_id: string;
  /** The IngestMessage: one JSON header line (everything but the envelope), `\n`, the envelope bytes. */
  message: Buffer;
  error: string;
  attempts: number;
  created_at: Generated<Date>;
}

export type TransactionRow = Selectable<TransactionsTable>;
export type SpanRow = Selectable<SpansTable>;
export type SessionRow = Selectable<SessionsTable>;
export type MonitorRow = Selectable<MonitorsTable>;
export type CheckInRow = Selectable<CheckInsTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type LogRow = Selectable<LogsTable>;
export type TraceMetricRow = Selectable<TraceMetricsTable>;
export type DeadLetterRow = Selectable<DeadLettersTable>;
