/**
 * Issue stats series as Sentry returns them: `{"24h": [[ts, n] ×24 hourly]}`,
 * `{"14d": [[ts, n] ×14 daily]}`, `{"30d": …}`; ts = bucket start in epoch seconds, the last bucket
 * is the current hour/day. Built from the hourly rollup (`group_hourly`).
 */

import type { Db } from '../../storage/index.js';
import { listIssueHourlyCounts } from '../../storage/issue-search.repository.js';
import type { StatsSeries } from '../serializers/issue.js';

export type StatsPeriod = '24h' | '14d' | '30d';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `statsPeriod` / `groupStatsPeriod` → a period; '' → none. Unknown values are 400s upstream. */
export function parseStatsPeriod(
  raw: string | undefined,
  fallback: StatsPeriod | null,
): StatsPeriod | null | 'invalid' {
  if (raw === undefined) return fallback;
  if (raw === '') return null;
  if (raw === '24h' || raw === 'auto') return '24h';
  if (raw === '14d' || raw === '30d') return raw;
  return 'invalid';
}

function buckets(period: StatsPeriod, now: Date): { starts: number[]; size: number } {
  const size = period === '24h' ? HOUR : DAY;
  const count = period === '24h' ? 24 : period === '14d' ? 14 : 30;
  const last = Math.floor(now.getTime() / size) * size;
  const starts: number[] = [];
  for (let i = count - 1; i >= 0; i--) starts.push(last - i * size);
  return { starts, size };
}

/** Stats of several issues for several periods (one query over the longest period). */
export async function loadIssueStats(
  db: Db,
  groupIds: number[],
  periods: StatsPeriod[],
  now = new Date(),
): Promise<Map<number, Record<string, StatsSeries>>> {
  const out = new Map<number, Record<string, StatsSeries>>();
  if (groupIds.length === 0 || periods.length === 0) return out;
  const layouts = periods.map((p) => ({ period: p, ...buckets(p, now) }));
  const since = Math.min(...layouts.map((l) => l.starts[0]!));
  const rows = await listIssueHourlyCounts(db, groupIds, new Date(since));
  const perGroup = new Map<number, Array<{ t: number; n: number }>>();
  for (const r of rows) {
    let list = perGroup.get(r.group_id);
    if (!list) {
      list = [];
      perGroup.set(r.group_id, list);
    }
    list.push({ t: r.hour.getTime(), n: r.count });
  }
  for (const id of groupIds) {
    const counts = perGroup.get(id) ?? [];
    const stats: Record<string, StatsSeries> = {};
    for (const l of layouts) {
      const series: StatsSeries = l.starts.map((s) => [s / 1000, 0]);
      const first = l.starts[0]!;
      for (const c of counts) {
        if (c.t < first) continue;
        const idx = Math.floor((c.t - first) / l.size);
        if (idx >= 0 && idx < series.length) series[idx]![1] += c.n;
      }
      stats[l.period] = series;
    }
    out.set(id, stats);
  }
  return out;
}
