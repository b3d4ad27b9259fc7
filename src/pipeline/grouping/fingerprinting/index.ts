/**
 * Fingerprint resolution: the client's `fingerprint`, overridden by the first matching project
 * rule, else the first matching built-in rule (`javascript@2024-02-02`: ChunkLoadError, React
 * hydration errors). Rule text syntax: `matcher:value … -> value, value [title="…"]`.
 */
import type { EventModel } from '../model.js';
import type { FingerprintRuleConfig } from '../types.js';
import { EventDatastore, type FingerprintRule, ruleFromConfig, ruleMatches } from './rules.js';

export type { FingerprintRule } from './rules.js';
export * from './variables.js';

const BUILTIN_RULES_TEXT = `
family:javascript error.type:"ChunkLoadError" -> chunkloaderror
family:javascript error.value:"ChunkLoadError*" -> chunkloaderror
family:javascript tags.transaction:"*" message:"Hydration failed because the initial UI does not match what was rendered on the server." -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:"*" message:"The server could not finish this Suspense boundary, likely due to an error during server rendering. Switched to client rendering." -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:"*" message:"There was an error while hydrating this Suspense boundary. Switched to client rendering." -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:"*" message:"There was an error while hydrating. Because the error happened outside of a Suspense boundary, the entire root will switch to client rendering." -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:"*" message:"Text content does not match server-rendered HTML." -> hydrationerror, {{tags.transaction}}
`;

/** Tokens separated by whitespace or commas; double-quoted runs keep spaces (`\"` escapes). */
function tokenize(text: string, splitOnComma: boolean): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let had = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '\\' && i + 1 < text.length) cur += text[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      had = true;
    } else if (c === ' ' || c === '\t' || (splitOnComma && c === ',')) {
      if (cur || had) out.push(cur);
      cur = '';
      had = false;
    } else {
      cur += c;
      had = true;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (cur || had) out.push(cur);
  return out;
}

/** Parse rules in Sentry's text syntax (one per line, `#` comments). */
export function parseFingerprintRules(text: string, isBuiltin = false): FingerprintRule[] {
  const rules: FingerprintRule[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const arrow = line.indexOf('->');
    if (arrow < 0) throw new Error(`fingerprint rule without '->': ${line}`);
    const matchers: [string, string][] = tokenize(line.slice(0, arrow), false).map((tok) => {
      const sep = tok.indexOf(':');
      if (sep <= 0) throw new Error(`invalid matcher '${tok}'`);
      return [tok.slice(0, sep), tok.slice(sep + 1)];
    });
    const fingerprint: string[] = [];
    const attributes: { title?: string } = {};
    for (const tok of tokenize(line.slice(arrow + 2), true)) {
      const attr = /^(\w+)=(.*)$/s.exec(tok);
      if (attr && attr[1] === 'title') attributes.title = attr[2];
      else fingerprint.push(tok);
    }
    if (matchers.length === 0 || fingerprint.length === 0) throw new Error(`incomplete fingerprint rule: ${line}`);
    rules.push({ ...ruleFromConfig({ matchers, fingerprint, attributes }, isBuiltin), text: line });
  }
  return rules;
}

let builtin: FingerprintRule[] | undefined;
export function builtinFingerprintRules(): FingerprintRule[] {
  builtin ??= parseFingerprintRules(BUILTIN_RULES_TEXT, true);
  return builtin;
}

const projectCache = new Map<string, FingerprintRule[]>();

/** Project rules; invalid rules (validated at save time with `parseFingerprintRules`) are skipped. */
export function projectFingerprintRules(rules: string | FingerprintRuleConfig[] | undefined): FingerprintRule[] {
  if (rules === undefined) return [];
  if (typeof rules === 'string') {
    let parsed = projectCache.get(rules);
    if (!parsed) {
      try {
        parsed = parseFingerprintRules(rules);
      } catch {
        parsed = [];
      }
      if (projectCache.size > 1000) projectCache.clear();
      projectCache.set(rules, parsed);
    }
    return parsed;
  }
  const out: FingerprintRule[] = [];
  for (const r of rules) {
    try {
      out.push(ruleFromConfig(r));
    } catch {
      // skip invalid rule
    }
  }
  return out;
}

export interface FingerprintResolution {
  /** Fingerprint to use (unresolved variables), or the default one. */
  fingerprint: string[];
  matchedRule: FingerprintRule | undefined;
  clientFingerprint: string[] | undefined;
}

export function resolveEventFingerprint(model: EventModel, projectRules: FingerprintRule[]): FingerprintResolution {
  const raw = model.event.fingerprint;
  const client = Array.isArray(raw) && raw.every((x) => typeof x === 'string') && raw.length > 0 ? raw : undefined;
  const data = new EventDatastore(model);
  for (const rules of [projectRules, builtinFingerprintRules()]) {
    for (const rule of rules) {
      if (ruleMatches(rule, data))
        return { fingerprint: rule.fingerprint, matchedRule: rule, clientFingerprint: client };
    }
  }
  return { fingerprint: client ?? ['{{ default }}'], matchedRule: undefined, clientFingerprint: client };
}
