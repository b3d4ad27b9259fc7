import { describe, expect, it } from 'vitest';
import { jsonTooDeep } from './json-depth.js';

const b = (s: string) => Buffer.from(s, 'utf8');
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('jsonTooDeep', () => {
  it('measures object and array nesting', () => {
    expect(jsonTooDeep(b(nested(10)), 0, undefined, 10)).toBe(false);
    expect(jsonTooDeep(b(nested(11)), 0, undefined, 10)).toBe(true);
    expect(jsonTooDeep(b(`{"a":${nested(10_000)}}`))).toBe(true);
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    const brackets = '['.repeat(50);
    expect(jsonTooDeep(b(JSON.stringify({ s: `${brackets}"${brackets}` })), 0, undefined, 5)).toBe(false);
    expect(jsonTooDeep(b(JSON.stringify({ s: `\\\\"${brackets}\\`, t: brackets })), 0, undefined, 5)).toBe(false);
    // An escaped quote does not end the string; a quote after an even run of backslashes does.
    const escapedThenDeep = `{"s":"a\\\\\\"${brackets}","t":${nested(6)}}`;
    expect(jsonTooDeep(b(escapedThenDeep), 0, undefined, 5)).toBe(true);
    expect(jsonTooDeep(b(`{"s":"a\\\\\\\\","t":${nested(6)}}`), 0, undefined, 5)).toBe(true);
  });

  it('stops at the end bound and on an unterminated string', () => {
    const doc = b(`{"a":"${'x'.repeat(300)}`);
    expect(jsonTooDeep(doc)).toBe(false);
    const two = b(`${nested(6)}${nested(200)}`);
    expect(jsonTooDeep(two, 0, 12, 5)).toBe(true);
    expect(jsonTooDeep(two, 0, 12, 6)).toBe(false);
  });
});
