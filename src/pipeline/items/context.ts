/** What every item handler knows about the item it converts. */
import type { JsonRecord } from './common.js';

export interface ItemContext {
  projectId: number;
  /** When ingest accepted the envelope. */
  receivedAt: Date;
  /** sha1 hex of the envelope bytes: with the item index, a stable key for items without ids (may be computed on first read). */
  readonly envelopeHash: string;
  itemIndex: number;
  /** Envelope header `event_id` (32 hex), if any. */
  envelopeEventId: string | undefined;
  envelopeHeaders: JsonRecord;
  itemHeaders: JsonRecord;
  remoteAddr: string | null;
  userAgent: string | null;
}

/** Stable key of the n-th record of this item (logs, metrics, aggregates, attachments). */
export const itemKey = (ctx: ItemContext, sub = 0): string => `${ctx.envelopeHash}:${ctx.itemIndex}:${sub}`;
