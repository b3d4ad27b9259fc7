/**
 * Server-side fingerprint rules: `matcher:value … -> fp1, fp2 title="…"`. A rule matches when,
 * for each kind of data it looks at (exceptions, frames, message, tags, …), at least one entry
 * satisfies all of that kind's matchers. Project rules are tried first, then built-in ones.
 */
import { asNonEmptyString, asString, getPath } from '../../normalize/interfaces/index.js';
import { behaviorFamily, functionNameForFrame } from '../functions.js';
import { compileGlob } from '../glob.js';
import type { EventModel } from '../model.js';
import type { FingerprintRuleConfig } from '../types.js';
import { tagPairs } from './variables.js';

type Values = Record<string, string | boolean | undefined>;
type MatchType = 'toplevel' | 'log_info' | 'exceptions' | 'tags' | 'sdk' | 'family' | 'release' | 'frames';

const KEYS: Record<string, string> = {
  'error.type': 'type',
  'error.value': 'value',
  'stack.module': 'module',
  'stack.abs_path': 'path',
  'stack.package': 'package',
  'stack.function': 'function',
  message: 'message',
  logger: 'logger',
  level: 'level',
  type: 'type',
  value: 'value',
  module: 'module',
  path: 'path',
  package: 'package',
  function: 'function',
  family: 'family',
  app: 'app',
  sdk: 'sdk',
  release: 'release',
};

export interface FingerprintMatcher {
  key: string;
  pattern: string;
  negated: boolean;
  matchType: MatchType;
  test: (values: Values) => boolean;
}

export interface FingerprintRule {
  matchers: FingerprintMatcher[];
  fingerprint: string[];
  attributes: { title?: string };
  isBuiltin: boolean;
  text: string;
}

function matchTypeFor(key: string): MatchType {
  if (key === 'message') return 'toplevel';
  if (key === 'logger' || key === 'level') return 'log_info';
  if (key === 'type' || key === 'value') return 'exceptions';
  if (key.startsWith('tags.')) return 'tags';
  if (key === 'sdk' || key === 'family' || key === 'release') return key;
  return 'frames';
}

function pathTest(pattern: string): (v: unknown) => boolean {
  const re = compileGlob(pattern, { doubleStar: true, caseInsensitive: true });
  return (v) => {
    if (typeof v !== 'string') return false;
    const norm = v.replaceAll('\\', '/');
    return re.test(norm) || (!norm.startsWith('/') && re.test(`/${norm}`));
  };
}

export function createFingerprintMatcher(rawKey: string, pattern: string): FingerprintMatcher {
  const negated = rawKey.startsWith('!');
  const name = negated ? rawKey.slice(1) : rawKey;
  const key = name.startsWith('tags.') ? name : KEYS[name];
  if (key === undefined || (!name.startsWith('tags.') && !Object.hasOwn(KEYS, name))) {
    throw new Error(`unknown matcher '${name}'`);
  }
  let positive: (values: Values) => boolean;
  if (key === 'path') {
    const t = pathTest(pattern);
    positive = (v) => t(v.abs_path) || t(v.filename);
  } else if (key === 'message') {
    const re = compileGlob(pattern, { caseInsensitive: true });
    positive = (v) => [v.message, v.value].some((x) => typeof x === 'string' && re.test(x));
  } else if (key === 'package' || key === 'release') {
    const t = pathTest(pattern);
    positive = (v) => t(v[key]);
  } else if (key === 'family' || key === 'sdk') {
    const flags = new Set(pattern.split(','));
    positive = (v) => typeof v[key] === 'string' && (flags.has('all') || flags.has(v[key] as string));
  } else if (key === 'app') {
    const p = pattern.toLowerCase();
    const ref =
      p === '1' || p === 'yes' || p === 'true' ? true : p === '0' || p === 'no' || p === 'false' ? false : null;
    positive = (v) => v.app !== undefined && v.app === ref;
  } else {
    const re = compileGlob(pattern, { caseInsensitive: key === 'level' || key === 'value' });
    positive = (v) => typeof v[key] === 'string' && re.test(v[key] as string);
  }
  return {
    key,
    pattern,
    negated,
    matchType: matchTypeFor(key),
    test: (values) => positive(values) !== negated,
  };
}

