/**
 * Small readers shared by the item handlers. Payloads are attacker-controlled JSON: every reader
 * narrows and bounds (string lengths, counts), and returns undefined/null instead of throwing.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parseEventJson } from '../normalize/index.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const asRecord = (v: unknown): JsonRecord | undefined => (isRecord(v) ? v : undefined);

/** PostgreSQL text cannot hold NUL: it becomes U+FFFD (visible, and the row still inserts). */
export function noNul(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

/** A string (numbers/booleans stringified), NUL-free, trimmed to `max` characters; empty → undefined. */
export function str(v: unknown, max = 200): string | undefined {
  let s: string;
  if (typeof v === 'string') s = noNul(v);
  else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') s = String(v);
  else return undefined;
  if (s === '') return undefined;
  return s.length > max ? s.slice(0, max) : s;
}

export const strOrNull = (v: unknown, max = 200): string | null => str(v, max) ?? null;

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_TS = Date.UTC(2200, 0, 1);

/** Unix seconds (number or numeric string) or an RFC 3339 string (naive = UTC) → Date, or undefined. */
export function toDate(v: unknown): Date | undefined {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ms = v * 1000;
  else if (typeof v === 'string' && v.length <= 64) {
    if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
    else {
      const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`;
      const t = Date.parse(iso);
      if (Number.isFinite(t)) ms = t;
    }
  }
  if (ms === undefined || ms < MIN_TS || ms > MAX_TS) return undefined;
  return new Date(Math.round(ms * 1000) / 1000);
}

/** 32 lowercase hex (dashes removed) or undefined. */
export function uuidHex(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(s) ? s : undefined;
}

/** A hex id of 16 or 32 characters (span ids, trace ids), lowercased. */
export function hexId(v: unknown, len: 16 | 32): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = len === 32 ? v.replace(/-/g, '').toLowerCase() : v.toLowerCase();
  return s.length === len && /^[0-9a-f]+$/.test(s) ? s : undefined;
}

/** Deterministic 32-hex id derived from parts (items without an id of their own). */
export function derivedId(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Distinct-user identity as Sentry's tag `user`: `id:…`, `email:…`, `username:…` or `ip:…`. */
export function userIdent(user: unknown): string | null {
  if (!isRecord(user)) return null;
  const id = str(user.id, 128);
  if (id) return `id:${id}`;
  const email = str(user.email, 128);
  if (email) return `email:${email}`;
  const username = str(user.username, 128);
  if (username) return `username:${username}`;
  const ip = str(user.ip_address, 64);
  if (ip && ip !== '{{auto}}') return `ip:${ip}`;
  return null;
}

/** JSON text bounded in size: when too large, replaced by a note (never cut mid-JSON). */
export function boundedJson(v: unknown, maxBytes = 16_384): string {
  let s: string;
  try {
    s = JSON.stringify(v ?? {}) ?? '{}';
  } catch {
    return '{}';
  }
  return s.length > maxBytes ? JSON.stringify({ _truncated: true, _size: s.length }) : s;
}

export function gzipJson(v: unknown): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(v), 'utf8'), { level: 1 });
}

/** Tags as bounded `[key, value]` pairs from `{k: v}` or `[[k, v], …]`. */
export function tagPairs(tags: unknown, max = 100): [string, string][] {
  const out: [string, string][] = [];
  const push = (k: unknown, v: unknown) => {
    const key = str(k, 200);
    const value = str(v, 200);
    if (key && value !== undefined && out.length < max) out.push([key, value]);
  };
  if (Array.isArray(tags)) {
    for (const pair of tags) if (Array.isArray(pair) && pair.length === 2) push(pair[0], pair[1]);
  } else if (isRecord(tags)) {
    for (const [k, v] of Object.entries(tags)) push(k, v);
  }
  return out;
}

/** Parses a JSON item payload (Python's bare NaN/Infinity accepted); undefined when not a JSON object. */
export function parseJsonObject(payload: Uint8Array): JsonRecord | undefined {
  try {
    const v = parseEventJson(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Value of a span/log attribute (`{value, type}` or a bare value). */
export function attrValue(attrs: unknown, key: string): unknown {
  if (!isRecord(attrs)) return undefined;
  const a = attrs[key];
  return isRecord(a) && 'value' in a ? a.value : a;
}
