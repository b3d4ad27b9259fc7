import { describe, expect, it } from 'vitest';
import { toCurl } from './curl.js';

describe('toCurl', () => {
  it('builds a shell-safe command', () => {
    const c = toCurl({
      method: 'post',
      url: 'https://ex.com/a',
      query: [['q', "it's"]],
      headers: [['X-A', "b'c"]],
      data: { k: 1 },
    });
    expect(c).toContain('-X POST');
    expect(c).toContain(`-H 'X-A: b'\\''c'`);
    expect(c).toContain(`--data '{"k":1}'`);
    expect(c).toContain(`'https://ex.com/a?q=it%27s'`);
  });
  it('ignores garbage', () => {
    expect(toCurl({ headers: 5, url: 3 })).toBe("curl \\\n  ''");
  });
});
