/**
 * Parser for Sentry's stack-trace rule language ("grouping enhancements"):
 *
 *   [ caller-matcher ] | matcher matcher … | [ callee-matcher ]   action action …   # comment
 *
 * matcher: `[!]key:value` (value may be "quoted"); action: `[^|v][+|-](app|group)` or `name=value`.
 */
import type { BehaviorFamily } from '../functions.js';
import { createMatcher, resolveMatcherKey, ruleBool } from './matchers.js';
import type { EnhancementConfig, EnhancementRule, FrameMatcher, RuleAction } from './types.js';

export class EnhancementParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'EnhancementParseError';
  }
}

const FLAG_ACTION = /^([\^v]?)([+-])(app|group)$/;
const VAR_ACTION = /^([a-zA-Z_.-]+)=(.*)$/s;

/** Split a line into tokens on whitespace, keeping quoted runs together and stopping at `#`. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (inQuote) {
      cur += c;
      if (c === '\\' && i + 1 < line.length) cur += line[++i];
      else if (c === '"') inQuote = false;
    } else if (c === '"') {
      inQuote = true;
      cur += c;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      if (cur) tokens.push(cur);
      cur = '';
    } else if (c === '#' && cur === '') {
      break;
    } else {
      cur += c;
    }
  }
  if (inQuote) throw new Error('unterminated quote');
  if (cur) tokens.push(cur);
  return tokens;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/gs, (m, c: string) => {
      if (c === '\\' || c === '"') return c;
      if (c === 'n') return '\n';
      if (c === 't') return '\t';
      return m;
    });
  }
  return value;
}

function parseMatcher(token: string, position: FrameMatcher['position']): FrameMatcher {
  let t = token;
  const negated = t.startsWith('!');
  if (negated) t = t.slice(1);
  const sep = t.indexOf(':');
  if (sep <= 0) throw new Error(`invalid matcher '${token}'`);
  const name = unquote(t.slice(0, sep));
  const key = resolveMatcherKey(name);
  if (key === undefined) throw new Error(`unknown matcher '${name}'`);
  const value = unquote(t.slice(sep + 1));
  if (value === '') throw new Error(`empty value for matcher '${name}'`);
  return createMatcher(key, value, negated, position);
}

function parseAction(token: string): RuleAction | undefined {
  const flag = FLAG_ACTION.exec(token);
  if (flag) {
    const range = flag[1] === '^' ? 'up' : flag[1] === 'v' ? 'down' : null;
    return { kind: 'flag', key: flag[3] as 'app' | 'group', flag: flag[2] === '+', range };
  }
  const v = VAR_ACTION.exec(token);
  if (!v) return undefined;
  const name = v[1] as string;
  const raw = unquote(v[2] as string);
  if (name === 'category') return { kind: 'var', name, value: raw };
  if (name === 'max-frames' || name === 'min-frames') {
    const n = Number.parseInt(raw, 10);
    if (!Number.isFinite(n) || n < 0) throw new Error(`invalid value for ${name}`);
    return { kind: 'var', name, value: n };
  }
  if (name === 'invert-stacktrace') {
    const b = ruleBool(raw);
    if (b === undefined) throw new Error('invalid value for invert-stacktrace');
    return { kind: 'var', name, value: b };
  }
  throw new Error(`unknown variable '${name}'`);
}

/** Parse one rule line (without comment-only lines); returns null for blank lines. */
export function parseRule(line: string): EnhancementRule | null {
  const tokens = tokenize(line);
  if (tokens.length === 0) return null;
  const matchers: FrameMatcher[] = [];
  const actions: RuleAction[] = [];
  let i = 0;
  const bracketed = (position: FrameMatcher['position']): void => {
    // `[ matcher ]` possibly written as `[matcher]`
    let tok = (tokens[i] as string).slice(1);
    if (tok === '') tok = tokens[++i] ?? '';
    let closed = false;
    if (tok.endsWith(']')) {
      tok = tok.slice(0, -1);
      closed = true;
    }
    matchers.push(parseMatcher(tok, position));
    i++;
    if (!closed) {
      if (tokens[i] !== ']') throw new Error("expected ']'");
      i++;
    }
  };
  if (tokens[0]?.startsWith('[')) {
    bracketed('caller');
    if (tokens[i] !== '|') throw new Error("expected '|' after caller matcher");
    i++;
  }
  while (i < tokens.length) {
    const tok = tokens[i] as string;
    if (tok === '|') {
      i++;
      if (!tokens[i]?.startsWith('[')) throw new Error("expected '[' after '|'");
      bracketed('callee');
      continue;
    }
    const action = parseAction(tok);
    if (action) {
      actions.push(action);
    } else {
      if (actions.length > 0) throw new Error(`matcher '${tok}' after actions`);
      matchers.push(parseMatcher(tok, 'self'));
    }
    i++;
  }
  if (matchers.length === 0) throw new Error('rule has no matchers');
  if (actions.length === 0) throw new Error('rule has no actions');
  const isExc = (m: FrameMatcher) => m.key === 'type' || m.key === 'value' || m.key === 'mechanism';
  const frameMatchers = matchers.filter((m) => !isExc(m));
  frameMatchers.sort((a, b) => (a.position === 'self' ? 0 : 1) - (b.position === 'self' ? 0 : 1));
  return {
    text: line.trim(),
    matchers,
    actions,
    families: requiredFamilies(matchers),
    exceptionMatchers: matchers.filter(isExc),
    frameMatchers,
  };
}

/** Families named by a plain (non-negated, own-frame) `family:` matcher, or null if unrestricted. */
function requiredFamilies(matchers: FrameMatcher[]): ReadonlySet<BehaviorFamily> | null {
  let out: Set<BehaviorFamily> | null = null as Set<BehaviorFamily> | null;
  for (const m of matchers) {
    if (m.key !== 'family' || m.negated || m.position !== 'self') continue;
    const names = m.pattern.split(',');
    if (names.includes('all')) continue;
    const set = new Set<BehaviorFamily>();
    for (const n of names) if (n === 'native' || n === 'javascript' || n === 'other') set.add(n);
    const prev: Set<BehaviorFamily> | null = out;
    out = prev === null ? set : new Set([...prev].filter((f) => set.has(f)));
  }
  return out;
}

/** Parse a rule text into the two rule sets Sentry applies separately. */
export function parseEnhancements(text: string, id = 'custom'): EnhancementConfig {
  const classifiers: EnhancementRule[] = [];
  const contributes: EnhancementRule[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let rule: EnhancementRule | null;
    try {
      rule = parseRule(lines[n] as string);
    } catch (err) {
      throw new EnhancementParseError(err instanceof Error ? err.message : String(err), n + 1);
    }
    if (rule === null) continue;
    const cls = rule.actions.filter((a) => (a.kind === 'flag' ? a.key === 'app' : a.name === 'category'));
    const con = rule.actions.filter((a) => (a.kind === 'flag' ? a.key === 'group' : a.name !== 'category'));
    if (cls.length > 0) classifiers.push({ ...rule, actions: cls });
    if (con.length > 0) contributes.push({ ...rule, actions: con });
  }
  return { id, classifiers, contributes };
}

/** Concatenate configs: base rules first, project rules after (later rules win). */
export function mergeEnhancements(id: string, ...configs: EnhancementConfig[]): EnhancementConfig {
  return {
    id,
    classifiers: configs.flatMap((c) => c.classifiers),
    contributes: configs.flatMap((c) => c.contributes),
  };
}
