/**
 * Test helper: reads a recorded SDK request from ../shared/fixtures/sdk (never copied into the
 * repo) and returns its event payload the way the pipeline would see it. Not used in production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseEventJson } from '../parse-json.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SDK_FIXTURES = path.resolve(repoRoot, '../shared/fixtures/sdk');

export type RecordedEvent = {
  /** Parsed event payload (first event/transaction/feedback item, or the store body). */
  payload: Record<string, unknown>;
  itemType: string;
  /** Envelope header `sent_at`, when the request was an envelope that had one. */
  sentAt: string | undefined;
  /** The ingest request's HTTP User-Agent. */
  userAgent: string | null;
  /** Size of the payload bytes. */
  bytes: number;
};

type Recording = { kind: string; headers: Record<string, string>; body_text: string | null; body_base64: string };

export function loadRecordedEvent(file: string): RecordedEvent {
  const rec = JSON.parse(readFileSync(path.join(SDK_FIXTURES, file), 'utf8')) as Recording;
  const body = rec.body_text ?? gunzipSync(Buffer.from(rec.body_base64, 'base64')).toString('utf8');
  const userAgent = rec.headers['user-agent'] ?? null;
  if (rec.kind === 'store') {
    return {
      payload: parseEventJson(body) as Record<string, unknown>,
      itemType: 'event',
      sentAt: undefined,
      userAgent,
      bytes: body.length,
    };
  }
  const lines = body.split('\n');
  const header = JSON.parse(lines[0] ?? '{}') as { sent_at?: string };
  let i = 1;
  while (i < lines.length) {
    const itemHeader = JSON.parse(lines[i] ?? '{}') as { type?: string; length?: number };
    const payloadLine = lines[i + 1] ?? '';
    if (itemHeader.type === 'event' || itemHeader.type === 'transaction' || itemHeader.type === 'feedback') {
      return {
        payload: parseEventJson(payloadLine) as Record<string, unknown>,
        itemType: itemHeader.type,
        sentAt: header.sent_at,
        userAgent,
        bytes: payloadLine.length,
      };
    }
    // Skip this item's payload (length-prefixed payloads may contain newlines in binary data).
    if (typeof itemHeader.length === 'number') {
      const rest = lines.slice(i + 1).join('\n');
      const after = Buffer.from(rest, 'utf8')
        .subarray(itemHeader.length + 1)
        .toString('utf8');
      lines.splice(i + 1, lines.length, ...after.split('\n'));
      i += 1;
    } else {
      i += 2;
    }
  }
  throw new Error(`${file}: no event item`);
}
