/**
 * Test seeding for the issue/event API suites: issues with events and rollups written the way
 * the pipeline stores them (groups, group_hashes, events with gzip'd normalized JSON and
 * `key=value` tags, group_tag_values, group_hourly, group_users). Event bodies come from the
 * recorded SDK fixtures (../shared/fixtures/sdk), normalized minimally.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from '../../src/storage/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/sdk');

/** The event payload of a recorded envelope (the first `event` item), as a JSON object. */
export function fixtureEvent(relPath: string): Record<string, unknown> {
  const rec = JSON.parse(fs.readFileSync(path.join(fixturesDir, relPath), 'utf8')) as { body_text: string };
  const lines = rec.body_text.split('\n');
  for (let i = 1; i < lines.length - 1; i++) {
    const header = JSON.parse(lines[i]!) as { type?: string };
    if (header.type === 'event') return JSON.parse(lines[i + 1]!) as Record<string, unknown>;
  }
  // A store request: the body is the event.
  return JSON.parse(rec.body_text) as Record<string, unknown>;
}

export interface SeedIssue {
  projectId: number;
  title: string;
  culprit?: string;
  level?: string;
  status?: 'unresolved' | 'resolved' | 'ignored';
  substatus?: string | null;
  firstSeen: Date;
  lastSeen: Date;
  /** Number of events to store (spread between firstSeen and lastSeen). Default 1. */
  events?: number;
  /** Extra times_seen beyond stored events (counts without events, e.g. for freq sorting). */
  extraTimesSeen?: number;
  tags?: Record<string, string>;
  users?: string[];
  release?: string | null;
  environment?: string | null;
  assigneeUserId?: number | null;
  assigneeTeamId?: number | null;
  metadata?: Record<string, unknown>;
  /** The normalized event JSON (default: a minimal error event). */
  data?: Record<string, unknown>;
  hashes?: string[];
}

export interface SeededIssue {
  id: number;
  shortId: number;
  eventIds: string[];
  hashes: string[];
}

const hex = (n: number) => randomBytes(n).toString('hex');

async function nextShortId(db: Db, projectId: number): Promise<number> {
  const r = await sql<{ id: number }>`insert into project_counters (project_id, next_short_id) values (${projectId}, 2)
    on conflict (project_id) do update set next_short_id = project_counters.next_short_id + 1
    returning next_short_id - 1 as id`.execute(db);
  return Number(r.rows[0]!.id);
}

