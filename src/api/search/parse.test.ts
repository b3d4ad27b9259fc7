import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { parseIssueQuery } from './filters.js';
import { parseSearch } from './parse.js';

const now = new Date('2026-11-22T12:00:00Z');

describe('parseSearch', () => {
  it('splits filters, negation, operators, quotes, lists and free text', () => {
    expect(
      parseSearch('is:unresolved !level:error times_seen:>=10 browser:"Chrome 120" level:[error, "fatal x"] foo bar'),
    ).toEqual([
      { type: 'filter', key: 'is', negated: false, operator: '=', values: ['unresolved'], quoted: false },
      { type: 'filter', key: 'level', negated: true, operator: '=', values: ['error'], quoted: false },
      { type: 'filter', key: 'times_seen', negated: false, operator: '>=', values: ['10'], quoted: false },
      { type: 'filter', key: 'browser', negated: false, operator: '=', values: ['Chrome 120'], quoted: true },
      { type: 'filter', key: 'level', negated: false, operator: '=', values: ['error', 'fatal x'], quoted: true },
      { type: 'text', text: 'foo bar' },
    ]);
  });

  it('keeps URLs and odd words as text; tags[…] keys may contain colons', () => {
    expect(parseSearch('http://example.com/a b:c:d')).toEqual([
      { type: 'text', text: 'http://example.com/a' },
      { type: 'filter', key: 'b', negated: false, operator: '=', values: ['c:d'], quoted: false },
    ]);
    expect(parseSearch('tags[sentry:release]:1.0')[0]).toMatchObject({ key: 'sentry:release', values: ['1.0'] });
    expect(parseSearch('"unterminated quote')).toEqual([{ type: 'text', text: 'unterminated quote' }]);
    expect(parseSearch('msg:"say \\"hi\\""')[0]).toMatchObject({ values: ['say "hi"'] });
    expect(parseSearch('')).toEqual([]);
  });

  it('rejects boolean operators, parentheses, too long or too many terms', () => {
    expect(() => parseSearch('a OR b')).toThrow(AppError);
    expect(() => parseSearch('a AND b')).toThrow(/not supported/);
    expect(() => parseSearch('( a )')).toThrow(AppError);
    expect(() => parseSearch('x'.repeat(2001))).toThrow(/too long/);
    expect(() => parseSearch(Array.from({ length: 60 }, (_, i) => `k${i}:v`).join(' '))).toThrow(/Too many/);
  });
});

describe('parseIssueQuery', () => {
  it('resolves keys to typed filters', () => {
    expect(parseIssueQuery('is:archived is:unassigned', { now })).toEqual([
      { kind: 'status', statuses: ['ignored'], negated: false },
      { kind: 'assigned', targets: [{ kind: 'none' }], negated: false },
    ]);
    expect(parseIssueQuery('firstSeen:-24h', { now })).toEqual([
      { kind: 'date', column: 'first_seen', op: '>=', at: new Date('2026-11-21T12:00:00Z') },
    ]);
    expect(parseIssueQuery('lastSeen:+7d', { now })[0]).toMatchObject({
      op: '<=',
      at: new Date('2026-11-15T12:00:00Z'),
    });
    expect(parseIssueQuery('firstSeen:2026-01-01', { now })[0]).toMatchObject({
      op: '=',
      at: new Date('2026-01-01T00:00:00Z'),
      until: new Date('2026-01-02T00:00:00Z'),
    });
    expect(parseIssueQuery('times_seen:>1k', { now })[0]).toEqual({
      kind: 'number',
      column: 'times_seen',
      op: '>',
      value: 1000,
    });
    expect(parseIssueQuery('!times_seen:>5', { now })[0]).toMatchObject({ op: '<=' });
    expect(parseIssueQuery('release:latest', { now })).toEqual([{ kind: 'latest_release', negated: false }]);
    expect(parseIssueQuery('release:"latest"', { now })[0]).toMatchObject({ kind: 'tag', values: ['latest'] });
    expect(parseIssueQuery('browser:Chrome*', { now })[0]).toMatchObject({ kind: 'tag', wildcard: true });
    expect(parseIssueQuery('browser:"Chrome*"', { now })[0]).toMatchObject({ kind: 'tag', wildcard: false });
    expect(parseIssueQuery('issue:WEB-1A', { now })[0]).toEqual({
      kind: 'short_id',
      slug: 'WEB',
      shortId: 42,
      negated: false,
    });
    expect(parseIssueQuery('user.email:a@b.c', { now })[0]).toMatchObject({
      kind: 'user',
      attribute: 'email',
      values: ['a@b.c'],
    });
  });

  it('400s for values that cannot mean anything', () => {
    for (const q of ['is:nonsense', 'firstSeen:yesterday', 'times_seen:many', 'issue:???', 'lastSeen:[1d,2d]']) {
      expect(() => parseIssueQuery(q, { now }), q).toThrow(AppError);
    }
  });
});
