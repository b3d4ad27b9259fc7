/**
 * The worker's view of a queued envelope, parsed by ingest's parser (the one that accepted it):
 * envelope headers plus items with their type, headers and payload bytes.
 */
import { parseEnvelope } from '../../ingest/protocol/index.js';
import type { JsonRecord } from '../items/common.js';

export interface EnvelopeItemView {
  type: string;
  headers: JsonRecord;
  payload: Buffer;
}

export interface EnvelopeView {
  headers: JsonRecord;
  items: EnvelopeItemView[];
}

/** Throws (AppError invalid_envelope) when the bytes are not an envelope — ingest accepted them, so that is a bug or corruption. */
export function splitEnvelope(bytes: Buffer): EnvelopeView {
  const env = parseEnvelope(bytes);
  return {
    headers: env.header,
    items: env.items.map((item) => ({
      type: typeof item.header.type === 'string' ? item.header.type : '',
      headers: item.header,
      payload: item.payload,
    })),
  };
}
