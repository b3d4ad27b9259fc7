/**
 * Sentry's issue search syntax → a syntax tree. `key:value`, `!key:value`, `key:"quoted value"`,
 * `key:[a, "b c"]`, `key:>10` / `>=` / `<` / `<=`, `tags[sentry:release]:1.0`, and free text
 * (consecutive words form one phrase, as in Sentry). Space means AND; `OR`/`AND` and parentheses
 * are rejected with Sentry's message (our issue search, like Sentry's, does not support them).
 * Input is bounded: at most MAX_QUERY_LENGTH characters and MAX_TERMS terms.
 */
import { AppError } from '../../shared/errors.js';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export interface FilterNode {
  type: 'filter';
  key: string;
  negated: boolean;
  operator: Operator;
  /** One value, or several for `key:[a, b]` (OR of the values). */
  values: string[];
  /** The value was written in quotes (then `*` is literal, not a wildcard). */
  quoted: boolean;
}

export interface TextNode {
  type: 'text';
  text: string;
}

export type SearchNode = FilterNode | TextNode;

export const MAX_QUERY_LENGTH = 2000;
export const MAX_TERMS = 50;
const MAX_LIST_VALUES = 100;

const KEY = /^(?:[a-zA-Z0-9_.@-]+|tags\[[^\]\s]{1,200}\])$/;
const BOOLEAN_ERROR = 'Boolean statements containing "OR" or "AND" are not supported in this search';

export function parseSearch(input: string): SearchNode[] {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new AppError('bad_request', `Search query is too long (max ${MAX_QUERY_LENGTH} characters)`);
  }
  const nodes: SearchNode[] = [];
  const words: string[] = [];
  const flushText = () => {
    if (words.length > 0) nodes.push({ type: 'text', text: words.join(' ') });
    words.length = 0;
  };
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const q = readQuoted(input, i);
      i = q.end;
      if (q.value !== '') words.push(q.value);
      continue;
    }
    // A word up to the next space; a `key:` prefix (outside quotes) makes it a filter.
    const start = i;
    let colon = -1;
    while (i < n && !isSpace(input[i]!)) {
      if (input[i] === ':' && colon < 0) {
        colon = i;
        break;
      }
      if (input[i] === '[' && input.startsWith('tags[', start) && i === start + 4) {
        const close = input.indexOf(']', i);
        if (close > 0) {
          i = close + 1;
          continue;
        }
      }
      i++;
    }
    if (colon < 0) {
      const word = input.slice(start, i);
      if (word === 'OR' || word === 'AND') throw new AppError('bad_request', BOOLEAN_ERROR);
      if (word === '(' || word === ')')
        throw new AppError('bad_request', 'Parenthesis are not supported in this search');
      words.push(word);
      continue;
    }
    let rawKey = input.slice(start, colon);
    let negated = false;
    if (rawKey.startsWith('!')) {
      negated = true;
      rawKey = rawKey.slice(1);
    }
    if (!KEY.test(rawKey) || input.startsWith('//', colon + 1)) {
      // Not a filter (e.g. a URL `http://x`, or `a.b/c:d`): keep the word as free text.
      i = colon;
      while (i < n && !isSpace(input[i]!)) i++;
      words.push(input.slice(start, i));
      continue;
    }
    flushText();
    const key = rawKey.startsWith('tags[') ? rawKey.slice(5, -1) : rawKey;
    i = colon + 1;
    const value = readValue(input, i);
    i = value.end;
    nodes.push({ type: 'filter', key, negated, ...value.parsed });
    if (nodes.length > MAX_TERMS) throw new AppError('bad_request', `Too many search terms (max ${MAX_TERMS})`);
  }
  flushText();
  return nodes;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** A double-quoted string starting at `start`; `\"` escapes a quote. Unterminated: to the end. */
function readQuoted(input: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
      out += input[i + 1];
      i += 2;
      continue;
    }
    if (c === '"') return { value: out, end: i + 1 };
    out += c;
    i++;
  }
  return { value: out, end: i };
}

interface ParsedValue {
  operator: Operator;
  values: string[];
  quoted: boolean;
}

function readValue(input: string, start: number): { parsed: ParsedValue; end: number } {
  let i = start;
  let operator: Operator = '=';
  for (const op of ['>=', '<=', '!=', '>', '<', '='] as const) {
    if (input.startsWith(op, i)) {
      operator = op;
      i += op.length;
      break;
    }
  }
  if (input[i] === '"') {
    const q = readQuoted(input, i);
    return { parsed: { operator, values: [q.value], quoted: true }, end: q.end };
  }
  if (input[i] === '[' && operator === '=') {
    const list = readList(input, i);
    if (list) return { parsed: { operator, values: list.values, quoted: list.quoted }, end: list.end };
  }
  let end = i;
  while (end < input.length && !isSpace(input[end]!)) end++;
  return { parsed: { operator, values: [input.slice(i, end)], quoted: false }, end };
}

/** `[a, "b c", d]`; null when there is no closing bracket (then the value is literal). */
function readList(input: string, start: number): { values: string[]; quoted: boolean; end: number } | null {
  const values: string[] = [];
  let quoted = false;
  let i = start + 1;
  let current = '';
  while (i < input.length) {
    const c = input[i]!;
    if (c === '"') {
      const q = readQuoted(input, i);
      current += q.value;
      quoted = true;
      i = q.end;
      continue;
    }
    if (c === ',' || c === ']') {
      const v = current.trim();
      if (v !== '') values.push(v);
      if (values.length > MAX_LIST_VALUES) throw new AppError('bad_request', 'Too many values in a search list');
      current = '';
      i++;
      if (c === ']') return { values, quoted, end: i };
      continue;
    }
    current += c;
    i++;
  }
  return null;
}
