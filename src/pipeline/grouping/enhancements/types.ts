import type { BehaviorFamily } from '../functions.js';

/**
 * The flat per-frame values rules match against (Sentry's "match frame"). All string fields are
 * lowercased once (rule globs are case-insensitive), paths also with `\` → `/`.
 */
export interface MatchFrame {
  path: string | undefined;
  package: string | undefined;
  function: string;
  module: string | undefined;
  family: BehaviorFamily;
  inApp: boolean | undefined;
  category: string | undefined;
}

/** Exception the stack trace belongs to (for `error.type` / `error.value` / `error.mechanism`). */
export interface ExceptionData {
  type: string | undefined;
  value: string | undefined;
  mechanism: string | undefined;
}

export type MatcherKey =
  | 'path'
  | 'package'
  | 'function'
  | 'module'
  | 'category'
  | 'family'
  | 'app'
  | 'type'
  | 'value'
  | 'mechanism';

export interface FrameMatcher {
  key: MatcherKey;
  pattern: string;
  negated: boolean;
  /** Where the matcher looks: the frame itself, its caller (idx-1) or its callee (idx+1). */
  position: 'self' | 'caller' | 'callee';
  test: (frame: MatchFrame | undefined, exc: ExceptionData) => boolean;
}

export type Range = 'up' | 'down' | null;

export type RuleAction =
  | { kind: 'flag'; key: 'app' | 'group'; flag: boolean; range: Range }
  | { kind: 'var'; name: 'category'; value: string }
  | { kind: 'var'; name: 'max-frames' | 'min-frames'; value: number }
  | { kind: 'var'; name: 'invert-stacktrace'; value: boolean };

export interface EnhancementRule {
  text: string;
  matchers: FrameMatcher[];
  actions: RuleAction[];
  /** Families a frame must have for the rule to match it (from a plain `family:` matcher). */
  families: ReadonlySet<BehaviorFamily> | null;
  /** `error.*` matchers (checked once per stack trace) and frame matchers (own frame first). */
  exceptionMatchers: FrameMatcher[];
  frameMatchers: FrameMatcher[];
}

export interface EnhancementConfig {
  id: string;
  /** Rules that set in_app and category (applied once, before grouping). */
  classifiers: EnhancementRule[];
  /** Rules that set +group/-group and stack-trace limits (applied per variant). */
  contributes: EnhancementRule[];
}
