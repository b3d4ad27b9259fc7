/**
 * Helpers for Sentry's issue search syntax (`is:unresolved level:error release:1.0 !tag:v "free text"`):
 * tokenizing, finding the token under the caret for suggestions, and replacing it.
 */

export interface Token {
  text: string;
  start: number;
  end: number;
  negated: boolean;
  key: string | null;
  value: string;
}

/** Splits on spaces outside double quotes. Bounded: queries are capped at 2,000 characters. */
export function tokenize(query: string): Token[] {
  const q = query.slice(0, 2000);
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    while (i < q.length && q[i] === ' ') i++;
    if (i >= q.length) break;
    const start = i;
    let inQuote = false;
    while (i < q.length && (inQuote || q[i] !== ' ')) {
      if (q[i] === '"') inQuote = !inQuote;
      i++;
    }
    tokens.push(describe(q.slice(start, i), start, i));
  }
  return tokens;
}

function describe(text: string, start: number, end: number): Token {
  const negated = text.startsWith('!');
  const body = negated ? text.slice(1) : text;
  const m = /^([A-Za-z_][\w.\-:]*?):(.*)$/.exec(body);
  if (m && !body.startsWith('"')) {
    return { text, start, end, negated, key: m[1] ?? null, value: unquote(m[2] ?? '') };
  }
  return { text, start, end, negated, key: null, value: unquote(body) };
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v.replace(/^"/, '');
}

/** The token the caret is in (or right after), or an empty token at the caret. */
export function tokenAt(query: string, caret: number): Token {
  for (const t of tokenize(query)) {
    if (caret >= t.start && caret <= t.end) return t;
  }
  return { text: '', start: caret, end: caret, negated: false, key: null, value: '' };
}

/** Quotes a value when it holds spaces or quotes. */
export function quoteValue(v: string): string {
  return /[\s"]/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v;
}

/** Replaces `token` in `query` by `replacement`; returns the new query and caret. */
export function replaceToken(query: string, token: Token, replacement: string): { query: string; caret: number } {
  const before = query.slice(0, token.start);
  let after = query.slice(token.end);
  const addSpace = !replacement.endsWith(':');
  if (addSpace && !after.startsWith(' ')) after = ` ${after}`;
  const next = before + replacement + after;
  const caret = before.length + replacement.length + (addSpace ? 1 : 0);
  return { query: next.replace(/\s+$/, addSpace ? ' ' : ''), caret };
}

/** The value of the first `key:` filter in the query (e.g. `is` → "unresolved"). */
export function filterValue(query: string, key: string): string | undefined {
  return tokenize(query).find((t) => t.key === key && !t.negated)?.value;
}

/** Adds or replaces `key:value` in the query. */
export function setFilter(query: string, key: string, value: string | null): string {
  const kept = tokenize(query)
    .filter((t) => t.key !== key)
    .map((t) => t.text);
  if (value) kept.unshift(`${key}:${quoteValue(value)}`);
  return kept.join(' ');
}

export const BUILTIN_KEYS: { key: string; description: string; values?: string[] }[] = [
  {
    key: 'is',
    description: 'status or assignment',
    values: ['unresolved', 'resolved', 'ignored', 'archived', 'assigned', 'unassigned', 'for_review', 'bookmarked'],
  },
  { key: 'level', description: 'event level', values: ['fatal', 'error', 'warning', 'info', 'debug'] },
  { key: 'assigned', description: 'assignee', values: ['me', 'none'] },
  { key: 'release', description: 'release version' },
  { key: 'environment', description: 'environment' },
  { key: 'firstSeen', description: 'first seen, e.g. -24h', values: ['-1h', '-24h', '-7d', '-14d', '-30d'] },
  { key: 'lastSeen', description: 'last seen, e.g. -24h', values: ['-1h', '-24h', '-7d', '-14d', '-30d'] },
  { key: 'times_seen', description: 'event count, e.g. >10', values: ['>10', '>100', '>1000'] },
  { key: 'error.type', description: 'exception type' },
  { key: 'error.handled', description: 'handled', values: ['true', 'false'] },
  { key: 'user.email', description: 'user email' },
  { key: 'url', description: 'request URL' },
];
