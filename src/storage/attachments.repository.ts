/** Reads of event attachments (written in batch by the pipeline, telemetry.repository.ts). */
import type { Db } from './database.js';

export async function listEventAttachments(db: Db, projectId: number, eventId: string) {
  return db
    .selectFrom('attachments')
    .select(['item_key', 'event_id', 'name', 'content_type', 'attachment_type', 'size', 'sha1', 'created_at'])
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId)
    .orderBy('created_at')
    .orderBy('item_key')
    .limit(100)
    .execute();
}

export async function findEventAttachment(db: Db, projectId: number, eventId: string, itemKey: string) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId)
    .where('item_key', '=', itemKey)
    .executeTakeFirst();
}
