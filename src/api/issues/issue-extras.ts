/** An issue's tags (summary, one key, values), hashes (list, unmerge) and activity log. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import {
  listIssueHashes,
  listIssueTagSummary,
  listIssueTagValues,
  type TagValueSort,
} from '../../storage/event-read.repository.js';
import type { Db, User } from '../../storage/index.js';
import { insertIssueActivities, listIssueActivities } from '../../storage/issue-activity.repository.js';
import { findUsersByIds, unmergeIssueHashes } from '../../storage/issue-mutations.repository.js';
import { offsetPage, parseCursor, parseLimit, setLinkHeader } from '../pagination.js';
import { tagKeysFor } from '../search/index.js';
import { firstSeenActivity, serializeActivity } from '../serializers/activity.js';
import { serializeEvent } from '../serializers/event.js';
import type { LoadedIssue } from './issue-context.js';
import { many } from './issue-list.js';
import { serializeTagSummary, serializeTagValue } from './tag-json.js';

const MAX_TAG_KEY = 200;

function tagKeyParam(raw: string): string[] {
  if (raw.length === 0 || raw.length > MAX_TAG_KEY) throw new AppError('not_found', 'Tag key not found');
  return tagKeysFor(raw);
}

/** `GET …/tags/?key=a&key=b&limit=N` → `[{key, name, totalValues, uniqueValues, topValues}]`. */
export async function issueTags(db: Db, request: FastifyRequest, loaded: LoadedIssue) {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const keys = many(q.key)
    .filter((k) => k.length <= MAX_TAG_KEY)
    .flatMap(tagKeysFor);
  const top = parseLimit(q, 10, 100);
  const rows = await listIssueTagSummary(db, loaded.issue.id, {
    keys: keys.length > 0 ? keys : undefined,
    top,
    maxKeys: 200,
  });
  return serializeTagSummary(rows, true);
}

export async function issueTagKey(db: Db, loaded: LoadedIssue, key: string) {
  const rows = await listIssueTagSummary(db, loaded.issue.id, { keys: tagKeyParam(key), top: 10, maxKeys: 2 });
  const [summary] = serializeTagSummary(rows, true);
  if (!summary) throw new AppError('not_found', 'Tag key not found');
  return summary;
}

const TAG_VALUE_SORTS: Record<string, TagValueSort> = {
  '-timesSeen': 'count',
  timesSeen: 'count',
  count: 'count',
  '-count': 'count',
  '-lastSeen': 'date',
  lastSeen: 'date',
  date: 'date',
  '-firstSeen': 'age',
  firstSeen: 'age',
  age: 'age',
  value: 'value',
};

export async function issueTagValues(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  loaded: LoadedIssue,
  baseUrl: string,
) {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const keys = tagKeyParam((request.params as Record<string, string>).key ?? '');
  const sort = TAG_VALUE_SORTS[typeof q.sort === 'string' ? q.sort : '-timesSeen'] ?? 'count';
  const limit = parseLimit(q, 100);
  const offset = parseCursor(q.cursor)?.offset ?? 0;
  const rows = await listIssueTagValues(db, loaded.issue.id, keys, { sort, limit, offset });
  if (rows.length === 0 && offset === 0) throw new AppError('not_found', 'Tag key not found');
  const { page, links } = offsetPage(rows, offset, limit);
  setLinkHeader(reply, request, baseUrl, links);
  return page.map(serializeTagValue);
}

/** `GET …/hashes/` → `[{id: hash, latestEvent, mergedBySeer}]`. */
export async function issueHashes(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  loaded: LoadedIssue,
  baseUrl: string,
) {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const limit = parseLimit(q, 100);
  const offset = parseCursor(q.cursor)?.offset ?? 0;
  const rows = await listIssueHashes(db, loaded.issue.id, { limit, offset });
  const { page, links } = offsetPage(rows, offset, limit);
  setLinkHeader(reply, request, baseUrl, links);
  return page.map((h) => ({
    id: h.hash,
    latestEvent: h.latest ? serializeEvent(h.latest) : null,
    mergedBySeer: false,
  }));
}

/** `PUT …/hashes/?id=<hash>` (repeatable): moves those hashes and their events to a new issue. */
export async function unmergeHashes(db: Db, loaded: LoadedIssue, hashes: string[], actorUserId: number | null) {
  const wanted = hashes.filter((h) => /^[0-9a-zA-Z:_-]{1,128}$/.test(h)).slice(0, 1000);
  if (wanted.length === 0) throw new AppError('bad_request', 'No hashes given (use ?id=<hash>)');
  await db.transaction().execute(async (trx) => {
    const newId = await unmergeIssueHashes(trx, loaded.issue.id, wanted);
    if (newId === undefined) {
      throw new AppError('bad_request', 'Unable to unmerge: the hashes are not part of this issue, or are all of them');
    }
    await insertIssueActivities(trx, [
      {
        groupId: loaded.issue.id,
        projectId: loaded.issue.project_id,
        type: 'unmerge_source',
        userId: actorUserId,
        data: { destination_id: newId, fingerprints: wanted },
      },
      {
        groupId: newId,
        projectId: loaded.issue.project_id,
        type: 'unmerge_destination',
        userId: actorUserId,
        data: { source_id: loaded.issue.id, fingerprints: wanted },
      },
    ]);
  });
}

/** `GET …/activities/` → `{activity: [...]}` newest first, ending with the synthesized first_seen. */
export async function issueActivities(db: Db, loaded: LoadedIssue) {
  const rows = await listIssueActivities(db, loaded.issue.id, { limit: 100 });
  const userIds = [...new Set(rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])))];
  const users = new Map((await findUsersByIds(db, userIds)).map((u) => [u.id, u as User]));
  return { activity: [...rows.map((r) => serializeActivity(r, users)), firstSeenActivity(loaded.issue.first_seen)] };
}
