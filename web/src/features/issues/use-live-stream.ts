/**
 * Live updates for the open stream. Messages are coalesced: one cache patch per 500 ms however
 * many events arrive (a busy project can touch hundreds of issues a second). Counts and order are
 * patched in place; new issues, or issues not on this page, trigger one refetch.
 */
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Page } from '../../lib/api.js';
import type { Issue, LiveIssueMessage } from '../../lib/api-types.js';
import { useLiveIssues } from '../../lib/queries.js';

const FLUSH_MS = 500;

export function patchIssues(old: Page<Issue>, batch: Map<string, LiveIssueMessage>, sort: string) {
  const onPage = new Set(old.items.map((i) => i.id));
  let needRefetch = false;
  for (const m of batch.values()) if (m.isNew || !onPage.has(m.id)) needRefetch = true;
  const items = old.items.map((i) => {
    const u = batch.get(i.id);
    return u ? { ...i, count: String(Math.max(Number(i.count) || 0, u.count)), lastSeen: u.lastSeen } : i;
  });
  if (sort === 'date') items.sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
  if (sort === 'freq') items.sort((a, b) => (Number(b.count) || 0) - (Number(a.count) || 0));
  return { page: { ...old, items }, needRefetch };
}

/** Returns how many issue updates arrived while the stream was open. */
export function useLiveStream(org: string, queryKey: QueryKey, sort: string, firstPage: boolean): number {
  const qc = useQueryClient();
  const [count, setCount] = useState(0);
  const pending = useRef(new Map<string, LiveIssueMessage>());
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (flushTimer.current) clearTimeout(flushTimer.current);
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    },
    [],
  );

  useLiveIssues(org, (m) => {
    const prev = pending.current.get(m.id);
    pending.current.set(m.id, prev ? { ...m, isNew: prev.isNew || m.isNew, count: Math.max(prev.count, m.count) } : m);
    if (pending.current.size > 10_000) pending.current.clear();
    if (flushTimer.current) return;
    flushTimer.current = setTimeout(() => {
      flushTimer.current = null;
      const batch = pending.current;
      pending.current = new Map();
      setCount((c) => c + batch.size);
      let needRefetch = false;
      qc.setQueryData<Page<Issue>>(queryKey, (old) => {
        if (!old) return old;
        const r = patchIssues(old, batch, sort);
        needRefetch = r.needRefetch;
        return r.page;
      });
      if (!needRefetch || !firstPage || refetchTimer.current) return;
      refetchTimer.current = setTimeout(() => {
        refetchTimer.current = null;
        qc.invalidateQueries({ queryKey: ['issues', org] });
      }, FLUSH_MS);
    }, FLUSH_MS);
  });
  return count;
}
