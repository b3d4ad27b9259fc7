/**
 * Public surface of Faultline's grouping. One versioned config today, `newstyle:2023-01-11`,
 * reproducing Sentry's default grouping hash for hash. See docs/grouping.md.
 */
import { canonicalizeInterfaces, isRecord, type JsonRecord } from '../normalize/interfaces/index.js';
import {
  applyClassifiers,
  type EnhancementConfig,
  enhancementsFor,
  exceptionData,
  resetMatchFrames,
} from './enhancements/index.js';
import { projectFingerprintRules, resolveEventFingerprint } from './fingerprinting/index.js';
import { expandTitleTemplate } from './fingerprinting/variables.js';
import { buildEventModel, type EventModel, type FrameModel } from './model.js';
import { CONFIG_ID, runStrategies } from './strategies/newstyle-2023-01-11/index.js';
import type { GroupingResult, ProjectGroupingConfig } from './types.js';
import { buildVariants, checksumVariants, orderedHashes } from './variants.js';

export { hashValues } from './component.js';
export { EnhancementParseError, parseEnhancements } from './enhancements/index.js';
export { parseFingerprintRules } from './fingerprinting/index.js';
export { JsonBytesWriter } from './json-writer.js';
export { normalizeMessageForGrouping, parameterize } from './parameterize.js';
export { deriveTitleAndCulprit, type TitleAndCulprit } from './title.js';
export type {
  FingerprintRuleConfig,
  GroupingComponentJson,
  GroupingResult,
  ProjectGroupingConfig,
  Variant,
  VariantType,
} from './types.js';
export { variantsJsonText, writeVariantsJson } from './variants.js';

export const CURRENT_GROUPING_CONFIG = CONFIG_ID;

/**
 * Apply in_app/category rules to every stack trace of the model, then default unset in_app to
 * false. With `writeBack`, the frames' JSON (`in_app`, `data.category`) is updated as well.
 * Returns whether any frame ended in another state than its JSON had (with `writeBack`).
 */
function enhanceModel(model: EventModel, config: EnhancementConfig, writeBack: boolean): boolean {
  let changed = false;
  for (const { stacktrace, exception } of model.allStacktraces) {
    applyClassifiers(config, stacktrace.frames, model.platform, exceptionData(exception));
    const frames = stacktrace.frames;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i] as FrameModel;
      frame.inApp ??= false;
      if (!writeBack) continue;
      const data = frame.raw.data;
      const rawCategory = isRecord(data) && typeof data.category === 'string' ? data.category : undefined;
      // Frames already in their final state keep their JSON as it is (writing would copy it
      // to the same content).
      if (frame.raw.in_app === frame.inApp && frame.category === rawCategory) continue;
      changed = true;
      // Canonical frames may be shared with the caller's input: copy before writing.
      const raw: JsonRecord = { ...frame.raw, in_app: frame.inApp };
      if (frame.category !== undefined) {
        raw.data = { ...(typeof data === 'object' && data !== null ? data : {}), category: frame.category };
      }
      if (stacktrace.rawFrames[i] === frame.raw) stacktrace.rawFrames[i] = raw;
      frame.raw = raw;
    }
  }
  return changed;
}

/**
 * Canonicalize the event and set `in_app` on all frames from the built-in rules (plus optional
 * project rules); frames no rule or SDK marked become `in_app: false`. Returns a new event.
 */
export function applyEnhancements(event: unknown, rules?: string): JsonRecord {
  const canonical = canonicalizeInterfaces(event);
  const model = buildEventModel(canonical);
  enhanceModel(model, enhancementsFor(rules), true);
  return canonical;
}

/** Compute all grouping variants and the event's group hashes. Never throws on odd input shapes. */
export function computeGrouping(event: unknown, projectConfig: ProjectGroupingConfig = {}): GroupingResult {
  const canonical = canonicalizeInterfaces(event);
  const checksum = checksumGrouping(canonical);
  if (checksum) return checksum;
  const model = buildEventModel(canonical);
  const enhancements = enhancementsFor(projectConfig.enhancements);
  enhanceModel(model, enhancements, false);
  return groupModel(model, enhancements, projectConfig);
}

/** The enhanced event and its grouping, from one canonicalization and one model. */
export interface EnhancedGrouping {
  /** Canonical event with `in_app` (and frame categories) set, as `applyEnhancements` returns it. */
  event: JsonRecord;
  grouping: GroupingResult;
}

/**
 * The pipeline's entry point: the same result as
 * `computeGrouping(applyEnhancements(event, config.enhancements), config)` (a test holds the two
 * together), without canonicalizing and modelling the event a second time. The classifier pass
 * that `computeGrouping` makes over the already-enhanced frames is kept (cheap: its outcome is
 * cached per stack), since project rules that test `app:` need not be idempotent.
 */
export function enhanceAndGroup(event: unknown, projectConfig: ProjectGroupingConfig = {}): EnhancedGrouping {
  const canonical = canonicalizeInterfaces(event);
  const model = buildEventModel(canonical);
  const enhancements = enhancementsFor(projectConfig.enhancements);
  const changed = enhanceModel(model, enhancements, true);
  const checksum = checksumGrouping(canonical);
  if (checksum) return { event: canonical, grouping: checksum };
  if (changed) {
    // As if rebuilt from the written-back JSON: match frames are re-read from the final frames.
    // (When no frame changed, that pass would start from the state the first one started
    // from, and end where it ended: skipped.)
    for (const { stacktrace } of model.allStacktraces) resetMatchFrames(stacktrace.frames);
    enhanceModel(model, enhancements, false);
  }
  return { event: canonical, grouping: groupModel(model, enhancements, projectConfig) };
}

function checksumGrouping(canonical: JsonRecord): GroupingResult | undefined {
  const checksum = canonical.checksum;
  if (typeof checksum !== 'string' || checksum === '') return undefined;
  const variants = checksumVariants(checksum);
  const hashes = orderedHashes(variants);
  return { config: CONFIG_ID, variants, hashes, primaryHash: hashes[0] as string };
}

function groupModel(
  model: EventModel,
  enhancements: EnhancementConfig,
  projectConfig: ProjectGroupingConfig,
): GroupingResult {
  const resolution = resolveEventFingerprint(model, projectFingerprintRules(projectConfig.fingerprintingRules));
  const { roots, mainExceptionId } = runStrategies(model, enhancements);
  const variants = buildVariants(roots, resolution, model);
  const hashes = orderedHashes(variants);
  const result: GroupingResult = { config: CONFIG_ID, variants, hashes, primaryHash: hashes[0] as string };
  const title = resolution.matchedRule?.attributes.title;
  if (title) result.titleOverride = expandTitleTemplate(title, model);
  if (mainExceptionId !== undefined) result.mainExceptionId = mainExceptionId;
  return result;
}
