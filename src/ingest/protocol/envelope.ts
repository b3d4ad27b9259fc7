/**
 * Sentry envelopes: parse and re-serialize.
 * Spec: https://develop.sentry.dev/sdk/foundations/transport/envelopes/ (docs/sentry-protocol.md §3).
 *
 *   Envelope = HeaderLine ( "\n" Item )* [ "\n" ]      Item = HeaderLine "\n" Payload
 *
 * With `length` the payload is exactly that many bytes and must be followed by "\n" or EOF;
 * without it the payload runs to the next "\n" or EOF. Headers are one-line JSON objects.
 */
import { AppError } from '../../shared/errors.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.js';

export interface EnvelopeHeader {
  event_id?: unknown;
  dsn?: unknown;
  sdk?: unknown;
  sent_at?: unknown;
  trace?: unknown;
  [key: string]: unknown;
}

export interface ItemHeader {
  type: string;
  length?: number;
  content_type?: unknown;
  filename?: unknown;
  attachment_type?: unknown;
  item_count?: unknown;
  [key: string]: unknown;
}

export interface EnvelopeItem {
  header: ItemHeader;
  /** The header line's bytes as received (re-serialized unchanged). */
  headerRaw: Buffer;
  payload: Buffer;
}

export interface Envelope {
  header: EnvelopeHeader;
  headerRaw: Buffer;
  items: EnvelopeItem[];
}

const NL = 0x0a;
/** More items than any SDK sends; bounds the work one request can cause. */
export const MAX_ITEMS = 1000;
/** Longest header line accepted (envelope or item). */
const MAX_HEADER_LINE = 64 * 1024;

const invalid = (message: string) => new AppError('invalid_envelope', message);

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function parseHeaderLine(buf: Buffer, start: number, end: number, what: string): Record<string, unknown> {
  if (end - start > MAX_HEADER_LINE) throw invalid(`${what} header is longer than ${MAX_HEADER_LINE} bytes`);
  if (jsonTooDeep(buf, start, end, MAX_JSON_DEPTH)) throw invalid(`${what} header is nested too deeply`);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8', start, end));
  } catch {
    throw invalid(`invalid ${what} header: not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`invalid ${what} header: not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function parseEnvelope(buf: Buffer): Envelope {
  if (buf.length === 0) throw invalid('empty envelope');
  let nl = buf.indexOf(NL);
  const headerEnd = nl === -1 ? buf.length : nl;
  const header = parseHeaderLine(buf, 0, headerEnd, 'envelope') as EnvelopeHeader;
  const env: Envelope = { header, headerRaw: buf.subarray(0, headerEnd), items: [] };
  let pos = nl === -1 ? buf.length : nl + 1;
  while (pos < buf.length) {
    nl = buf.indexOf(NL, pos);
    const lineEnd = nl === -1 ? buf.length : nl;
    if (isBlank(buf, pos, lineEnd)) {
      // Tolerate blank lines between items and trailing whitespace.
      pos = lineEnd + 1;
      continue;
    }
    if (env.items.length >= MAX_ITEMS)
      throw new AppError('payload_too_large', `envelope has more than ${MAX_ITEMS} items`);
    const ih = parseHeaderLine(buf, pos, lineEnd, 'item');
    if (typeof ih.type !== 'string' || ih.type.length === 0 || ih.type.length > 64) {
      throw invalid('invalid item header: missing type');
    }
    const headerRaw = buf.subarray(pos, lineEnd);
    pos = nl === -1 ? buf.length : nl + 1;
    let payload: Buffer;
    if (ih.length !== undefined && ih.length !== null) {
      const len = ih.length;
      if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) {
        throw invalid(`invalid item header: bad length for item of type '${ih.type}'`);
      }
      if (pos + len > buf.length) throw invalid(`item of type '${ih.type}' is truncated: length ${len} past the end`);
      payload = buf.subarray(pos, pos + len);
      pos += len;
      if (pos < buf.length) {
        if (buf[pos] !== NL) throw invalid(`item of type '${ih.type}' is not followed by a newline`);
        pos++;
      }
    } else {
      nl = buf.indexOf(NL, pos);
      const end = nl === -1 ? buf.length : nl;
      payload = buf.subarray(pos, end);
      pos = nl === -1 ? buf.length : nl + 1;
    }
    env.items.push({ header: ih as ItemHeader, headerRaw, payload });
  }
  return env;
}

/**
 * Serializes an envelope. Items keep their received header bytes unless the header says no
 * `length` and the payload contains a newline (never the case for parsed items).
 */
export function serializeEnvelope(headerRaw: Buffer, items: readonly EnvelopeItem[]): Buffer {
  const parts: Buffer[] = [headerRaw];
  const nl = Buffer.from('\n');
  for (const item of items) {
    parts.push(nl, item.headerRaw, nl, item.payload);
  }
  return Buffer.concat(parts);
}

/** Builds a one-item envelope (the `store` endpoint's conversion). */
export function singleItemEnvelope(header: Record<string, unknown>, type: string, payload: Buffer): Buffer {
  const itemHeader = Buffer.from(JSON.stringify({ type, length: payload.length }));
  return serializeEnvelope(Buffer.from(JSON.stringify(header)), [
    { header: { type, length: payload.length }, headerRaw: itemHeader, payload },
  ]);
}
