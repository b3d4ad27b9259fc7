import { GroupingComponent } from '../../component.js';
import { applyContributions, type MatchFrame, matchFramesFor } from '../../enhancements/index.js';
import type { ExceptionData } from '../../enhancements/types.js';
import { behaviorFamily } from '../../functions.js';
import type { FrameModel, StacktraceModel } from '../../model.js';
import {
  type ComponentsByVariant,
  dedupeAgainstApp,
  removeNonStacktraceVariants,
  type StrategyContext,
} from './context.js';
import { frameComponent, hasUrlOrigin } from './frame.js';

/** A frame model with its variant-independent component memoized on it. */
type FrameWithTemplate = FrameModel & { template?: GroupingComponent };

const RECURSION_FIELDS = ['abs_path', 'package', 'module', 'filename', 'function', 'lineno', 'colno'] as const;

function isRecursion(frame: FrameModel, prev: FrameModel | undefined): boolean {
  if (prev === undefined) return false;
  for (const key of RECURSION_FIELDS) {
    if (frame.raw[key] !== prev.raw[key]) return false;
  }
  return true;
}

function singleVariant(
  st: StacktraceModel,
  variant: 'app' | 'system',
  ctx: StrategyContext,
  matchFrames: MatchFrame[],
  exc: ExceptionData,
): GroupingComponent {
  const platform = ctx.model.platform;
  const frames = st.frames;
  const comps: GroupingComponent[] = [];
  let prev: FrameModel | undefined;
  for (const frame of frames) {
    // The frame's own component is the same in both variants: built once, copied for the app
    // variant (built first), and handed as it is to the system variant (built last).
    const holder = frame as FrameWithTemplate;
    const template = holder.template ?? frameComponent(frame, platform);
    let c: GroupingComponent;
    if (variant === 'app') {
      holder.template = template;
      c = template.clone();
    } else {
      holder.template = undefined;
      c = template;
    }
    if (isRecursion(frame, prev)) c.mark(false, 'ignored due to recursion');
    if (variant === 'app' && frame.inApp !== true) c.mark(false, 'non app frame');
    comps.push(c);
    prev = frame;
  }
  const first = frames[0];
  if (
    frames.length === 1 &&
    first !== undefined &&
    comps[0]?.contributes &&
    behaviorFamily(first.platform ?? platform) === 'javascript' &&
    !first.function &&
    hasUrlOrigin(first.absPath, true)
  ) {
    comps[0].mark(false, 'ignored single non-URL JavaScript frame');
  }

  const result = applyContributions(ctx.enhancements, comps, matchFrames, exc);
  if (variant === 'app') {
    for (let i = 0; i < comps.length; i++) {
      if ((frames[i] as FrameModel).inApp !== true) (comps[i] as GroupingComponent).mark(false, 'non app frame');
    }
  }
  const stacktrace = new GroupingComponent('stacktrace', comps, result.contributes, result.hint);
  if (frames.length === 0) stacktrace.mark(false, 'ignored because it contains no frames');
  else if (!comps.some((c) => c.contributes)) {
    stacktrace.mark(false, variant === 'app' ? 'ignored because it contains no in-app frames' : undefined);
  }
  return stacktrace;
}

/** App and system stack-trace components for one stack trace. */
export function stacktraceVariants(st: StacktraceModel, ctx: StrategyContext, exc: ExceptionData): ComponentsByVariant {
  const matchFrames = matchFramesFor(st.frames, ctx.model.platform);
  const rv: ComponentsByVariant = new Map();
  rv.set('app', singleVariant(st, 'app', ctx, matchFrames, exc));
  rv.set('system', singleVariant(st, 'system', ctx, matchFrames, exc));
  return rv;
}

const NO_EXCEPTION: ExceptionData = { type: undefined, value: undefined, mechanism: undefined };

/** Top-level `stacktrace` strategy (events with a stack trace but no exception or threads). */
export function stacktraceStrategy(ctx: StrategyContext): ComponentsByVariant | null {
  const st = ctx.model.stacktrace;
  if (!st) return null;
  const rv = stacktraceVariants(st, ctx, NO_EXCEPTION);
  dedupeAgainstApp(rv);
  return removeNonStacktraceVariants(rv);
}

export { NO_EXCEPTION };
