/**
 * Usage stats from ingest outcomes (hourly counts per project, key, category, outcome, reason):
 *  - project stats (Sentry's legacy `GET /projects/:org/:project/stats/`): `[[ts, count], …]` for
 *    `stat=received|rejected|blacklisted|generated`, `since`/`until` (epoch seconds), `resolution=1h|1d`;
 *  - `GET /organizations/:org/stats_v2/` (Sentry's usage stats): `{start, end, intervals, groups:
 *    [{by, totals, series}]}` with `field=sum(quantity)|sum(times_seen)`, `groupBy=outcome|category|
 *    reason|project`, `category`, `outcome`, `reason`, `project`, `statsPeriod` or `start`/`end`,
 *    `interval=1h|1d`.
 */
import { AppError } from '../../shared/errors.js';
import type { Db } from '../../storage/index.js';
import { listOutcomes, type OutcomeCount } from '../../storage/outcomes.repository.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The longest range served (Sentry keeps 90 days of usage stats). */
const MAX_RANGE = 90 * DAY;
const ERROR_CATEGORIES = new Set(['error', 'default', 'security']);

function parseEpoch(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,12}(\.\d+)?$/.test(raw)) throw new AppError('bad_request', `Invalid ${name}`);
  return Math.floor(Number(raw) * 1000);
}

function resolutionMs(raw: unknown): number {
  if (raw === undefined || raw === '' || raw === '1h' || raw === '10s' || raw === '1m') return HOUR;
  if (raw === '1d') return DAY;
  throw new AppError('bad_request', 'Invalid resolution (use 1h or 1d)');
}

function matchesStat(stat: string, o: OutcomeCount): boolean {
  if (!ERROR_CATEGORIES.has(o.category)) return false;
  switch (stat) {
    case 'received':
      return o.outcome !== 'client_discard';
    case 'rejected':
      return o.outcome === 'rate_limited';
    case 'blacklisted':
      return o.outcome === 'filtered';
    case 'generated':
      return o.outcome === 'accepted';
    default:
      return false;
  }
}

const STATS = new Set(['received', 'rejected', 'blacklisted', 'generated']);

export async function projectStats(db: Db, projectId: number, q: Record<string, unknown>, now = new Date()) {
  const stat = typeof q.stat === 'string' && q.stat !== '' ? q.stat : 'received';
  if (!STATS.has(stat)) throw new AppError('bad_request', `Invalid stat: ${stat}`);
  const res = resolutionMs(q.resolution);
  const until = parseEpoch(q.until, 'until') ?? now.getTime();
  const since = parseEpoch(q.since, 'since') ?? until - DAY;
  if (since > until || until - since > MAX_RANGE) throw new AppError('bad_request', 'Invalid time range');
  const first = Math.floor(since / res) * res;
  const last = Math.floor(until / res) * res;
  const series: Array<[number, number]> = [];
  for (let t = first; t <= last; t += res) series.push([t / 1000, 0]);
  const rows = await listOutcomes(db, projectId, new Date(Math.floor(first / HOUR) * HOUR), new Date(last + res));
  for (const r of rows) {
    if (!matchesStat(stat, r)) continue;
    const idx = Math.floor((r.hour.getTime() - first) / res);
    if (idx >= 0 && idx < series.length) series[idx]![1] += r.quantity;
  }
  return series;
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return typeof v === 'string' && v !== '' ? [v] : [];
}

const PERIOD = /^(\d{1,4})([hdw])$/;
const FIELDS = new Set(['sum(quantity)', 'sum(times_seen)']);
const GROUP_BYS = new Set(['outcome', 'category', 'reason', 'project']);
const OUTCOME_ALIASES: Record<string, string> = { abuse: 'rate_limited', cardinality_limited: 'rate_limited' };

