/**
 * Small type guards for walking untrusted event JSON. Every event field is attacker-controlled,
 * so nothing is assumed about shapes: callers narrow with these helpers before reading.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value if it is a non-empty string, else undefined. */
export function asNonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Finite numbers and numeric strings as a number, else undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

/** Read a nested path such as `getPath(event, 'exception', 'values')`; undefined on any mismatch. */
export function getPath(root: unknown, ...keys: (string | number)[]): unknown {
  let cur: unknown = root;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return undefined;
      const idx = key < 0 ? cur.length + key : key;
      cur = cur[idx];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = Object.hasOwn(cur, key) ? cur[key] : undefined;
    }
  }
  return cur;
}

/** String form of a scalar value the way Python's str()/force_bytes would print it. */
export function scalarToString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return undefined;
}
