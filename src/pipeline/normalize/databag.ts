import { isRecord, type Report, truncate } from './util.js';

/**
 * Free-form data ("databags": extra, contexts, frame vars, breadcrumb data, request data) is
 * bounded by depth and by an estimate of its JSON size, as Relay's bag sizes do. Trimming happens
 * in place (the event belongs to the pipeline) and allocates nothing when the bag already fits.
 * Containers below the depth limit become the placeholders the JavaScript SDK uses for the same
 * purpose (`[Object]`, `[Array]`); strings are cut to what is left of the budget; once the budget
 * is spent, further keys and items are dropped.
 */
export type BagLimits = { readonly depth: number; readonly bytes: number };

export const BAG = {
  extra: { depth: 5, bytes: 64 * 1024 },
  context: { depth: 5, bytes: 8 * 1024 },
  frameVars: { depth: 5, bytes: 4 * 1024 },
  crumbData: { depth: 5, bytes: 4 * 1024 },
  requestData: { depth: 5, bytes: 16 * 1024 },
  requestEnv: { depth: 3, bytes: 2 * 1024 },
  userData: { depth: 5, bytes: 4 * 1024 },
  spanData: { depth: 5, bytes: 4 * 1024 },
  other: { depth: 5, bytes: 8 * 1024 },
} as const satisfies Record<string, BagLimits>;

type State = { remaining: number; depthCut: number; sizeCut: number; limits: BagLimits };

/**
 * Returns the bag trimmed to `limits` (the same object when it is a container; a new string when
 * a top-level string was cut). Notes what was trimmed under `path`.
 */
export function trimBag(value: unknown, limits: BagLimits, path: string, report: Report): unknown {
  const st: State = { remaining: limits.bytes, depthCut: 0, sizeCut: 0, limits };
  const out = walk(value, 0, st);
  if (st.depthCut > 0) report.trim(`${path}: ${st.depthCut} values nested deeper than ${limits.depth} replaced`);
  if (st.sizeCut > 0) report.trim(`${path}: trimmed to ~${limits.bytes} bytes (${st.sizeCut} values cut or dropped)`);
  return out;
}

function walk(v: unknown, depth: number, st: State): unknown {
  if (typeof v === 'string') {
    const cost = v.length + 2;
    if (cost <= st.remaining) {
      st.remaining -= cost;
      return v;
    }
    st.sizeCut++;
    const keep = Math.max(0, st.remaining - 2);
    st.remaining = 0;
    return truncate(v, keep);
  }
  if (v === null || typeof v !== 'object') {
    st.remaining -= 6;
    return v;
  }
  if (depth >= st.limits.depth) {
    st.depthCut++;
    st.remaining -= 8;
    return Array.isArray(v) ? '[Array]' : '[Object]';
  }
  st.remaining -= 2;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (st.remaining <= 0) {
        st.sizeCut += v.length - i;
        v.length = i;
        break;
      }
      st.remaining -= 1;
      const item: unknown = v[i];
      const next = walk(item, depth + 1, st);
      if (next !== item) v[i] = next;
    }
    return v;
  }
  const rec = v as Record<string, unknown>;
  for (const key in rec) {
    if (!Object.hasOwn(rec, key)) continue;
    if (st.remaining <= 0) {
      st.sizeCut++;
      delete rec[key];
      continue;
    }
    st.remaining -= key.length + 3;
    const item = rec[key];
    const next = walk(item, depth + 1, st);
    if (next !== item) setOwn(rec, key, next);
  }
  return v;
}

/** Assigns an own property even for the key `__proto__` (which JSON.parse creates as own data). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Trims a bag that must be an object; anything else is dropped (returns undefined). */
export function trimObjectBag(value: unknown, limits: BagLimits, path: string, report: Report) {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    report.error('invalid_data', path, 'expected an object');
    return undefined;
  }
  return trimBag(value, limits, path, report) as Record<string, unknown>;
}

/** Bounds every key of `obj` not in `known` as a small databag (unknown fields are kept, bounded). */
export function trimUnknownKeys(
  obj: Record<string, unknown>,
  known: ReadonlySet<string>,
  path: string,
  report: Report,
) {
  for (const key in obj) {
    if (!Object.hasOwn(obj, key) || known.has(key)) continue;
    const v = obj[key];
    if (v !== null && typeof v === 'object') trimBag(v, BAG.other, `${path}.${key}`, report);
    else if (typeof v === 'string' && v.length > BAG.other.bytes)
      setOwn(obj, key, trimBag(v, BAG.other, `${path}.${key}`, report));
  }
}
