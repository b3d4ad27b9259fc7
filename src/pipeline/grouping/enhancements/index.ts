import { BASE_RULES_ECOSYSTEMS } from './base-rules-ecosystems.js';
import { BASE_RULES_NATIVE } from './base-rules-native.js';
import { mergeEnhancements, parseEnhancements } from './parser.js';
import type { EnhancementConfig } from './types.js';

export {
  applyClassifiers,
  applyContributions,
  createMatchFrame,
  exceptionData,
  matchFramesFor,
  resetMatchFrames,
} from './apply.js';
export { EnhancementParseError, mergeEnhancements, parseEnhancements, parseRule } from './parser.js';
export type { EnhancementConfig, EnhancementRule, MatchFrame } from './types.js';

export const BASE_ENHANCEMENTS_ID = 'all-platforms:2023-01-11';

let base: EnhancementConfig | undefined;

/** The built-in base rules, parsed once. */
export function baseEnhancements(): EnhancementConfig {
  base ??= parseEnhancements(`${BASE_RULES_NATIVE}\n${BASE_RULES_ECOSYSTEMS}`, BASE_ENHANCEMENTS_ID);
  return base;
}

const projectCache = new Map<string, EnhancementConfig>();

/**
 * Base rules plus the project's own rules (cached per rule text). Rules are validated when a
 * project saves them (`parseEnhancements`); should invalid text still reach ingest, the base
 * rules are used alone rather than failing the event.
 */
export function enhancementsFor(projectRules: string | undefined): EnhancementConfig {
  if (!projectRules || projectRules.trim() === '') return baseEnhancements();
  let cfg = projectCache.get(projectRules);
  if (cfg === undefined) {
    let project: EnhancementConfig;
    try {
      project = parseEnhancements(projectRules);
    } catch {
      project = { id: 'invalid', classifiers: [], contributes: [] };
    }
    cfg = mergeEnhancements(`${BASE_ENHANCEMENTS_ID}+project`, baseEnhancements(), project);
    if (projectCache.size > 1000) projectCache.clear();
    projectCache.set(projectRules, cfg);
  }
  return cfg;
}
