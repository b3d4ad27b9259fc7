/** Narrowing helpers for stored event JSON (attacker-controlled: never trust a shape). */
export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Arrays in Sentry events are often `{values: [...]}` wrappers. */
export function values(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  const o = obj(v);
  return o ? arr(o.values) : [];
}

/** A value that is a string, number or boolean, as a string; else undefined. */
export function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A timestamp (ISO string or epoch seconds) as ISO 8601, or null. */
export function isoTimestamp(v: unknown): string | null {
  let d: Date | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v * 1000);
  else if (typeof v === 'string' && v.length <= 64) {
    d = /^\d+(\.\d+)?$/.test(v) ? new Date(Number(v) * 1000) : new Date(v);
  }
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/** Key/value pairs from `[[k, v], …]` or `{k: v}` (Sentry's API returns pairs). */
export function pairs(v: unknown, max = 500): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (Array.isArray(v)) {
    for (const p of v) {
      if (out.length >= max) break;
      if (Array.isArray(p) && p.length >= 2 && typeof p[0] === 'string') out.push([p[0], p[1]]);
    }
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (out.length >= max) break;
      out.push([k, val]);
    }
  }
  return out;
}
