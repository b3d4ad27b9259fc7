/**
 * Row types of issues (table `groups`, as Sentry names them), their hashes and rollups, and events.
 * Written by the pipeline (batched), read by the API. See migrations/0200-events-issues.ts.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';
export type IssueSubstatus =
  | 'new'
  | 'ongoing'
  | 'regressed'
  | 'escalating'
  | 'archived_until_escalating'
  | 'archived_until_condition_met'
  | 'archived_forever';

/** bigint columns come back as JS numbers (see database.ts parsers). */
type Int8 = ColumnType<number, number | bigint | string, number | bigint | string>;
/** A database-generated (or defaulted) bigint: optional on insert, a number when selected. */
type GeneratedInt8 = ColumnType<number, number | bigint | string | undefined, number | bigint | string>;

export interface ProjectCountersTable {
  project_id: number;
  next_short_id: Int8;
}

export interface GroupsTable {
  id: GeneratedInt8;
  project_id: number;
  short_id: Int8;
  type: Generated<string>;
  title: string;
  culprit: Generated<string>;
  level: Generated<string>;
  platform: string | null;
  logger: string | null;
  /** JSON text: {type, value, filename, function, title, …} as Sentry's `metadata`. */
  metadata: Generated<string>;
  status: Generated<IssueStatus>;
  substatus: IssueSubstatus | null;
  first_seen: Date;
  last_seen: Date;
  times_seen: GeneratedInt8;
  user_count: GeneratedInt8;
  first_release: string | null;
  last_release: string | null;
  resolved_at: Date | null;
  resolved_in_release: string | null;
  resolved_in_next_release: Generated<boolean>;
  ignore_until: Date | null;
  ignore_count: Int8 | null;
  ignore_window: number | null;
  ignore_user_count: Int8 | null;
  ignore_user_window: number | null;
  ignore_baseline_times_seen: Int8 | null;
  ignore_baseline_user_count: Int8 | null;
  assignee_user_id: number | null;
  assignee_team_id: number | null;
  num_comments: Generated<number>;
  primary_hash: string;
}

export interface GroupHashesTable {
  project_id: number;
  hash: string;
  group_id: Int8;
  grouping_config: string;
}

export interface EventsTable {
  project_id: number;
  /** 32 lowercase hex, no dashes (Sentry's event id form). */
  event_id: string;
  group_id: Int8 | null;
  type: Generated<string>;
  timestamp: Date;
  received_at: Date;
  level: Generated<string>;
  platform: string | null;
  environment: string | null;
  release: string | null;
  transaction: string | null;
  title: Generated<string>;
  /** Searchable message text (formatted logentry or exception value). */
  message: Generated<string>;
  /** Distinct-user identity: `id:…`, `email:…`, `username:…` or `ip:…`. */
  user_ident: string | null;
  primary_hash: string | null;
  hashes: Generated<string[]>;
  /** Tags as `key=value` strings (GIN-indexable; exact match via `tags @> array[…]`). */
  tags: Generated<string[]>;
  size: Generated<number>;
  /** The whole normalized event: gzip-compressed JSON. */
  data: Buffer;
  /** JSON text: every grouping variant with its hash and component tree ("why did this group?"). */
  grouping: string | null;
}

export interface GroupTagValuesTable {
  group_id: Int8;
  key: string;
  value: string;
  times_seen: Int8;
  first_seen: Date;
  last_seen: Date;
}

export interface GroupHourlyTable {
  group_id: Int8;
  hour: Date;
  count: Int8;
}

export interface GroupUsersTable {
  group_id: Int8;
  user_ident: string;
  first_seen: Date;
}

export type Group = Selectable<GroupsTable>;
export type EventRow = Selectable<EventsTable>;