export async function seedIssue(db: Db, s: SeedIssue): Promise<SeededIssue> {
  const hashes = s.hashes ?? [hex(16)];
  const shortId = await nextShortId(db, s.projectId);
  const n = s.events ?? 1;
  const tags: Record<string, string> = { level: s.level ?? 'error', ...(s.tags ?? {}) };
  if (s.release) tags.release = s.release;
  if (s.environment) tags.environment = s.environment;
  const users = s.users ?? [];
  const g = await db
    .insertInto('groups')
    .values({
      project_id: s.projectId,
      short_id: shortId,
      title: s.title,
      culprit: s.culprit ?? '',
      level: s.level ?? 'error',
      platform: 'node',
      metadata: JSON.stringify(s.metadata ?? { type: s.title.split(':')[0], value: s.title }),
      status: s.status ?? 'unresolved',
      substatus:
        s.substatus === undefined ? (s.status === 'ignored' ? 'archived_forever' : 'ongoing') : (s.substatus as never),
      first_seen: s.firstSeen,
      last_seen: s.lastSeen,
      times_seen: n + (s.extraTimesSeen ?? 0),
      user_count: users.length,
      first_release: s.release ?? null,
      last_release: s.release ?? null,
      assignee_user_id: s.assigneeUserId ?? null,
      assignee_team_id: s.assigneeTeamId ?? null,
      primary_hash: hashes[0]!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(g.id);
  await db
    .insertInto('group_hashes')
    .values(
      hashes.map((hash) => ({ project_id: s.projectId, hash, group_id: id, grouping_config: 'newstyle:2023-01-11' })),
    )
    .execute();
  const eventIds: string[] = [];
  const span = s.lastSeen.getTime() - s.firstSeen.getTime();
  const rows = [];
  for (let i = 0; i < n; i++) {
    const eventId = hex(16);
    eventIds.push(eventId);
    const ts = new Date(n === 1 ? s.lastSeen.getTime() : s.firstSeen.getTime() + Math.round((span * i) / (n - 1)));
    const user = users.length > 0 ? users[i % users.length]! : null;
    const hash = hashes[i % hashes.length]!;
    const data = { ...(s.data ?? defaultEvent(s.title)), event_id: eventId };
    rows.push({
      project_id: s.projectId,
      event_id: eventId,
      group_id: id,
      timestamp: ts,
      received_at: ts,
      level: s.level ?? 'error',
      platform: 'node',
      environment: s.environment ?? null,
      release: s.release ?? null,
      title: s.title,
      message: s.title,
      user_ident: user,
      primary_hash: hash,
      hashes: [hash],
      tags: Object.entries({ ...tags, ...(user ? { user } : {}) }).map(([k, v]) => `${k}=${v}`),
      data: gzipSync(JSON.stringify(data)),
    });
  }
  if (rows.length > 0) await db.insertInto('events').values(rows).execute();
  await rollupsFromEvents(db, id);
  if ((s.extraTimesSeen ?? 0) > 0) {
    await sql`update groups set times_seen = times_seen + ${s.extraTimesSeen} where id = ${id}`.execute(db);
  }
  return { id, shortId, eventIds, hashes };
}

/** Rebuilds rollups of one issue from its events (as the pipeline's increments would have). */
async function rollupsFromEvents(db: Db, id: number): Promise<void> {
  await sql`insert into group_tag_values (group_id, key, value, times_seen, first_seen, last_seen)
    select e.group_id, split_part(t, '=', 1), substr(t, strpos(t, '=') + 1), count(*), min(e.timestamp), max(e.timestamp)
    from events e cross join lateral unnest(e.tags) t where e.group_id = ${id} group by 1, 2, 3`.execute(db);
  await sql`insert into group_hourly (group_id, hour, count)
    select group_id, date_trunc('hour', timestamp), count(*) from events where group_id = ${id} group by 1, 2`.execute(
    db,
  );
  await sql`insert into group_users (group_id, user_ident, first_seen)
    select group_id, user_ident, min(timestamp) from events where group_id = ${id} and user_ident is not null group by 1, 2`.execute(
    db,
  );
}

/** A new event for an existing issue, as the pipeline would store it (bumps last_seen/times_seen). */
export async function addEvent(db: Db, issueId: number, at: Date): Promise<string> {
  const g = await db.selectFrom('groups').selectAll().where(sql<boolean>`id = ${issueId}`).executeTakeFirstOrThrow();
  const eventId = hex(16);
  await db
    .insertInto('events')
    .values({
      project_id: g.project_id,
      event_id: eventId,
      group_id: issueId,
      timestamp: at,
      received_at: new Date(Math.max(at.getTime(), Date.now())),
      title: g.title,
      message: g.title,
      primary_hash: g.primary_hash,
      hashes: [g.primary_hash],
      tags: [`level=${g.level}`],
      data: gzipSync(JSON.stringify({ ...defaultEvent(g.title), event_id: eventId })),
    })
    .execute();
  await sql`update groups set last_seen = greatest(last_seen, ${at}), times_seen = times_seen + 1 where id = ${issueId}`.execute(
    db,
  );
  return eventId;
}

export function defaultEvent(title: string): Record<string, unknown> {
  const [type, ...rest] = title.split(': ');
  return {
    platform: 'node',
    level: 'error',
    exception: { values: [{ type, value: rest.join(': ') || title, stacktrace: { frames: [] } }] },
  };
}
