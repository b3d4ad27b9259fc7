import { describe, expect, it } from 'vitest';
import { canonicalizeInterfaces } from './index.js';

describe('canonicalizeInterfaces', () => {
  it('wraps a bare exception list and a single exception object', () => {
    expect(canonicalizeInterfaces({ exception: [{ type: 'A' }] }).exception).toEqual({ values: [{ type: 'A' }] });
    expect(canonicalizeInterfaces({ exception: { type: 'B', value: 'v' } }).exception).toEqual({
      values: [{ type: 'B', value: 'v' }],
    });
  });

  it('derives a missing exception type from "Type: value"', () => {
    const e = canonicalizeInterfaces({ exception: { values: [{ value: 'ValueError: nope' }] } });
    expect(e.exception).toEqual({ values: [{ type: 'ValueError', value: 'nope' }] });
  });

  it('turns a top-level message into logentry and formats params', () => {
    expect(canonicalizeInterfaces({ message: 'hi' }).logentry).toEqual({ formatted: 'hi' });
    expect(canonicalizeInterfaces({ message: { message: 'User %s', params: [7] } }).logentry).toEqual({
      message: 'User %s',
      params: [7],
      formatted: 'User 7',
    });
    const both = canonicalizeInterfaces({ logentry: { formatted: 'a' }, message: 'b' });
    expect(both.logentry).toEqual({ formatted: 'a' });
    expect(both.message).toBeUndefined();
  });

  it('maps legacy sentry.interfaces.* keys', () => {
    const e = canonicalizeInterfaces({
      'sentry.interfaces.Exception': { values: [{ type: 'X' }] },
      'sentry.interfaces.Message': { message: 'm' },
      'sentry.interfaces.Http': { url: 'https://x' },
      'sentry.interfaces.User': { id: '1' },
    });
    expect(e.exception).toEqual({ values: [{ type: 'X' }] });
    expect(e.logentry).toEqual({ formatted: 'm' });
    expect(e.request).toEqual({ url: 'https://x' });
    expect(e.user).toEqual({ id: '1' });
    expect(Object.keys(e).some((k) => k.startsWith('sentry.interfaces.'))).toBe(false);
  });

  it('normalizes stack traces, threads and frames defensively', () => {
    const e = canonicalizeInterfaces({
      stacktrace: [{ abs_path: 'https://x.io/a/b.js', function: 'f', in_app: 'yes' }, 'junk', null],
      threads: [{ id: 1, stacktrace: { frames: [{ function: 'main' }] } }],
    });
    expect(e.stacktrace).toEqual({ frames: [{ abs_path: 'https://x.io/a/b.js', filename: '/a/b.js', function: 'f' }] });
    expect(e.threads).toEqual({ values: [{ id: 1, stacktrace: { frames: [{ function: 'main' }] } }] });
  });

  it('defaults the platform and never mutates the input', () => {
    const input = { exception: [{ type: 'A' }], message: 'x' };
    const copy = structuredClone(input);
    const out = canonicalizeInterfaces(input);
    expect(out.platform).toBe('other');
    expect(input).toEqual(copy);
  });

  it('survives hostile shapes', () => {
    for (const bad of [null, 42, 'str', [], { exception: 5, threads: 'x', stacktrace: 7, csp: [], message: {} }]) {
      expect(() => canonicalizeInterfaces(bad)).not.toThrow();
    }
  });
});
