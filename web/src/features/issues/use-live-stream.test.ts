import { describe, expect, it } from 'vitest';
import type { Page } from '../../lib/api.js';
import type { Issue, LiveIssueMessage } from '../../lib/api-types.js';
import { patchIssues } from './use-live-stream.js';

const issue = (id: string, count: number, lastSeen: string) =>
  ({ id, count: String(count), lastSeen, title: id }) as unknown as Issue;
const msg = (id: string, count: number, lastSeen: string, isNew = false): LiveIssueMessage => ({
  id,
  projectId: '1',
  count,
  lastSeen,
  isNew,
});

describe('patchIssues', () => {
  const page: Page<Issue> = {
    items: [issue('a', 5, '2026-01-01T00:02:00Z'), issue('b', 9, '2026-01-01T00:01:00Z')],
    links: {},
  };

  it('updates counts and re-sorts by last seen without a refetch', () => {
    const r = patchIssues(page, new Map([['b', msg('b', 10, '2026-01-01T00:03:00Z')]]), 'date');
    expect(r.needRefetch).toBe(false);
    expect(r.page.items.map((i) => [i.id, i.count])).toEqual([
      ['b', '10'],
      ['a', '5'],
    ]);
  });

  it('never lowers a count and re-sorts by events for sort=freq', () => {
    const r = patchIssues(page, new Map([['a', msg('a', 3, '2026-01-01T00:03:00Z')]]), 'freq');
    expect(r.page.items.map((i) => [i.id, i.count])).toEqual([
      ['b', '9'],
      ['a', '5'],
    ]);
  });

  it('asks for a refetch for new issues and issues not on the page', () => {
    expect(patchIssues(page, new Map([['a', msg('a', 6, '2026-01-01T00:03:00Z', true)]]), 'date').needRefetch).toBe(
      true,
    );
    expect(patchIssues(page, new Map([['z', msg('z', 1, '2026-01-01T00:03:00Z')]]), 'date').needRefetch).toBe(true);
  });
});
