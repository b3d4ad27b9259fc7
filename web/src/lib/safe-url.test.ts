import { describe, expect, it } from 'vitest';
import { displayValue, formatCount, timeAgo } from './format.js';
import { safeHttpUrl } from './safe-url.js';

describe('safeHttpUrl', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(42)).toBeNull();
  });
});

describe('format', () => {
  it('abbreviates counts and ages', () => {
    expect(formatCount('1234')).toBe('1.2k');
    expect(formatCount(999)).toBe('999');
    expect(formatCount('garbage')).toBe('0');
    expect(timeAgo(new Date(1_000_000 - 5 * 60_000).toISOString(), 1_000_000)).toBe('5 minutes ago');
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
    expect(displayValue('x'.repeat(3000)).length).toBe(2001);
  });
});
