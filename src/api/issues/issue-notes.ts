/**
 * Notes (comments) on an issue — Sentry's `/issues/:id/notes/` (Faultline also serves
 * `/comments/`): activity rows of type `note` with `data.text`. Only the author edits or deletes
 * a note. Posting the same text twice within an hour is refused, as Sentry does.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { Db, User } from '../../storage/index.js';
import {
  deleteIssueActivity,
  findIssueActivity,
  insertIssueActivities,
  listIssueActivities,
  refreshCommentCounts,
  subscribeIfUnset,
  updateIssueActivityData,
} from '../../storage/issue-activity.repository.js';
import { findUsersByIds } from '../../storage/issue-mutations.repository.js';
import { parseInput } from '../http.js';
import { serializeActivity } from '../serializers/activity.js';
import type { LoadedIssue } from './issue-context.js';

export const noteBodySchema = z.object({
  text: z.string().trim().min(1, 'This field may not be blank.').max(80_000),
  mentions: z.array(z.string().max(64)).max(100).optional(),
});

const DUPLICATE_WINDOW_MS = 3_600_000;

async function usersMap(db: Db, ids: Array<number | null>): Promise<Map<number, User>> {
  const uniq = [...new Set(ids.filter((i): i is number => i !== null))];
  return new Map((await findUsersByIds(db, uniq)).map((u) => [u.id, u as User]));
}

export async function listNotes(db: Db, loaded: LoadedIssue, limit: number, offset: number) {
  const rows = await listIssueActivities(db, loaded.issue.id, { types: ['note'], limit: limit + 1, offset });
  const users = await usersMap(
    db,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => serializeActivity(r, users));
}

export async function createNote(db: Db, loaded: LoadedIssue, userId: number | null, body: unknown) {
  const { text } = parseInput(noteBodySchema, body);
  const [last] = await listIssueActivities(db, loaded.issue.id, { types: ['note'], limit: 1 });
  if (
    last &&
    last.user_id === userId &&
    Date.now() - last.created_at.getTime() < DUPLICATE_WINDOW_MS &&
    (JSON.parse(last.data) as { text?: unknown }).text === text
  ) {
    throw new AppError('bad_request', 'You have already posted that comment.');
  }
  const created = await db.transaction().execute(async (trx) => {
    const [row] = await insertIssueActivities(trx, [
      { groupId: loaded.issue.id, projectId: loaded.issue.project_id, type: 'note', userId, data: { text } },
    ]);
    await refreshCommentCounts(trx, [loaded.issue.id]);
    if (userId !== null) await subscribeIfUnset(trx, userId, [loaded.issue.id], 'comment');
    return row!;
  });
  return serializeActivity(created, await usersMap(db, [userId]));
}

async function ownNote(db: Db, loaded: LoadedIssue, rawNoteId: unknown, userId: number | null) {
  const s = typeof rawNoteId === 'string' ? rawNoteId : '';
  if (!/^\d{1,15}$/.test(s)) throw new AppError('not_found', 'The requested resource does not exist');
  const note = await findIssueActivity(db, loaded.issue.id, Number(s));
  if (note?.type !== 'note' || userId === null || note.user_id !== userId) {
    throw new AppError('not_found', 'The requested resource does not exist');
  }
  return note;
}

export async function updateNote(
  db: Db,
  loaded: LoadedIssue,
  rawNoteId: unknown,
  userId: number | null,
  body: unknown,
) {
  const note = await ownNote(db, loaded, rawNoteId, userId);
  const { text } = parseInput(noteBodySchema, body);
  await updateIssueActivityData(db, note.id, { text });
  return serializeActivity({ ...note, data: JSON.stringify({ text }) }, await usersMap(db, [userId]));
}

export async function deleteNote(db: Db, loaded: LoadedIssue, rawNoteId: unknown, userId: number | null) {
  const note = await ownNote(db, loaded, rawNoteId, userId);
  await db.transaction().execute(async (trx) => {
    await deleteIssueActivity(trx, note.id);
    await refreshCommentCounts(trx, [loaded.issue.id]);
  });
}
