/**
 * Which issue each event of a batch belongs to (persist-events step 1): every hash is looked up
 * in `group_hashes` at once; events are assigned in order — the first hash with an issue wins; an
 * event with no known hash joins an issue created earlier in the batch that shares a hash, else it
 * creates one. Creating issues takes a per-project advisory lock (until commit) and repeats the
 * lookup, so concurrent workers never split a new issue. New hashes are stored for their issue.
 */
import { eventKey } from '../../storage/events.repository.js';
import type { Db } from '../../storage/index.js';
import {
  findGroupIdsByHashes,
  type GroupHashRow,
  hashKey,
  insertGroupHashes,
  insertGroups,
  lockProjectsForIssueCreation,
  type NewGroupRow,
  reserveShortIds,
} from '../../storage/issues.repository.js';
import type { PreparedEvent } from './types.js';

type Target = { kind: 'existing'; id: number } | { kind: 'pending'; index: number };

interface Assignment {
  targets: Target[];
  pending: PreparedEvent[];
  /** Hashes to add to each target (known issue id or pending index). */
  newHashes: { target: Target; projectId: number; hash: string; config: string }[];
}

function assign(events: readonly PreparedEvent[], known: Map<string, number>): Assignment {
  const map = new Map<string, Target>();
  for (const [k, id] of known) map.set(k, { kind: 'existing', id });
  const targets: Target[] = [];
  const pending: PreparedEvent[] = [];
  const newHashes: Assignment['newHashes'] = [];
  for (const ev of events) {
    let target: Target | undefined;
    for (const h of ev.hashes) {
      target = map.get(hashKey(ev.projectId, h));
      if (target) break;
    }
    if (!target) {
      target = { kind: 'pending', index: pending.length };
      pending.push(ev);
    }
    targets.push(target);
    for (const h of ev.hashes) {
      const k = hashKey(ev.projectId, h);
      if (!map.has(k)) {
        map.set(k, target);
        newHashes.push({ target, projectId: ev.projectId, hash: h, config: ev.groupingConfig });
      }
    }
  }
  return { targets, pending, newHashes };
}

export function dedupe(events: readonly PreparedEvent[]): PreparedEvent[] {
  const seen = new Set<string>();
  const out: PreparedEvent[] = [];
  for (const ev of events) {
    const k = eventKey(ev.projectId, ev.eventId);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(ev);
  }
  return out;
}

export async function resolveIssues(db: Db, events: PreparedEvent[]): Promise<{ ids: number[]; created: Set<number> }> {
  const keys = new Map<string, { projectId: number; hash: string }>();
  for (const ev of events)
    for (const h of ev.hashes) keys.set(hashKey(ev.projectId, h), { projectId: ev.projectId, hash: h });
  let a = assign(events, await findGroupIdsByHashes(db, [...keys.values()]));
  if (a.pending.length > 0) {
    // Another worker may be creating the same issues: serialise creation per project, then look again.
    await lockProjectsForIssueCreation(
      db,
      a.pending.map((e) => e.projectId),
    );
    a = assign(events, await findGroupIdsByHashes(db, [...keys.values()]));
  }

  const pendingIds: number[] = [];
  if (a.pending.length > 0) {
    const perProject = new Map<number, number>();
    for (const ev of a.pending) perProject.set(ev.projectId, (perProject.get(ev.projectId) ?? 0) + 1);
    const firstShortId = await reserveShortIds(db, perProject);
    const next = new Map(firstShortId);
    const rows: NewGroupRow[] = a.pending.map((ev) => {
      const shortId = next.get(ev.projectId)!;
      next.set(ev.projectId, shortId + 1);
      return {
        project_id: ev.projectId,
        short_id: shortId,
        type: ev.issue.type,
        title: ev.issue.title,
        culprit: ev.issue.culprit,
        level: ev.issue.level,
        platform: ev.issue.platform,
        logger: ev.issue.logger,
        metadata: ev.issue.metadata,
        first_seen: ev.row.timestamp,
        last_seen: ev.row.timestamp,
        first_release: ev.row.release,
        last_release: ev.row.release,
        primary_hash: ev.hashes[0]!,
      };
    });
    const ids = await insertGroups(db, rows);
    for (const r of rows) pendingIds.push(ids.get(`${r.project_id}:${r.short_id}`)!);
  }
  const idOf = (t: Target): number => (t.kind === 'existing' ? t.id : pendingIds[t.index]!);
  const hashRows: GroupHashRow[] = a.newHashes.map((h) => ({
    project_id: h.projectId,
    hash: h.hash,
    group_id: idOf(h.target),
    grouping_config: h.config,
  }));
  await insertGroupHashes(db, hashRows);
  return { ids: a.targets.map(idOf), created: new Set(pendingIds) };
}
