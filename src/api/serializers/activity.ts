/**
 * Activity entries as Sentry's `ActivitySerializer` returns them: `{id, user, sentry_app, type,
 * data, dateCreated}` (notes are `type: "note"` with `data.text`). The `first_seen` entry is
 * synthesized from the issue, as Sentry does.
 */

import type { User } from '../../storage/index.js';
import type { IssueActivityRow } from '../../storage/issue-activity.repository.js';
import { isObject } from './guards.js';
import { type SerializedUser, serializeUser } from './user.js';

export interface SerializedActivity {
  id: string;
  user: SerializedUser | null;
  sentry_app: null;
  type: string;
  data: Record<string, unknown>;
  dateCreated: string;
}

function parseData(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

export function serializeActivity(a: IssueActivityRow, users: Map<number, User>): SerializedActivity {
  const u = a.user_id === null ? undefined : users.get(a.user_id);
  return {
    id: String(a.id),
    user: u ? serializeUser(u) : null,
    sentry_app: null,
    type: a.type,
    data: parseData(a.data),
    dateCreated: new Date(a.created_at).toISOString(),
  };
}

export function firstSeenActivity(firstSeen: Date): SerializedActivity {
  return {
    id: '0',
    user: null,
    sentry_app: null,
    type: 'first_seen',
    data: {},
    dateCreated: new Date(firstSeen).toISOString(),
  };
}
