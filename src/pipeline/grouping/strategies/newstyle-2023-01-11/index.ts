/**
 * The `newstyle:2023-01-11` strategy set. Strategies run from highest to lowest score; the first
 * one producing a contributing component wins, and contributing components of later strategies
 * are switched off. Each variant's root collects the components of all strategies.
 */
import { GroupingComponent } from '../../component.js';
import type { EnhancementConfig } from '../../enhancements/index.js';
import type { EventModel } from '../../model.js';
import type { ComponentsByVariant, StrategyContext } from './context.js';
import { chainedExceptionStrategy } from './exception.js';
import {
  cspStrategy,
  expectCtStrategy,
  expectStapleStrategy,
  hpkpStrategy,
  messageStrategy,
  templateStrategy,
  threadsStrategy,
} from './other.js';
import { stacktraceStrategy } from './stacktrace.js';

export const CONFIG_ID = 'newstyle:2023-01-11';

interface Strategy {
  name: string;
  run: (ctx: StrategyContext) => ComponentsByVariant | null;
}

/** In score order: chained-exception 2000, threads 1900, stacktrace 1800, template 1100,
 * csp 1003, hpkp 1002, expect-staple 1001, expect-ct 1000, message 0. */
const STRATEGIES: readonly Strategy[] = [
  { name: 'exception', run: chainedExceptionStrategy },
  { name: 'threads', run: threadsStrategy },
  { name: 'stacktrace', run: stacktraceStrategy },
  { name: 'template', run: templateStrategy },
  { name: 'csp', run: cspStrategy },
  { name: 'hpkp', run: hpkpStrategy },
  { name: 'expect-staple', run: expectStapleStrategy },
  { name: 'expect-ct', run: expectCtStrategy },
  { name: 'message', run: messageStrategy },
];

export interface StrategyOutput {
  /** Root component per variant name, in creation order. */
  roots: Map<string, GroupingComponent>;
  mainExceptionId: number | undefined;
}

export function runStrategies(model: EventModel, enhancements: EnhancementConfig): StrategyOutput {
  const ctx: StrategyContext = { model, enhancements };
  let winner: string | undefined;
  let precedenceHint: string | undefined;
  const perVariant = new Map<string, GroupingComponent[]>();

  for (const strategy of STRATEGIES) {
    const variants = strategy.run(ctx);
    if (!variants) continue;
    for (const [name, component] of variants) {
      const list = perVariant.get(name);
      if (list) list.push(component);
      else perVariant.set(name, [component]);
      if (winner === undefined) {
        if (component.contributes) {
          winner = strategy.name;
          const names = [...variants].filter(([, c]) => c.contributes).map(([n]) => n);
          names.sort();
          precedenceHint = `${names.join('/')} take${names.length === 1 ? 's' : ''} precedence`;
        }
      } else if (component.contributes && winner !== strategy.name) {
        component.mark(false, precedenceHint);
      }
    }
  }

  const roots = new Map<string, GroupingComponent>();
  for (const [name, components] of perVariant) {
    const root = new GroupingComponent(name, components);
    if (!root.contributes && precedenceHint) root.hint = precedenceHint;
    roots.set(name, root);
  }
  return { roots, mainExceptionId: ctx.mainExceptionId };
}
