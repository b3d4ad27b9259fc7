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

// Like Sentry's (Rust) enhancer, every glob is case-insensitive; path-like fields additionally
// normalise `\` to `/` and keep `*` within one path segment.
function pathTest(pattern: string): (value: string | undefined) => boolean {
  const re = compileGlob(pattern.toLowerCase().replaceAll('\\', '/'), { doubleStar: true, caseInsensitive: true });
  return (value) => {
    if (value === undefined) return false;
    if (re.test(value)) return true;
    return !value.startsWith('/') && re.test(`/${value}`);
  };
}

function fieldTest(pattern: string): (value: string | undefined) => boolean {
  const re = compileGlob(pattern, { caseInsensitive: true });
  return (value) => value !== undefined && (value === pattern || re.test(value));
}

/** Build the positive test for one matcher; negation and position are applied by the caller. */
function positiveTest(key: MatcherKey, pattern: string): (f: MatchFrame, e: ExceptionData) => boolean {
  switch (key) {
    case 'path': {
      const t = pathTest(pattern);
      return (f) => t(f.path);
    }
    case 'package': {
      const t = pathTest(pattern);
      return (f) => t(f.package);
    }
    case 'function': {
      const t = fieldTest(pattern);
      return (f) => t(f.function);
    }
    case 'module': {
      const t = fieldTest(pattern);
      return (f) => t(f.module);
    }
    case 'category': {
      const t = fieldTest(pattern);
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
