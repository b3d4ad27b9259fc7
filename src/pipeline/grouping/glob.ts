/**
 * Glob matching with the semantics Sentry's rule languages use (Relay's `is_glob_match`):
 * `?` one char, `*` any run, `[...]`/`[!...]` classes, `{a,b}` alternation, `\x` escapes.
 * In path mode (`doubleStar`) `*` and `?` stop at `/` and `**` crosses separators.
 * Patterns compile once to an anchored RegExp and are cached.
 */

export interface GlobOptions {
  doubleStar?: boolean;
  caseInsensitive?: boolean;
}

const cache = new Map<string, RegExp>();
const REGEX_META = /[.*+?^${}()|[\]\\/]/g;

export function compileGlob(pattern: string, options: GlobOptions = {}): RegExp {
  const key = `${options.doubleStar ? 'd' : '-'}${options.caseInsensitive ? 'i' : '-'}${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    re = new RegExp(`^${translate(pattern, options.doubleStar === true)}$`, options.caseInsensitive ? 'si' : 's');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function globMatch(value: string, pattern: string, options: GlobOptions = {}): boolean {
  return compileGlob(pattern, options).test(value);
}

function escapeChar(c: string): string {
  return c.replace(REGEX_META, '\\$&');
}

function translate(pat: string, doubleStar: boolean): string {
  let out = '';
  let depth = 0;
  const n = pat.length;
  let i = 0;
  while (i < n) {
    const c = pat[i] as string;
    i++;
    if (c === '\\' && i < n) {
      out += escapeChar(pat[i] as string);
      i++;
    } else if (c === '*') {
      if (pat[i] === '*') {
        while (pat[i] === '*') i++;
        out += '.*';
      } else {
        out += doubleStar ? '[^/]*' : '.*';
      }
    } else if (c === '?') {
      out += doubleStar ? '[^/]' : '.';
    } else if (c === '[') {
      const end = findClassEnd(pat, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pat.slice(i, end);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      out += `[${negate ? '^' : ''}${body.replace(/[\\\][^]/g, (m) => `\\${m}`)}]`;
      i = end + 1;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeChar(c);
    }
  }
  while (depth-- > 0) out += ')';
  return out;
}

/** Index of the `]` closing a class whose body starts at `start` (a leading `]` is literal). */
function findClassEnd(pat: string, start: number): number {
  let j = start;
  if (pat[j] === '!' || pat[j] === '^') j++;
  if (pat[j] === ']') j++;
  while (j < pat.length && pat[j] !== ']') j++;
  return j < pat.length ? j : -1;
}
