/**
 * Tag keys and values for search suggestions and the environment picker. Faultline has no
 * organization-wide tag endpoint, so the catalog merges the tag distributions of the first few
 * issues in view (`/issues/:id/tags/`, at most 5 requests, cached for 5 minutes).
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './api.js';

export interface TagCatalog {
  keys: string[];
  values: Record<string, string[]>;
}

const EMPTY: TagCatalog = { keys: [], values: {} };

export function mergeTagLists(lists: unknown[]): TagCatalog {
  const counts = new Map<string, Map<string, number>>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const t of list.slice(0, 100)) {
      if (!t || typeof t !== 'object') continue;
      const key = (t as { key?: unknown }).key;
      if (typeof key !== 'string' || key.length > 200) continue;
      const m = counts.get(key) ?? new Map<string, number>();
      counts.set(key, m);
      const top = (t as { topValues?: unknown }).topValues;
      for (const v of Array.isArray(top) ? top.slice(0, 20) : []) {
        const value = v && typeof v === 'object' ? (v as { value?: unknown }).value : undefined;
        const count = v && typeof v === 'object' ? Number((v as { count?: unknown }).count) || 0 : 0;
        if (typeof value === 'string' && value.length <= 200) m.set(value, (m.get(value) ?? 0) + count);
      }
    }
  }
  const values: Record<string, string[]> = {};
  for (const [k, m] of counts) values[k] = [...m.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
  return { keys: [...counts.keys()].sort(), values };
}

export function useTagCatalog(issueIds: string[]): TagCatalog {
  const ids = issueIds.slice(0, 5);
  const q = useQuery({
    queryKey: ['tag-catalog', ids],
    queryFn: async () => {
      const settled = await Promise.allSettled(ids.map((id) => api.issueTags(id)));
      return mergeTagLists(settled.map((s) => (s.status === 'fulfilled' ? s.value : null)));
    },
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
    retry: false,
  });
  return q.data ?? EMPTY;
}
