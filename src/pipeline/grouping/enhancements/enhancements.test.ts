import { describe, expect, it } from 'vitest';
import { buildFrame } from '../model.js';
import { applyClassifiers, baseEnhancements, EnhancementParseError, parseEnhancements, parseRule } from './index.js';

const noExc = { type: undefined, value: undefined, mechanism: undefined };

describe('enhancement rule parser', () => {
  it('parses matchers, quoted values, ranges and variables', () => {
    const rule = parseRule('family:native function:"?[[]Sentry*" !app:yes ^-group v+app category=internals # note');
    expect(rule?.matchers.map((m) => [m.key, m.pattern, m.negated, m.position])).toEqual([
      ['family', 'native', false, 'self'],
      ['function', '?[[]Sentry*', false, 'self'],
      ['app', 'yes', true, 'self'],
    ]);
    expect(rule?.actions).toEqual([
      { kind: 'flag', key: 'group', flag: false, range: 'up' },
      { kind: 'flag', key: 'app', flag: true, range: 'down' },
      { kind: 'var', name: 'category', value: 'internals' },
    ]);
  });

  it('parses caller and callee matchers', () => {
    const rule = parseRule('[ category:ui ] | category:system | [ !category:system ] category=indirection');
    expect(rule?.matchers.map((m) => m.position)).toEqual(['caller', 'self', 'callee']);
    expect(rule?.matchers[2]?.negated).toBe(true);
  });

  it('splits rules into classifier and contributes sets, skipping comments and blanks', () => {
    const cfg = parseEnhancements('# comment\n\nstack.function:foo -app +group\nmodule:x.* max-frames=3\n');
    expect(cfg.classifiers).toHaveLength(1);
    expect(cfg.contributes).toHaveLength(2);
  });

  it('rejects unknown matchers and actions with a line number', () => {
    expect(() => parseEnhancements('ok:1 +app')).toThrow(EnhancementParseError);
    expect(() => parseEnhancements('function:foo\n')).toThrow(/line 1/);
    expect(() => parseEnhancements('\nfunction:foo +frobnicate')).toThrow(/line 2/);
  });

  it('parses the built-in base', () => {
    const base = baseEnhancements();
    expect(base.classifiers.length).toBeGreaterThan(250);
    expect(base.contributes.length).toBeGreaterThan(30);
  });

  it('marks node_modules / site-packages frames out of app and keeps others untouched', () => {
    const frames = [
      buildFrame({ abs_path: '/app/node_modules/lodash/index.js', function: 'map', in_app: true }),
      buildFrame({ abs_path: '/usr/lib/python3/site-packages/requests/api.py', function: 'get' }),
      buildFrame({ abs_path: '/app/src/index.js', function: 'main', in_app: true }),
      buildFrame({ module: 'core-js/modules/es.promise', function: 'x' }),
    ];
    applyClassifiers(baseEnhancements(), frames, 'javascript', noExc);
    expect(frames.map((f) => f.inApp)).toEqual([false, false, true, false]);
  });

  it('applies categories so later rules can build on them', () => {
    const frames = [
      buildFrame({ function: 'start', package: 'libdyld.dylib' }),
      buildFrame({ function: 'objc_release', package: 'libobjc.A.dylib' }),
    ];
    applyClassifiers(baseEnhancements(), frames, 'cocoa', noExc);
    expect(frames.map((f) => f.category)).toEqual(['threadbase', 'free']);
  });
});
