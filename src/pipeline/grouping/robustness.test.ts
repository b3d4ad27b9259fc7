/** computeGrouping / applyEnhancements / deriveTitleAndCulprit on hostile and mutated input. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyEnhancements, computeGrouping, deriveTitleAndCulprit } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cases = JSON.parse(
  readFileSync(path.resolve(repoRoot, '../shared/fixtures/sentry-grouping/cases.json'), 'utf8'),
) as { event: Record<string, unknown> }[];

const WEIRD: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  '',
  'x'.repeat(300),
  [],
  {},
  [null],
  { __proto__: { x: 1 } },
  [[['deep']]],
];

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(value: unknown, rand: () => number, depth = 0): unknown {
  if (rand() < 0.08) return WEIRD[Math.floor(rand() * WEIRD.length)];
  if (Array.isArray(value)) return value.map((v) => mutate(v, rand, depth + 1));
  if (value && typeof value === 'object' && depth < 12) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mutate(v, rand, depth + 1);
    return out;
  }
  return value;
}

function exercise(event: unknown): void {
  const g = computeGrouping(event, { enhancements: 'function:foo +app\nbogus rule', fingerprintingRules: 'nope' });
  expect(g.hashes.length).toBeGreaterThan(0);
  expect(g.primaryHash).toBe(g.hashes[0]);
  expect(JSON.stringify(g.variants)).toBeTypeOf('string');
  expect(typeof deriveTitleAndCulprit(applyEnhancements(event)).title).toBe('string');
}

describe('robustness', () => {
  it('handles hostile top-level shapes', () => {
    const hostile: unknown[] = [
      ...WEIRD,
      { exception: { values: [null, 1, 'x', { type: 5, value: { a: 1 }, stacktrace: { frames: 'x' } }] } },
      { exception: { values: [{ mechanism: { exception_id: 0, parent_id: 0, is_exception_group: true } }] } },
      { threads: { values: [{ crashed: 'yes', stacktrace: { frames: [{ function: 1, in_app: 'true' }] } }] } },
      { fingerprint: [1, null, '{{ tags.a }}'], tags: 'x' },
      { fingerprint: '{{ default }}', logentry: { message: 42, params: { a: 1 } } },
      { csp: { blocked_uri: 7 }, hpkp: [], expectct: { hostname: null } },
      { checksum: 12345, message: ['x'] },
      { stacktrace: { frames: [{ abs_path: 'http://x', context_line: 'y'.repeat(5000), data: 'x' }] } },
    ];
    for (const e of hostile) exercise(e);
  });

  it('handles randomly damaged versions of every conformance event', () => {
    const rand = rng(42);
    for (let round = 0; round < 3; round++) for (const c of cases) exercise(mutate(c.event, rand));
  });

  it('is deterministic and does not mutate its input', () => {
    for (const c of cases) {
      const copy = structuredClone(c.event);
      const a = computeGrouping(c.event);
      expect(c.event).toEqual(copy);
      expect(computeGrouping(copy).hashes).toEqual(a.hashes);
    }
  });
});
