/** Small formatting helpers for counts, times and byte sizes. */

export function toNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
}

/** 1234 → "1.2k", 2500000 → "2.5m" (Sentry's abbreviations). */
export function formatCount(v: unknown): string {
  const n = toNumber(v);
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${trim(n / 1000)}k`;
  if (n < 1_000_000_000) return `${trim(n / 1_000_000)}m`;
  return `${trim(n / 1_000_000_000)}b`;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '');
}

export function parseDate(v: unknown): Date | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = new Date(typeof v === 'number' && v < 1e12 ? v * 1000 : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "5 minutes ago", "in 2 hours"; `now` for tests. */
export function timeAgo(v: unknown, now: number = Date.now()): string {
  const d = parseDate(v);
  if (!d) return '—';
  const diff = Math.round((now - d.getTime()) / 1000);
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
    [Number.POSITIVE_INFINITY, 'year'],
  ];
  let value = abs;
  for (const [size, name] of units) {
    if (value < size) {
      if (name === 'second' && value < 10) return diff >= 0 ? 'just now' : 'in a moment';
      const n = Math.floor(value);
      const label = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `${label} ago` : `in ${label}`;
    }
    value /= size;
  }
  return '—';
}

/** Compact "5m", "3h", "2d" for dense table cells. */
export function shortAgo(v: unknown, now: number = Date.now()): string {
  const d = parseDate(v);
  if (!d) return '—';
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}min`;
  if (s < 86400) return `${Math.floor(s / 3600)}hr`;
  if (s < 86400 * 365) return `${Math.floor(s / 86400)}d`;
  return `${Math.floor(s / (86400 * 365))}yr`;
}

export function formatDateTime(v: unknown): string {
  const d = parseDate(v);
  if (!d) return '—';
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatBytes(v: unknown): string {
  const n = toNumber(v);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Any value from event data as a bounded display string. */
export function displayValue(v: unknown, max = 2000): string {
  let s: string;
  if (v === null) s = 'null';
  else if (v === undefined) s = '';
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') s = String(v);
  else {
    try {
      s = JSON.stringify(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