export function ruleFromConfig(config: FingerprintRuleConfig, isBuiltin = false): FingerprintRule {
  const matchers = config.matchers.map(([k, p]) => createFingerprintMatcher(k, p));
  const text = `${config.matchers.map(([k, p]) => `${k}:"${p}"`).join(' ')} -> "${config.fingerprint.join('')}"`;
  return { matchers, fingerprint: [...config.fingerprint], attributes: { ...config.attributes }, isBuiltin, text };
}

/** Collects per-kind match values from the event once per grouping run. */
export class EventDatastore {
  private cache = new Map<MatchType, Values[]>();
  constructor(private readonly model: EventModel) {}

  get(type: MatchType): Values[] {
    let v = this.cache.get(type);
    if (v === undefined) {
      v = this.compute(type);
      this.cache.set(type, v);
    }
    return v;
  }

  private compute(type: MatchType): Values[] {
    const { event, exceptions, platform } = this.model;
    switch (type) {
      case 'toplevel': {
        const msg = asNonEmptyString(getPath(event, 'logentry', 'formatted'));
        return [...(msg ? [{ message: msg.trim() }] : []), ...this.get('exceptions')];
      }
      case 'log_info': {
        const info: Values = {};
        const logger = asNonEmptyString(event.logger);
        const level = asNonEmptyString(event.level);
        if (logger) info.logger = logger;
        if (level) info.level = level;
        return Object.keys(info).length > 0 ? [info] : [];
      }
      case 'exceptions':
        return (exceptions ?? []).map((e) => ({ type: e.type, value: e.value ? e.value.trim() : undefined }));
      case 'tags': {
        const values: Values = {};
        for (const [k, val] of tagPairs(event.tags)) values[`tags.${k}`] = val.trim() || undefined;
        return [values];
      }
      case 'sdk':
        return [{ sdk: sdkTag(asString(getPath(event, 'sdk', 'name'))) }];
      case 'family':
        return [{ family: behaviorFamily(platform) }];
      case 'release':
        return [{ release: asString(event.release)?.trim() || undefined }];
      case 'frames':
        return this.model.allStacktraces.flatMap(({ stacktrace }) =>
          stacktrace.frames.map((f) => ({
            function: functionNameForFrame(f.function, f.rawFunction, f.platform ?? platform) || '<unknown>',
            abs_path: f.absPath || f.filename,
            filename: f.filename,
            module: f.module,
            package: f.package,
            app: f.inApp,
          })),
        );
    }
  }
}

/** Sentry's normalized SDK tag: `sentry.javascript.react` → `sentry.javascript.react`, unknown → `other`. */
function sdkTag(name: string | undefined): string {
  if (!name) return 'other';
  return name.startsWith('sentry.') ? name : 'other';
}

/** A rule's matchers grouped by the kind of data they look at (computed once per rule). */
const matchersByType = new WeakMap<FingerprintRule, Map<MatchType, FingerprintMatcher[]>>();

function groupedMatchers(rule: FingerprintRule): Map<MatchType, FingerprintMatcher[]> {
  let byType = matchersByType.get(rule);
  if (byType === undefined) {
    byType = new Map();
    for (const m of rule.matchers) {
      const list = byType.get(m.matchType);
      if (list) list.push(m);
      else byType.set(m.matchType, [m]);
    }
    matchersByType.set(rule, byType);
  }
  return byType;
}

export function ruleMatches(rule: FingerprintRule, data: EventDatastore): boolean {
  for (const [type, matchers] of groupedMatchers(rule)) {
    if (!data.get(type).some((values) => matchers.every((m) => m.test(values)))) return false;
  }
  return true;
}
