import { describe, expect, it } from 'vitest';
import { filterValue, replaceToken, setFilter, tokenAt, tokenize } from './search-query.js';

describe('search query', () => {
  it('tokenizes keys, negation and quoted values', () => {
    const t = tokenize('is:unresolved !level:info message:"a b" free');
    expect(t.map((x) => [x.key, x.value, x.negated])).toEqual([
      ['is', 'unresolved', false],
      ['level', 'info', true],
      ['message', 'a b', false],
      [null, 'free', false],
    ]);
  });

  it('finds the token under the caret and replaces it', () => {
    const q = 'is:unresolved lev';
    const tok = tokenAt(q, q.length);
    expect(tok.text).toBe('lev');
    const r = replaceToken(q, tok, 'level:');
    expect(r.query).toBe('is:unresolved level:');
    expect(r.caret).toBe(r.query.length);
    const r2 = replaceToken(r.query, tokenAt(r.query, r.caret), 'level:error');
    expect(r2.query).toBe('is:unresolved level:error ');
  });

  it('reads and sets filters', () => {
    expect(filterValue('level:error is:resolved', 'is')).toBe('resolved');
    expect(setFilter('is:unresolved foo', 'is', 'resolved')).toBe('is:resolved foo');
    expect(setFilter('is:unresolved foo', 'is', null)).toBe('foo');
  });

  it('survives hostile input', () => {
    expect(tokenize('"'.repeat(5000)).length).toBeLessThan(3);
    expect(tokenize('a:'.repeat(3000)).length).toBe(1);
  });
});
