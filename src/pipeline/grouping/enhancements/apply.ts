import type { GroupingComponent } from '../component.js';
import { behaviorFamily, functionNameForFrame } from '../functions.js';
import type { ExceptionModel, FrameModel } from '../model.js';
import type { EnhancementConfig, EnhancementRule, ExceptionData, MatchFrame, Range } from './types.js';

function lowerPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.toLowerCase().replaceAll('\\', '/');
}

export function createMatchFrame(frame: FrameModel, eventPlatform: string): MatchFrame {
  const platform = frame.platform ?? eventPlatform;
  return {
    path: lowerPath(frame.absPath || frame.filename || undefined),
    package: lowerPath(frame.package),
    function: functionNameForFrame(frame.function, frame.rawFunction, platform) || '<unknown>',
    module: frame.module,
    family: behaviorFamily(platform),
    inApp: frame.inApp,
    category: frame.category,
  };
}

export function exceptionData(exc: ExceptionModel | null): ExceptionData {
  return { type: exc?.type, value: exc?.value, mechanism: exc?.mechanism?.type };
}

/** Indices of frames the rule matches, computed before any of its actions run. */
function matchingIndices(rule: EnhancementRule, frames: MatchFrame[], exc: ExceptionData): number[] {
  const out: number[] = [];
  for (let idx = 0; idx < frames.length; idx++) {
    let ok = true;
    for (const m of rule.matchers) {
      const target = m.position === 'self' ? frames[idx] : m.position === 'caller' ? frames[idx - 1] : frames[idx + 1];
      if (!m.test(target, exc)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(idx);
  }
  return out;
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
  const matchFrames = frames.map((f) => createMatchFrame(f, eventPlatform));
  for (const rule of config.classifiers) {
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
          (matchFrames[idx] as MatchFrame).category = action.value;
        }
      }
    }
  }
  return matchFrames;
}

export interface AssembleResult {
  /** Stack-trace level override (min-frames), or undefined to derive from the frames. */
  contributes: boolean | undefined;
  hint: string | undefined;
}

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
  let maxFrames = 0;
  let minFrames = 0;
  for (const rule of config.contributes) {
    const hits = matchingIndices(rule, matchFrames, exc);
    for (const idx of hits) {
      for (const action of rule.actions) {
        if (action.kind === 'flag') {
          const [from, to] = rangeBounds(action.range, idx, components.length);
          for (let i = from; i < to; i++) {
            const c = components[i] as GroupingComponent;
            if (c.contributes !== action.flag) {
              c.mark(action.flag, `${action.flag ? 'un-ignored' : 'ignored'} by stack trace rule (${rule.text})`);
            }
          }
        } else if (action.name === 'max-frames') {
          maxFrames = action.value;
        } else if (action.name === 'min-frames') {
          minFrames = action.value;
        }
      }
    }
  }
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
