/**
 * Attachments: stored as bytes linked to the envelope's event id; text-like ones (text/*, JSON,
 * or valid UTF-8 without a content type) are gzip'd when that makes them smaller.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Insertable } from 'kysely';
import type { Database } from '../../storage/index.js';
import { derivedId, str, strOrNull } from './common.js';
import { type ItemContext, itemKey } from './context.js';

type AttachmentRow = Insertable<Database['attachments']>;

function isTextLike(contentType: string | null, payload: Uint8Array): boolean {
  if (contentType) {
    const ct = contentType.toLowerCase();
    return ct.startsWith('text/') || ct.includes('json') || ct.includes('xml') || ct.includes('javascript');
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(0, 65_536));
    return true;
  } catch {
    return false;
  }
}

export function attachmentRow(payload: Uint8Array, ctx: ItemContext): AttachmentRow {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const contentType = strOrNull(ctx.itemHeaders.content_type, 200);
  let data: Buffer = bytes;
  let gzipped = false;
  if (bytes.length > 64 && isTextLike(contentType, bytes)) {
    const z = gzipSync(bytes, { level: 6 });
    if (z.length < bytes.length) {
      data = z;
      gzipped = true;
    }
  }
  return {
    project_id: ctx.projectId,
    item_key: itemKey(ctx),
    // An attachment without an event id in its envelope still gets a stable id of its own.
    event_id: ctx.envelopeEventId ?? derivedId('attachment', itemKey(ctx)),
    name: str(ctx.itemHeaders.filename, 256) ?? 'attachment',
    content_type: contentType,
    attachment_type: str(ctx.itemHeaders.attachment_type, 64) ?? 'event.attachment',
    size: bytes.length,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    gzipped,
    data: Buffer.from(data),
    created_at: ctx.receivedAt,
  };
}
