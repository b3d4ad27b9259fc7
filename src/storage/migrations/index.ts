/**
 * Every migration, in order. Names sort; the number is the order. Add new ones at the end.
 * Number ranges reserved per area so parallel work does not collide:
 *   0001-0099 accounts/core · 0100-0199 ingest/queue · 0200-0299 pipeline/events/issues
 *   0300-0399 api (sessions, comments, activity) · 0400-0499 alerts/monitors · 0500+ releases/sourcemaps
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-accounts.js';
import * as m0100 from './0100-outcomes.js';
import * as m0200 from './0200-events-issues.js';
import * as m0201 from './0201-telemetry.js';
import * as m0202 from './0202-tag-value-buffer.js';
import * as m0300 from './0300-api-auth.js';
import * as m0301 from './0301-token-last-characters.js';
import * as m0350 from './0350-issue-activity.js';

export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0100-outcomes': m0100,
  '0200-events-issues': m0200,
  '0201-telemetry': m0201,
  '0202-tag-value-buffer': m0202,
  '0300-api-auth': m0300,
  '0301-token-last-characters': m0301,
  '0350-issue-activity': m0350,
};
