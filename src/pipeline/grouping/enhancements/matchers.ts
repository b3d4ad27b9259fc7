import { compileGlob } from '../glob.js';
import type { ExceptionData, FrameMatcher, MatcherKey, MatchFrame } from './types.js';

/** Matcher names accepted in rules (Discover-style names and short aliases). */
const MATCHER_KEYS: Record<string, MatcherKey> = {
  'stack.module': 'module',
  'stack.abs_path': 'path',
  'stack.package': 'package',
  'stack.function': 'function',
  'error.type': 'type',
  'error.value': 'value',
  'error.mechanism': 'mechanism',
  module: 'module',
  path: 'path',
  package: 'package',
  function: 'function',
  category: 'category',
  family: 'family',
  app: 'app',
};

export function resolveMatcherKey(name: string): MatcherKey | undefined {
  return Object.hasOwn(MATCHER_KEYS, name) ? MATCHER_KEYS[name] : undefined;
}

/** Sentry's truthy/falsy spellings for `app:` values. */
export function ruleBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === '1' || v === 'yes' || v === 'true') return true;
  if (v === '0' || v === 'no' || v === 'false') return false;
  return undefined;
}

const GLOB_META = /[*?[\]{}\\]/;

/** Longest literal run a glob requires (lowercased), for a cheap `includes` pre-check. */
function requiredLiteral(pattern: string): string {
  let best = '';
  for (const run of pattern.split(/\\.|\[[^\]]*\]|[*?{},]/)) if (run.length > best.length) best = run;
  return best;
}

/**
 * Test for a lowercased frame value. Like Sentry's (Rust) enhancer every glob is
 * case-insensitive; path-like fields normalise `\` to `/`, keep `*` inside one segment and also
 * try the value with a leading `/`.
 */
function valueTest(pattern: string, pathLike: boolean): (value: string | undefined) => boolean {
  let pat = pattern.toLowerCase();
  if (pathLike) pat = pat.replaceAll('\\', '/');
  if (!GLOB_META.test(pat)) {
    if (!pathLike) return (v) => v === pat;
    return (v) => v === pat || (v !== undefined && !v.startsWith('/') && `/${v}` === pat);
  }
  const re = compileGlob(pat, { doubleStar: pathLike });
  const lit = requiredLiteral(pat);
  return (v) => {
    if (v === undefined || (lit.length > 1 && !v.includes(lit))) return false;
    if (re.test(v)) return true;
    return pathLike && !v.startsWith('/') && re.test(`/${v}`);
  };
}

/** Build the positive test for one matcher; negation and position are applied by the caller. */
function positiveTest(key: MatcherKey, pattern: string): (f: MatchFrame, e: ExceptionData) => boolean {
  switch (key) {
    case 'path': {
      const t = valueTest(pattern, true);
      return (f) => t(f.path);
    }
    case 'package': {
      const t = valueTest(pattern, true);
      return (f) => t(f.package);
    }
    case 'function': {
      const t = valueTest(pattern, false);
      return (f) => t(f.function);
    }
    case 'module': {
      const t = valueTest(pattern, false);
      return (f) => t(f.module);
    }
    case 'category': {
      const t = valueTest(pattern, false);
      return (f) => t(f.category);
    }
    case 'family': {
      const flags = new Set(pattern.split(','));
      const all = flags.has('all');
      return (f) => all || flags.has(f.family);
    }
    case 'app': {
      const ref = ruleBool(pattern);
      return (f) => ref !== undefined && ref === (f.inApp === true);
    }
    case 'type':
    case 'value':
    case 'mechanism': {
      const re = compileGlob(pattern, { caseInsensitive: true });
      return (_f, e) => re.test(e[key] ?? '<unknown>');
    }
  }
}

export function createMatcher(
  key: MatcherKey,
  pattern: string,
  negated: boolean,
  position: FrameMatcher['position'],
): FrameMatcher {
  const positive = positiveTest(key, pattern);
  const isException = key === 'type' || key === 'value' || key === 'mechanism';
  return {
    key,
    pattern,
    negated,
    position,
    test: (frame, exc) => {
      if (frame === undefined && !isException) return false;
      const rv = positive(frame as MatchFrame, exc);
      return negated ? !rv : rv;
    },
  };
}
