/**
 * Exception groups (RFC 0079): when every exception carries mechanism ids forming a tree under
 * root id 0, group by the distinct "top-level" exceptions instead of the whole chain.
 * Missing or duplicate ids and a missing root keep the plain chain. As in the behaviour Sentry's
 * snapshots pin for this config, a self-parenting or cyclic inner exception is simply unreachable
 * from the root (leaving the root group alone), and a cycle reachable from the root (which makes
 * Sentry's recursive walk fail) falls back to the plain chain.
 */
import { asString, getPath } from '../../../normalize/interfaces/index.js';
import type { ExceptionModel } from '../../model.js';
import type { ComponentsByVariant, StrategyContext } from './context.js';

function componentKey(variants: ComponentsByVariant): string {
  const parts: unknown[] = [];
  for (const [name, c] of variants) parts.push(name, c.toJSON());
  return JSON.stringify(parts);
}

export function filterExceptionGroups(
  exceptions: ExceptionModel[],
  components: Map<ExceptionModel, ComponentsByVariant>,
  ctx: StrategyContext,
): ExceptionModel[] {
  if (exceptions.length <= 1) return exceptions;
  // Python SDK 3.x changed how groups are sent; Sentry keeps the old behaviour for it.
  const sdkVersion = asString(getPath(ctx.model.event, 'sdk', 'version')) ?? '';
  if (ctx.model.platform === 'python' && sdkVersion.startsWith('3')) return exceptions;

  const nodes = new Map<number, { exception?: ExceptionModel; children: ExceptionModel[] }>();
  const node = (id: number) => {
    let n = nodes.get(id);
    if (!n) {
      n = { children: [] };
      nodes.set(id, n);
    }
    return n;
  };
  const seen = new Set<number>();
  for (let i = exceptions.length - 1; i >= 0; i--) {
    const exc = exceptions[i] as ExceptionModel;
    const m = exc.mechanism;
    if (!m || m.exceptionId === undefined || seen.has(m.exceptionId)) {
      return exceptions;
    }
    seen.add(m.exceptionId);
    node(m.exceptionId).exception = exc;
    if (m.parentId !== undefined) node(m.parentId).children.push(exc);
  }
  const childrenOf = (exc: ExceptionModel): ExceptionModel[] => {
    const id = exc.mechanism?.exceptionId;
    return id === undefined ? [] : (nodes.get(id)?.children ?? []);
  };

  const root = nodes.get(0)?.exception;
  if (!root) return exceptions;

  const topLevel: ExceptionModel[] = [];
  const visiting = new Set<ExceptionModel>();
  let cyclic = false;
  const collect = (exc: ExceptionModel): void => {
    if (visiting.has(exc)) {
      cyclic = true;
      return;
    }
    visiting.add(exc);
    if (exc.mechanism?.isExceptionGroup) for (const child of childrenOf(exc)) collect(child);
    else topLevel.push(exc);
    visiting.delete(exc);
  };
  collect(root);
  if (cyclic) return exceptions;
  const typeKey = (e: ExceptionModel) => e.type ?? 'None';
  topLevel.sort((a, b) => {
    const ka = typeKey(a);
    const kb = typeKey(b);
    return ka < kb ? 1 : ka > kb ? -1 : 0;
  });

  const distinct: ExceptionModel[] = [];
  if (topLevel.length === 1) distinct.push(topLevel[0] as ExceptionModel);
  else {
    let lastKey: string | undefined;
    for (const exc of topLevel) {
      const key = componentKey(components.get(exc) as ComponentsByVariant);
      if (key !== lastKey) distinct.push(exc);
      lastKey = key;
    }
  }

  if (distinct.length === 1) {
    const main = distinct[0] as ExceptionModel;
    ctx.mainExceptionId = main.mechanism?.exceptionId;
    const path: ExceptionModel[] = [];
    const onPath = new Set<ExceptionModel>();
    for (let cur: ExceptionModel | undefined = main; cur; cur = childrenOf(cur)[0]) {
      if (onPath.has(cur)) return exceptions;
      onPath.add(cur);
      path.push(cur);
    }
    return path;
  }
  distinct.push(root);
  return distinct;
}
