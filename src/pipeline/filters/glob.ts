/**
 * Sentry-style glob patterns for inbound filters: case-insensitive, whole-string match; `*` any
 * run of characters (including `/` and newlines), `?` one character, `[abc]` / `[!abc]` / `[a-z]`
 * character classes, `\` escapes the next character. Compiled patterns are cached.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') {
      src += '[\\s\\S]*';
      while (pattern.charAt(i + 1) === '*') i++;
    } else if (c === '?') src += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) src += escapeChar(pattern.charAt(++i));
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) src += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        src += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else src += escapeChar(c);
  }
  const re = new RegExp(`^${src}$`, 'i');
  if (cache.size >= 1024) cache.clear();
  cache.set(pattern, re);
  return re;
}

function escapeChar(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function matchesAnyGlob(value: string, patterns: readonly string[]): boolean {
  for (const p of patterns) {
    const t = p.trim();
    if (t !== '' && globToRegExp(t).test(value)) return true;
  }
  return false;
}
