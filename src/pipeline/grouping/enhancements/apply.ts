import type { GroupingComponent } from '../component.js';
import { behaviorFamily, functionNameForFrame } from '../functions.js';
import type { ExceptionModel, FrameModel } from '../model.js';
import type { EnhancementConfig, EnhancementRule, ExceptionData, MatchFrame, Range } from './types.js';

function lowerPath(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return lower.includes('\\') ? lower.replaceAll('\\', '/') : lower;
}

export function createMatchFrame(frame: FrameModel, eventPlatform: string): MatchFrame {
  const platform = frame.platform ?? eventPlatform;
  return {
    path: lowerPath(frame.absPath || frame.filename || undefined),
    package: lowerPath(frame.package),
    function: (functionNameForFrame(frame.function, frame.rawFunction, platform) || '<unknown>').toLowerCase(),
    module: frame.module?.toLowerCase(),
    family: behaviorFamily(platform),
    inApp: frame.inApp,
    category: frame.category?.toLowerCase(),
  };
}

/** Per-event memo slots, kept on the arrays themselves (cheaper for the GC than WeakMaps). */
type FramesWithMatch = FrameModel[] & { matchFrames?: MatchFrame[] };
type MatchFramesWithPlan = MatchFrame[] & { plan?: ContributionPlan; signature?: string };

/** Match frames of a stack trace, created once and kept in sync by the classifier pass. */
export function matchFramesFor(frames: FrameModel[], eventPlatform: string): MatchFrame[] {
  const holder = frames as FramesWithMatch;
  holder.matchFrames ??= frames.map((f) => createMatchFrame(f, eventPlatform));
  return holder.matchFrames;
}

/** Forget the memoized match frames (the frame models changed outside the classifier pass). */
export function resetMatchFrames(frames: FrameModel[]): void {
  (frames as FramesWithMatch).matchFrames = undefined;
}

function familiesPresent(frames: MatchFrame[]): Set<string> {
  const s = new Set<string>();
  for (const f of frames) s.add(f.family);
  return s;
}

function ruleMayApply(rule: EnhancementRule, present: Set<string>): boolean {
  if (rule.families === null) return true;
  for (const f of rule.families) if (present.has(f)) return true;
  return false;
}

export function exceptionData(exc: ExceptionModel | null): ExceptionData {
  return { type: exc?.type, value: exc?.value, mechanism: exc?.mechanism?.type };
}

const NONE: readonly number[] = [];

