/**
 * Release ordering for "resolved in release" semantics. Sentry compares semver-like versions
 * (`package@1.2.3+build`) by semver and falls back to release dates; we have no release dates in
 * the pipeline, so versions that do not parse are only comparable when equal (null = unknown).
 */

interface ParsedVersion {
  nums: number[];
  pre: string[];
}

const VERSION = /^v?(\d{1,9}(?:\.\d{1,9}){0,3})(?:-([0-9A-Za-z.-]{1,64}))?(?:\+[0-9A-Za-z.-]{0,64})?$/;

function parseVersion(release: string): ParsedVersion | undefined {
  // `package@version`: the version is after the last `@` (scoped packages start with `@`).
  const at = release.lastIndexOf('@');
  const version = at > 0 ? release.slice(at + 1) : release;
  const m = VERSION.exec(version);
  if (!m) return undefined;
  const nums = m[1]!.split('.').map(Number);
  while (nums.length < 3) nums.push(0);
  return { nums, pre: m[2] ? m[2].split('.') : [] };
}

function packageOf(release: string): string {
  const at = release.lastIndexOf('@');
  return at > 0 ? release.slice(0, at) : '';
}

function comparePre(a: string[], b: string[]): number {
  // A version without pre-release is newer than one with (1.0.0 > 1.0.0-rc.1).
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d !== 0) return Math.sign(d);
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** -1 / 0 / 1 when `a` is older / the same / newer than `b`; null when they cannot be ordered. */
export function compareReleases(a: string, b: string): number | null {
  if (a === b) return 0;
  if (packageOf(a) !== packageOf(b)) return null;
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return comparePre(x.pre, y.pre);
}
