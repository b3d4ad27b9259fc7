/** Serialized form of a grouping component tree node (stored with every event). */
export interface GroupingComponentJson {
  id: string;
  contributes: boolean;
  hint: string | null;
  values: (GroupingComponentJson | string)[];
}

export type VariantType =
  | 'component'
  | 'salted_component'
  | 'custom_fingerprint'
  | 'built_in_fingerprint'
  | 'fallback'
  | 'checksum'
  | 'hashed_checksum';

/** One way of hashing the event. Sentry stores all variants; the non-null hashes group. */
export interface Variant {
  /** `app`, `system`, `default`, `custom_fingerprint`, `built_in_fingerprint`, `fallback`, … */
  name: string;
  type: VariantType;
  hash: string | null;
  /** Values fed into the hash, in order (for salted: the fingerprint with `{{ default }}` expanded). */
  contributingValues: string[];
  /** Component tree for component/salted variants. */
  component?: GroupingComponentJson;
  /** Resolved fingerprint for fingerprint/salted variants. */
  fingerprint?: string[];
  /** Human-readable description of the matched server rule, if any. */
  matchedRule?: string;
}

/** A server-side fingerprint rule in JSON form (as stored in project settings). */
export interface FingerprintRuleConfig {
  matchers: [string, string][];
  fingerprint: string[];
  attributes?: { title?: string };
}

export interface ProjectGroupingConfig {
  /** Project stack-trace rules (Sentry enhancement syntax), applied after the built-in base. */
  enhancements?: string;
  /** Project server fingerprint rules, either in Sentry's text syntax or as JSON objects. */
  fingerprintingRules?: string | FingerprintRuleConfig[];
}

export interface GroupingResult {
  config: string;
  variants: Variant[];
  /** Non-null hashes; non-system variants first, `system` last. */
  hashes: string[];
  primaryHash: string;
  /** Title override from a matched fingerprint rule (`title="…"` attribute), if any. */
  titleOverride?: string;
  /** Exception (by mechanism exception_id) that titles the event, when exception groups chose one. */
  mainExceptionId?: number;
}
