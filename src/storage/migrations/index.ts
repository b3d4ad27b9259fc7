/**
 * Every migration, in order. Names sort; the number is the order. Add new ones at the end.
 * Number ranges reserved per area so parallel work does not collide:
 *   0001-0099 accounts/core · 0100-0199 ingest/queue · 0200-0299 pipeline/events/issues
 *   0300-0399 api (sessions, comments, activity) · 0400-0499 alerts/monitors · 0500+ releases/sourcemaps
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-accounts.js';
import * as m0200 from './0200-events-issues.js';

export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0200-events-issues': m0200,
};
