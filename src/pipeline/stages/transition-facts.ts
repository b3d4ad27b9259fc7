/**
 * Extra counts the status transitions need for archived issues with windows or escalation
 * (rare: one query per such issue and kind). Read after the batch's events and hourly counts
 * were written, so they include this batch.
 */
import type { Db } from '../../storage/index.js';
import { countGroupEventsSince, countGroupUsersSince, listGroupHourly } from '../../storage/issues.repository.js';
import { factsNeeded, type IssueBatchFacts, type IssueStateBefore } from './issue-state.js';

const HOUR = 3_600_000;

type FactsById = Map<
  number,
  Pick<IssueBatchFacts, 'windowCount' | 'windowUsers' | 'currentHourCount' | 'previousPeakHourly'>
>;

/** Extra counts only archived issues with windows or escalation need (rare: a query per kind). */
export async function loadTransitionFacts(
  db: Db,
  groups: readonly {
    id: number;
    status: IssueStateBefore['status'];
    substatus: IssueStateBefore['substatus'];
    ignore_window: number | null;
    ignore_user_window: number | null;
    ignore_count: number | null;
    ignore_user_count: number | null;
  }[],
  now: Date,
): Promise<FactsById> {
  const out: FactsById = new Map();
  for (const g of groups) {
    const need = factsNeeded({
      status: g.status,
      substatus: g.substatus,
      ignoreWindow: g.ignore_window,
      ignoreUserWindow: g.ignore_user_window,
      ignoreCount: g.ignore_count === null ? null : Number(g.ignore_count),
      ignoreUserCount: g.ignore_user_count === null ? null : Number(g.ignore_user_count),
    });
    const f: NonNullable<ReturnType<FactsById['get']>> = {};
    // Events of this batch are already inserted, so the counts include them.
    if (need.window) {
      const since = new Date(now.getTime() - g.ignore_window! * 60_000);
      f.windowCount = (await countGroupEventsSince(db, [g.id], since)).get(g.id) ?? 0;
    }
    if (need.userWindow) {
      const since = new Date(now.getTime() - g.ignore_user_window! * 60_000);
      f.windowUsers = (await countGroupUsersSince(db, [g.id], since)).get(g.id) ?? 0;
    }
    if (need.hourly) {
      const thisHour = Math.floor(now.getTime() / HOUR) * HOUR;
      const rows = await listGroupHourly(db, [g.id], new Date(thisHour - 7 * 24 * HOUR));
      f.currentHourCount = 0;
      f.previousPeakHourly = 0;
      for (const r of rows) {
        if (r.hour.getTime() >= thisHour) f.currentHourCount += r.count;
        else f.previousPeakHourly = Math.max(f.previousPeakHourly, r.count);
      }
    }
    if (need.window || need.userWindow || need.hourly) out.set(g.id, f);
  }
  return out;
}
