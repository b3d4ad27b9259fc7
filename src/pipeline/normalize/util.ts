/**
 * Small helpers for walking untrusted event JSON: type guards, string trimming and a report that
 * collects what normalization changed. Every field is attacker-controlled, so nothing here
 * assumes a shape and nothing recurses without a depth bound.
 */

export type JsonRecord = Record<string, unknown>;

export type EventError = { type: string; name?: string; value?: unknown };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Finite numbers, and strings that are plain decimal numbers, as a number. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.length <= 40 && NUMERIC.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
const NUMERIC = /^\s*-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;

/** A non-negative integer (numeric strings accepted), else undefined. */
export function asUint(value: unknown): number | undefined {
  const n = asNumber(value);
  if (n === undefined || n < 0 || n > Number.MAX_SAFE_INTEGER) return undefined;
  return Math.trunc(n);
}

/** Scalars as strings the way Sentry renders tag values (Python-style booleans). */
export function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return undefined;
}

/** Truncate to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 3) return value.slice(0, max);
  let end = max - 3;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return value.slice(0, end) + '...';
}

const MAX_NOTES = 100;

/** Collects trimming notes and Sentry-style processing errors (both bounded). */
export class Report {
  readonly trimmed: string[] = [];
  readonly errors: EventError[] = [];
  private droppedNotes = 0;

  trim(note: string): void {
    if (this.trimmed.length < MAX_NOTES) this.trimmed.push(note);
    else this.droppedNotes++;
  }

  error(type: string, name?: string, value?: unknown): void {
    if (this.errors.length >= MAX_NOTES) return;
    const entry: EventError = { type };
    if (name !== undefined) entry.name = name;
    if (value !== undefined) entry.value = typeof value === 'string' ? truncate(value, 200) : value;
    this.errors.push(entry);
  }

  /** Trim a string field, noting it when it was too long. */
  str(value: string, max: number, path: string): string {
    if (value.length <= max) return value;
    this.trim(`${path}: truncated from ${value.length} to ${max} chars`);
    return truncate(value, max);
  }

  finish(): void {
    if (this.droppedNotes > 0) this.trimmed.push(`... and ${this.droppedNotes} more trimming notes`);
  }
}

/**
 * Reads an optional string field: non-strings are dropped with an `invalid_data` error, long
 * strings truncated. Returns undefined when absent or invalid.
 */
export function stringField(
  obj: JsonRecord,
  key: string,
  max: number,
  report: Report,
  pathOrFn: string | (() => string) = key,
): string | undefined {
  const v = obj[key];
  if (typeof v === 'string' && v.length <= max) return v;
  const path = typeof pathOrFn === 'string' ? pathOrFn : pathOrFn();
  if (v === undefined || v === null) {
    if (v === null) delete obj[key];
    return undefined;
  }
  let s: string | undefined;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  if (s === undefined) {
    delete obj[key];
    report.error('invalid_data', path, typeof v);
    return undefined;
  }
  s = report.str(s, max, path);
  obj[key] = s;
  return s;
}

/** `{values: [...]}` or a bare list → the list (or undefined). */
export function valuesOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.values)) return value.values;
  return undefined;
}
