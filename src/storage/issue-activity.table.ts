/**
 * Row types of what people do to issues: activity log (incl. notes), bookmarks, seen-by,
 * subscriptions. See migrations/0350-issue-activity.ts; SQL lives in issue-activity.repository.ts.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Int8 = ColumnType<number, number | bigint | string, number | bigint | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** Sentry's activity types (`sentry.types.activity.ActivityType`), lower-case as its API returns them. */
export type ActivityType =
  | 'set_resolved'
  | 'set_resolved_in_release'
  | 'set_resolved_by_age'
  | 'set_unresolved'
  | 'set_ignored'
  | 'set_regression'
  | 'set_public'
  | 'set_private'
  | 'first_seen'
  | 'assigned'
  | 'unassigned'
  | 'note'
  | 'merge'
  | 'unmerge_source'
  | 'unmerge_destination';

export interface GroupActivityTable {
  id: Generated<Int8>;
  group_id: Int8;
  project_id: number;
  type: ActivityType;
  user_id: number | null;
  /** JSON text: per type (`{text}` for notes, `{version}` for releases, assignee for assignments…). */
  data: Generated<string>;
  created_at: CreatedAt;
}

export interface GroupBookmarksTable {
  group_id: Int8;
  user_id: number;
  created_at: CreatedAt;
}

export interface GroupSeenTable {
  group_id: Int8;
  user_id: number;
  last_seen: CreatedAt;
}

export interface GroupSubscriptionsTable {
  group_id: Int8;
  user_id: number;
  is_active: boolean;
  reason: Generated<string>;
  created_at: CreatedAt;
}

export type GroupActivity = Selectable<GroupActivityTable>;
