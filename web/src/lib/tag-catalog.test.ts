import { describe, expect, it } from 'vitest';
import { mergeTagLists } from './tag-catalog.js';

describe('mergeTagLists', () => {
  it('merges keys and orders values by total count', () => {
    const c = mergeTagLists([
      [
        {
          key: 'environment',
          topValues: [
            { value: 'prod', count: 5 },
            { value: 'staging', count: 1 },
          ],
        },
      ],
      [
        { key: 'environment', topValues: [{ value: 'staging', count: 9 }] },
        { key: 'browser', topValues: [] },
      ],
    ]);
    expect(c.keys).toEqual(['browser', 'environment']);
    expect(c.values.environment).toEqual(['staging', 'prod']);
  });

  it('ignores malformed input', () => {
    expect(mergeTagLists([null, 'x', [null, { key: 5 }, { key: 'a', topValues: 'no' }]])).toEqual({
      keys: ['a'],
      values: { a: [] },
    });
  });
});
