import { describe, expect, it } from 'vitest';
import { type IssueStateBefore, nextIssueTransition } from './issue-state.js';
import { compareReleases } from './releases.js';

const now = new Date('2026-11-22T12:00:00Z');
const base: IssueStateBefore = {
  status: 'unresolved',
  substatus: 'ongoing',
  resolvedAt: null,
  resolvedInRelease: null,
  resolvedInNextRelease: false,
  ignoreUntil: null,
  ignoreCount: null,
  ignoreWindow: null,
  ignoreUserCount: null,
  ignoreUserWindow: null,
  ignoreBaselineTimesSeen: null,
  ignoreBaselineUserCount: null,
  timesSeen: 10,
  userCount: 2,
};
const facts = (releases: (string | null)[] = [null], receivedAt = now) => ({ releases, lastReceivedAt: receivedAt });

describe('compareReleases', () => {
  it('orders semver-like versions, with or without a package prefix', () => {
    expect(compareReleases('1.2.3', '1.2.10')).toBe(-1);
    expect(compareReleases('app@2.0.0', 'app@1.9.9')).toBe(1);
    expect(compareReleases('1.0.0', '1.0.0-rc.1')).toBe(1);
    expect(compareReleases('1.0.0-rc.2', '1.0.0-rc.10')).toBe(-1);
    expect(compareReleases('v1.2', '1.2.0')).toBe(0);
    expect(compareReleases('same', 'same')).toBe(0);
  });
  it('cannot order arbitrary strings or different packages', () => {
    expect(compareReleases('abc123', 'def456')).toBeNull();
    expect(compareReleases('a@1.0.0', 'b@2.0.0')).toBeNull();
  });
});

describe('nextIssueTransition', () => {
  it('leaves unresolved issues alone', () => {
    expect(nextIssueTransition(base, facts(), now)).toEqual({ kind: 'none' });
  });

  it('regresses a resolved issue on an event received after the resolution', () => {
    const resolved = {
      ...base,
      status: 'resolved' as const,
      substatus: null,
      resolvedAt: new Date(now.getTime() - 1000),
    };
    expect(nextIssueTransition(resolved, facts(['1.0.0']), now)).toEqual({ kind: 'regressed', release: '1.0.0' });
    // An event received before the resolution (a late one from the queue) does not.
    const late = facts([null], new Date(now.getTime() - 5000));
    expect(nextIssueTransition(resolved, late, now)).toEqual({ kind: 'none' });
  });

  it('resolved in release X: events from older releases do not regress, X or newer do', () => {
    const r = { ...base, status: 'resolved' as const, resolvedAt: now, resolvedInRelease: 'app@1.2.0' };
    expect(nextIssueTransition(r, facts(['app@1.1.9']), now).kind).toBe('none');
    expect(nextIssueTransition(r, facts([null]), now).kind).toBe('none');
    expect(nextIssueTransition(r, facts(['app@1.2.0']), now).kind).toBe('regressed');
    expect(nextIssueTransition(r, facts(['app@1.1.0', 'app@1.3.0']), now)).toEqual({
      kind: 'regressed',
      release: 'app@1.3.0',
    });
  });

  it('resolved in next release: the current release does not regress, a newer one does', () => {
    const r = {
      ...base,
      status: 'resolved' as const,
      resolvedAt: now,
      resolvedInRelease: '2.0.0',
      resolvedInNextRelease: true,
    };
    expect(nextIssueTransition(r, facts(['2.0.0']), now).kind).toBe('none');
    expect(nextIssueTransition(r, facts(['1.9.0']), now).kind).toBe('none');
    expect(nextIssueTransition(r, facts(['2.0.1']), now).kind).toBe('regressed');
    expect(nextIssueTransition(r, facts(['build-abc']), now).kind).toBe('regressed');
  });

  it('ignored until N more occurrences → escalating once reached', () => {
    const ig = {
      ...base,
      status: 'ignored' as const,
      substatus: 'archived_until_condition_met' as const,
      ignoreCount: 5,
      ignoreBaselineTimesSeen: 10,
    };
    expect(nextIssueTransition({ ...ig, timesSeen: 14 }, facts(), now).kind).toBe('none');
    expect(nextIssueTransition({ ...ig, timesSeen: 15 }, facts(), now)).toEqual({
      kind: 'unignored',
      substatus: 'escalating',
    });
  });

  it('ignored until N occurrences within a window uses the window count', () => {
    const ig = {
      ...base,
      status: 'ignored' as const,
      substatus: 'archived_until_condition_met' as const,
      ignoreCount: 3,
      ignoreWindow: 60,
    };
    expect(nextIssueTransition(ig, { ...facts(), windowCount: 2 }, now).kind).toBe('none');
    expect(nextIssueTransition(ig, { ...facts(), windowCount: 3 }, now).kind).toBe('unignored');
  });

  it('ignored until N users → escalating; until a time → ongoing; forever stays', () => {
    const users = {
      ...base,
      status: 'ignored' as const,
      substatus: 'archived_until_condition_met' as const,
      ignoreUserCount: 2,
      ignoreBaselineUserCount: 1,
    };
    expect(nextIssueTransition({ ...users, userCount: 2 }, facts(), now).kind).toBe('none');
    expect(nextIssueTransition({ ...users, userCount: 3 }, facts(), now)).toEqual({
      kind: 'unignored',
      substatus: 'escalating',
    });
    const until = {
      ...base,
      status: 'ignored' as const,
      substatus: 'archived_until_condition_met' as const,
      ignoreUntil: new Date(now.getTime() + 1),
    };
    expect(nextIssueTransition(until, facts(), now).kind).toBe('none');
    expect(nextIssueTransition({ ...until, ignoreUntil: new Date(now.getTime() - 1) }, facts(), now)).toEqual({
      kind: 'unignored',
      substatus: 'ongoing',
    });
    const forever = { ...base, status: 'ignored' as const, substatus: 'archived_forever' as const, timesSeen: 1e6 };
    expect(nextIssueTransition(forever, facts(), now).kind).toBe('none');
  });

  it('archived until escalating: escalates when this hour is well above the recent peak', () => {
    const ig = { ...base, status: 'ignored' as const, substatus: 'archived_until_escalating' as const };
    expect(nextIssueTransition(ig, { ...facts(), currentHourCount: 12, previousPeakHourly: 10 }, now).kind).toBe(
      'none',
    );
    expect(nextIssueTransition(ig, { ...facts(), currentHourCount: 40, previousPeakHourly: 10 }, now).kind).toBe(
      'unignored',
    );
    expect(nextIssueTransition(ig, { ...facts(), currentHourCount: 5, previousPeakHourly: 0 }, now).kind).toBe('none');
  });
});