export async function organizationStatsV2(
  db: Db,
  projects: Array<{ id: number }>,
  q: Record<string, unknown>,
  now = new Date(),
) {
  const fields = list(q.field);
  if (fields.length === 0)
    throw new AppError('bad_request', 'At least one "field" is required (sum(quantity) or sum(times_seen))');
  for (const f of fields) if (!FIELDS.has(f)) throw new AppError('bad_request', `Invalid field: ${f}`);
  const groupBy = list(q.groupBy);
  for (const g of groupBy) if (!GROUP_BYS.has(g)) throw new AppError('bad_request', `Invalid groupBy: ${g}`);
  const interval = resolutionMs(q.interval ?? '1d');

  let start: number;
  let end: number;
  if (typeof q.start === 'string' && typeof q.end === 'string') {
    start = Date.parse(q.start);
    end = Date.parse(q.end);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new AppError('bad_request', 'Invalid start/end');
  } else {
    const m = PERIOD.exec(typeof q.statsPeriod === 'string' && q.statsPeriod !== '' ? q.statsPeriod : '14d');
    if (!m) throw new AppError('bad_request', 'Invalid statsPeriod');
    end = now.getTime();
    start = end - Number(m[1]) * { h: HOUR, d: DAY, w: 7 * DAY }[m[2] as 'h' | 'd' | 'w'];
  }
  if (start > end || end - start > MAX_RANGE) throw new AppError('bad_request', 'Invalid time range (at most 90 days)');
  const first = Math.floor(start / interval) * interval;
  const last = Math.floor(end / interval) * interval;
  const intervals: number[] = [];
  for (let t = first; t <= last; t += interval) intervals.push(t);

  const categories = new Set(list(q.category));
  const outcomes = new Set(list(q.outcome));
  const reasons = new Set(list(q.reason));
  const wanted = list(q.project);
  const projectIds =
    wanted.length === 0 || wanted.includes('-1')
      ? projects.map((p) => p.id)
      : projects.map((p) => p.id).filter((id) => wanted.includes(String(id)));
  if (wanted.length > 0 && !wanted.includes('-1') && projectIds.length !== new Set(wanted).size) {
    throw new AppError('forbidden', 'You do not have permission to perform this action.');
  }

  const rows = (
    await Promise.all(projectIds.map((id) => listOutcomes(db, id, new Date(first), new Date(last + interval))))
  ).flat();
  const groups = new Map<string, { by: Record<string, string | number>; totals: number[]; series: number[][] }>();
  for (const r of rows) {
    const outcome = r.outcome;
    if (categories.size > 0 && !categories.has(r.category)) continue;
    if (outcomes.size > 0 && ![...outcomes].some((o) => (OUTCOME_ALIASES[o] ?? o) === outcome)) continue;
    if (reasons.size > 0 && !reasons.has(r.reason)) continue;
    const idx = Math.floor((r.hour.getTime() - first) / interval);
    if (idx < 0 || idx >= intervals.length) continue;
    const by: Record<string, string | number> = {};
    for (const g of groupBy) {
      by[g] = g === 'project' ? r.projectId : g === 'outcome' ? outcome : g === 'category' ? r.category : r.reason;
    }
    const key = JSON.stringify(by);
    let group = groups.get(key);
    if (!group) {
      group = { by, totals: fields.map(() => 0), series: fields.map(() => intervals.map(() => 0)) };
      groups.set(key, group);
    }
    fields.forEach((_, i) => {
      // Outcomes are pre-aggregated counts: one "time seen" per counted item, as for quantity.
      group.totals[i]! += r.quantity;
      group.series[i]![idx]! += r.quantity;
    });
  }
  const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
  return {
    start: iso(first),
    end: iso(last + interval),
    intervals: intervals.map(iso),
    groups: [...groups.values()].map((g) => ({
      by: g.by,
      totals: Object.fromEntries(fields.map((f, i) => [f, g.totals[i]])),
      series: Object.fromEntries(fields.map((f, i) => [f, g.series[i]])),
    })),
  };
}