/** Indices of frames the rule matches, computed before any of its actions run. */
function matchingIndices(rule: EnhancementRule, frames: MatchFrame[], exc: ExceptionData): readonly number[] {
  for (const m of rule.exceptionMatchers) if (!m.test(undefined, exc)) return NONE;
  const matchers = rule.frameMatchers;
  let out: number[] | undefined;
  for (let idx = 0; idx < frames.length; idx++) {
    let ok = true;
    for (const m of matchers) {
      const target = m.position === 'self' ? frames[idx] : m.position === 'caller' ? frames[idx - 1] : frames[idx + 1];
      if (!m.test(target, exc)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (out === undefined) out = [idx];
    else out.push(idx);
  }
  return out ?? NONE;
}

function rangeBounds(range: Range, idx: number, len: number): [number, number] {
  if (range === 'up') return [idx + 1, len];
  if (range === 'down') return [0, idx];
  return [idx, idx + 1];
}

/**
 * Apply the classifier rules (in_app and category) to one stack trace, in rule order.
 * Mutates the frame models (and their raw JSON `in_app`) like Sentry does during normalization.
 */
export function applyClassifiers(
  config: EnhancementConfig,
  frames: FrameModel[],
  eventPlatform: string,
  exc: ExceptionData,
): MatchFrame[] {
  const matchFrames = matchFramesFor(frames, eventPlatform);
  // Same stack + same rules ⇒ same outcome: reuse it (repeated errors dominate ingest traffic).
  let perConfig = classifierCache.get(config);
  if (perConfig === undefined) {
    perConfig = new Map();
    classifierCache.set(config, perConfig);
  }
  const key = signature(config, matchFrames, exc);
  const cached = perConfig.get(key);
  if (cached !== undefined) {
    let same = true;
    for (let i = 0; i < frames.length; i++) {
      const [inApp, category] = cached[i] as CachedFrame;
      const mf = matchFrames[i] as MatchFrame;
      const lower = category?.toLowerCase();
      if (mf.inApp !== inApp || mf.category !== lower) same = false;
      (frames[i] as FrameModel).inApp = inApp;
      (frames[i] as FrameModel).category = category;
      mf.inApp = inApp;
      mf.category = lower;
    }
    // Nothing changed: the key still describes the match frames (the contribution plan reuses it).
    if (same) (matchFrames as MatchFramesWithPlan).signature = key;
    return matchFrames;
  }
  classify(config, frames, matchFrames, exc);
  if (perConfig.size >= CACHE_LIMIT) perConfig.clear();
  perConfig.set(
    key,
    frames.map((f) => [f.inApp, f.category]),
  );
  return matchFrames;
}

type CachedFrame = [boolean | undefined, string | undefined];
const CACHE_LIMIT = 5000;
const classifierCache = new WeakMap<EnhancementConfig, Map<string, CachedFrame[]>>();

/** Which exception fields a config's rules look at (`error.type` / `.value` / `.mechanism`). */
type ExceptionUse = Record<'type' | 'value' | 'mechanism', boolean>;
const exceptionUses = new WeakMap<EnhancementConfig, ExceptionUse>();

function exceptionUse(config: EnhancementConfig): ExceptionUse {
  let use = exceptionUses.get(config);
  if (use === undefined) {
    use = { type: false, value: false, mechanism: false };
    for (const rule of [...config.classifiers, ...config.contributes]) {
      for (const m of rule.matchers) {
        if (m.key === 'type' || m.key === 'value' || m.key === 'mechanism') use[m.key] = true;
      }
    }
    exceptionUses.set(config, use);
  }
  return use;
}

/**
 * Cache key of a stack trace for a config: every frame field rules match on, and the exception
 * fields only when some rule of the config looks at them (the base rules never do, so the same
 * stack with another exception message is a cache hit).
 */
function signature(config: EnhancementConfig, frames: MatchFrame[], exc: ExceptionData): string {
  const use = exceptionUse(config);
  let key = `${use.type ? (exc.type ?? '') : ''}\u0000${use.value ? (exc.value ?? '') : ''}\u0000${use.mechanism ? (exc.mechanism ?? '') : ''}`;
  for (const f of frames) {
    key += `\u0001${f.path ?? ''}\u0000${f.package ?? ''}\u0000${f.function}\u0000${f.module ?? ''}\u0000${f.family}\u0000${f.inApp === undefined ? '' : f.inApp ? '1' : '0'}\u0000${f.category ?? ''}`;
  }
  return key;
}

function classify(
  config: EnhancementConfig,
  frames: FrameModel[],
  matchFrames: MatchFrame[],
  exc: ExceptionData,
): void {
  const present = familiesPresent(matchFrames);
  for (const rule of config.classifiers) {
    if (!ruleMayApply(rule, present)) continue;
    const hits = matchingIndices(rule, matchFrames, exc);
    for (const idx of hits) {
      for (const action of rule.actions) {
        if (action.kind === 'flag') {
          const [from, to] = rangeBounds(action.range, idx, frames.length);
          for (let i = from; i < to; i++) {
            (frames[i] as FrameModel).inApp = action.flag;
            (matchFrames[i] as MatchFrame).inApp = action.flag;
          }
        } else if (action.name === 'category') {
          (frames[idx] as FrameModel).category = action.value;
          (matchFrames[idx] as MatchFrame).category = action.value.toLowerCase();
        }
      }
    }
  }
}

export interface AssembleResult {
  /** Stack-trace level override (min-frames), or undefined to derive from the frames. */
  contributes: boolean | undefined;
  hint: string | undefined;
}

interface ContributionPlan {
  /** Flag changes in application order: frames [from, to) get `flag`. */
  ops: { from: number; to: number; flag: boolean; hint: string }[];
  maxFrames: number;
  minFrames: number;
}

/** Which +group/-group changes apply depends only on the (final) match frames: plan once. */
function planContributions(config: EnhancementConfig, matchFrames: MatchFrame[], exc: ExceptionData): ContributionPlan {
  const plan: ContributionPlan = { ops: [], maxFrames: 0, minFrames: 0 };
  const present = familiesPresent(matchFrames);
  for (const rule of config.contributes) {
    if (!ruleMayApply(rule, present)) continue;
    for (const idx of matchingIndices(rule, matchFrames, exc)) {
      for (const action of rule.actions) {
        if (action.kind === 'flag') {
          const [from, to] = rangeBounds(action.range, idx, matchFrames.length);
          const hint = `${action.flag ? 'un-ignored' : 'ignored'} by stack trace rule (${rule.text})`;
          if (from < to) plan.ops.push({ from, to, flag: action.flag, hint });
        } else if (action.name === 'max-frames') plan.maxFrames = action.value;
        else if (action.name === 'min-frames') plan.minFrames = action.value;
      }
    }
  }
  return plan;
}

const planCache = new WeakMap<EnhancementConfig, Map<string, ContributionPlan>>();

/**
 * Apply +group/-group and frame limits to the frame components of one variant. Components are
 * updated in place; frames' in_app/category must already be final.
 */
export function applyContributions(
  config: EnhancementConfig,
  components: GroupingComponent[],
  matchFrames: MatchFrame[],
  exc: ExceptionData,
): AssembleResult {
  let plan = (matchFrames as MatchFramesWithPlan).plan;
  if (plan === undefined) {
    let perConfig = planCache.get(config);
    if (perConfig === undefined) {
      perConfig = new Map();
      planCache.set(config, perConfig);
    }
    const key = (matchFrames as MatchFramesWithPlan).signature ?? signature(config, matchFrames, exc);
    plan = perConfig.get(key);
    if (plan === undefined) {
      plan = planContributions(config, matchFrames, exc);
      if (perConfig.size >= CACHE_LIMIT) perConfig.clear();
      perConfig.set(key, plan);
    }
    (matchFrames as MatchFramesWithPlan).plan = plan;
  }
  for (const op of plan.ops) {
    for (let i = op.from; i < op.to; i++) {
      const c = components[i] as GroupingComponent;
      if (c.contributes !== op.flag) c.mark(op.flag, op.hint);
    }
  }
  const { maxFrames, minFrames } = plan;
  if (maxFrames > 0) {
    let left = maxFrames;
    for (let i = components.length - 1; i >= 0; i--) {
      const c = components[i] as GroupingComponent;
      if (!c.contributes) continue;
      if (left > 0) left--;
      else c.mark(false, `ignored because only ${maxFrames} frames are considered`);
    }
  }
  if (minFrames > 0) {
    const total = components.reduce((n, c) => n + (c.contributes ? 1 : 0), 0);
    if (total > 0 && total < minFrames) {
      return { contributes: false, hint: `discarded because stack trace only contains ${total} frames` };
    }
  }
  return { contributes: undefined, hint: undefined };
}
