/** The issue stream's state lives in the URL (Sentry's parameter names). */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_QUERY = 'is:unresolved';

export const SORTS = [
  { value: 'date', label: 'Last seen' },
  { value: 'new', label: 'First seen' },
  { value: 'freq', label: 'Events' },
  { value: 'user', label: 'Users' },
] as const;

export const PERIODS = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '14d', label: 'Last 14 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
] as const;

export interface StreamParams {
  query: string;
  sort: string;
  statsPeriod: string;
  environment: string;
  project: string;
  cursor: string;
  /** Issues per page (1-100, default 25). */
  limit: number;
}

export function useStreamParams(): [StreamParams, (patch: Partial<Omit<StreamParams, 'limit'>>) => void] {
  const [sp, setSp] = useSearchParams();
  const params: StreamParams = {
    query: sp.has('query') ? (sp.get('query') ?? '') : DEFAULT_QUERY,
    sort: sp.get('sort') ?? 'date',
    statsPeriod: sp.get('statsPeriod') ?? '14d',
    environment: sp.get('environment') ?? '',
    project: sp.get('project') ?? '',
    cursor: sp.get('cursor') ?? '',
    limit: Math.min(100, Math.max(1, Number(sp.get('limit')) || 25)),
  };
  const update = useCallback(
    (patch: Partial<Omit<StreamParams, 'limit'>>) => {
      setSp((prev) => {
        const next = new URLSearchParams(prev);
        // Any change other than paging starts from the first page.
        if (!('cursor' in patch)) next.delete('cursor');
        for (const [k, v] of Object.entries(patch)) {
          if (
            v === undefined ||
            v === '' ||
            (k === 'sort' && v === 'date') ||
            (k === 'query' && v === DEFAULT_QUERY) ||
            (k === 'statsPeriod' && v === '14d')
          )
            next.delete(k);
          else next.set(k, v);
        }
        if (patch.query === '') next.set('query', '');
        return next;
      });
    },
    [setSp],
  );
  return [params, update];
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `14d` → the ISO start of that range, rounded down to the minute (stable query keys). */
export function periodStart(period: string, now: number = Date.now()): string | undefined {
  const m = /^(\d{1,4})([mhdw])$/.exec(period);
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? 'd'] ?? 0);
  return new Date(Math.floor((now - ms) / 60_000) * 60_000).toISOString();
}
