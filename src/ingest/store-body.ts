/**
 * The legacy `store` endpoint's body: one JSON event (docs/sentry-protocol.md §2.1). Old Python
 * clients may send bare NaN/Infinity tokens (rewritten to null); very old raven clients send
 * base64(zlib(json)). The result is the event JSON bytes for a one-item envelope.
 */
import zlib from 'node:zlib';
import { AppError } from '../shared/errors.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from './protocol/index.js';

/** Replaces NaN, Infinity and -Infinity tokens outside strings with null. */
export function rewriteNonFiniteTokens(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(last, i)}null`;
        i += token.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

function firstNonSpace(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

/** The event's JSON bytes and the parsed object; 400 for anything that is not a JSON object. */
export function parseStoreBody(body: Buffer, maxBytes: number): { json: Buffer; event: Record<string, unknown> } {
  let json = body;
  if (firstNonSpace(body) === -1) throw new AppError('bad_request', 'empty body');
  if (firstNonSpace(body) !== 0x7b) {
    // Legacy raven: base64(zlib(json)).
    try {
      const decoded = Buffer.from(body.toString('latin1').trim(), 'base64');
      json = zlib.inflateSync(decoded, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new AppError('payload_too_large', `event is larger than ${maxBytes} bytes`);
      }
      throw new AppError('bad_request', 'invalid event: expected a JSON object');
    }
  }
  if (json.length > maxBytes) throw new AppError('payload_too_large', "envelope exceeded size limits for type 'event'");
  if (jsonTooDeep(json, 0, json.length, MAX_JSON_DEPTH)) {
    throw new AppError('bad_request', `event is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  const text = json.toString('utf8');
  try {
    value = JSON.parse(text);
  } catch {
    try {
      const rewritten = rewriteNonFiniteTokens(text);
      value = JSON.parse(rewritten);
      json = Buffer.from(rewritten);
    } catch {
      throw new AppError('bad_request', 'invalid event: not JSON');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('bad_request', 'invalid event: expected a JSON object');
  }
  return { json, event: value as Record<string, unknown> };
}
