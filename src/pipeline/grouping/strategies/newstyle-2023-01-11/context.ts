import type { GroupingComponent } from '../../component.js';
import type { EnhancementConfig } from '../../enhancements/index.js';
import type { EventModel } from '../../model.js';

export interface StrategyContext {
  model: EventModel;
  enhancements: EnhancementConfig;
  /** Set by the exception-group filter: which exception titles the event. */
  mainExceptionId?: number;
}

/**
 * Components of one strategy, keyed by variant name. `app` is the priority variant: a `system`
 * variant with the same hash is dropped in favour of it.
 */
export type ComponentsByVariant = Map<string, GroupingComponent>;

/** Sentry's `remove_non_stacktrace_variants`: if any variant has a contributing stack trace,
 * variants without one stop contributing. */
export function removeNonStacktraceVariants(variants: ComponentsByVariant): ComponentsByVariant {
  if (variants.size <= 1) return variants;
  const without: GroupingComponent[] = [];
  const withStack: string[] = [];
  for (const [name, c] of variants) {
    if (c.hasContributing('stacktrace')) withStack.push(name);
    else without.push(c);
  }
  if (withStack.length > 0) {
    const suffix = withStack.length === 1 ? `the ${withStack[0]} variant does` : 'others do';
    for (const c of without) {
      c.mark(false, `ignored because this variant does not have a contributing stacktrace, but ${suffix}`);
    }
  }
  return variants;
}

/** Drop a `system` variant that hashes the same as the priority `app` variant. */
export function dedupeAgainstApp(variants: ComponentsByVariant): void {
  const app = variants.get('app');
  const system = variants.get('system');
  if (!app || !system || !app.contributes || !system.contributes) return;
  if (app.hashInput() === system.hashInput()) system.mark(false, 'ignored because hash matches app variant');
}
