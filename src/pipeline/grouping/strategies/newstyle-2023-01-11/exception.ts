import { GroupingComponent } from '../../component.js';
import { exceptionData } from '../../enhancements/index.js';
import type { ExceptionModel } from '../../model.js';
import { normalizeMessageForGrouping } from '../../parameterize.js';
import {
  type ComponentsByVariant,
  dedupeAgainstApp,
  removeNonStacktraceVariants,
  type StrategyContext,
} from './context.js';
import { filterExceptionGroups } from './exception-groups.js';
import { stacktraceVariants } from './stacktrace.js';

/**
 * One exception. Child order is the legacy one of this config: stacktrace, type, ns-error, value.
 * The value only counts when neither the stack trace nor ns-error info contributes.
 */
export function singleException(exc: ExceptionModel, ctx: StrategyContext): ComponentsByVariant {
  const type = new GroupingComponent('type', exc.type ? [exc.type] : []);
  let nsError: GroupingComponent | undefined;
  if (exc.mechanism) {
    if (exc.mechanism.synthetic) type.mark(false, 'ignored because exception is synthetic');
    if (exc.mechanism.nsError) {
      nsError = new GroupingComponent('ns-error', [exc.mechanism.nsError.domain, exc.mechanism.nsError.code]);
    }
  }
  const stacks: ComponentsByVariant = exc.stacktrace
    ? stacktraceVariants(exc.stacktrace, ctx, exceptionData(exc))
    : new Map([['app', new GroupingComponent('stacktrace')]]);

  const normalizedValue = exc.value === undefined ? undefined : normalizeMessageForGrouping(exc.value);
  const rv: ComponentsByVariant = new Map();
  for (const [name, stacktrace] of stacks) {
    const value = new GroupingComponent('value');
    if (normalizedValue) {
      value.update(
        [normalizedValue],
        undefined,
        normalizedValue !== exc.value ? 'stripped event-specific values' : undefined,
      );
    }
    if (stacktrace.contributes && value.contributes) value.mark(false, 'ignored because stacktrace takes precedence');
    if (nsError?.contributes && value.contributes) value.mark(false, 'ignored because ns-error info takes precedence');
    const values = nsError ? [stacktrace, type, nsError, value] : [stacktrace, type, value];
    rv.set(name, new GroupingComponent('exception', values));
  }
  return rv;
}

/** `chained-exception` strategy: every exception of the chain (after exception-group filtering). */
export function chainedExceptionStrategy(ctx: StrategyContext): ComponentsByVariant | null {
  const all = ctx.model.exceptions;
  if (!all || all.length === 0) return null;
  const perException = new Map<ExceptionModel, ComponentsByVariant>();
  for (const exc of all) perException.set(exc, singleException(exc, ctx));

  const selected = filterExceptionGroups(all, perException, ctx);
  let rv: ComponentsByVariant;
  if (selected.length === 1) {
    rv = perException.get(selected[0] as ExceptionModel) as ComponentsByVariant;
  } else {
    const byName = new Map<string, GroupingComponent[]>();
    for (const exc of selected) {
      for (const [name, c] of perException.get(exc) as ComponentsByVariant) {
        const list = byName.get(name);
        if (list) list.push(c);
        else byName.set(name, [c]);
      }
    }
    rv = new Map();
    for (const [name, list] of byName) rv.set(name, new GroupingComponent('chained-exception', list));
  }
  dedupeAgainstApp(rv);
  return removeNonStacktraceVariants(rv);
}
