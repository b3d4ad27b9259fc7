/** Threads, message, template and security-report strategies. */
import { asString, getPath, isRecord, type JsonRecord } from '../../../normalize/interfaces/index.js';
import { GroupingComponent } from '../../component.js';
import type { ThreadModel } from '../../model.js';
import { normalizeMessageForGrouping } from '../../parameterize.js';
import {
  type ComponentsByVariant,
  dedupeAgainstApp,
  removeNonStacktraceVariants,
  type StrategyContext,
} from './context.js';
import { NO_EXCEPTION, stacktraceVariants } from './stacktrace.js';

function single(name: string, c: GroupingComponent): ComponentsByVariant {
  return new Map([[name, c]]);
}

function threadComponents(threads: ThreadModel[], ctx: StrategyContext): ComponentsByVariant | null {
  if (threads.length !== 1) return null;
  const st = (threads[0] as ThreadModel).stacktrace;
  if (!st)
    return single('app', new GroupingComponent('threads', [], false, 'ignored because thread has no stacktrace'));
  const rv: ComponentsByVariant = new Map();
  for (const [name, c] of stacktraceVariants(st, ctx, NO_EXCEPTION))
    rv.set(name, new GroupingComponent('threads', [c]));
  return rv;
}

/** Use the single crashed thread, else the single current thread, else the only thread. */
export function threadsStrategy(ctx: StrategyContext): ComponentsByVariant | null {
  const threads = ctx.model.threads;
  if (!threads) return null;
  const rv =
    threadComponents(
      threads.filter((t) => t.crashed),
      ctx,
    ) ??
    threadComponents(
      threads.filter((t) => t.current),
      ctx,
    ) ??
    threadComponents(threads, ctx) ??
    single('app', new GroupingComponent('threads', [], false, 'ignored because no single thread could be chosen'));
  dedupeAgainstApp(rv);
  return removeNonStacktraceVariants(rv);
}

export function messageStrategy(ctx: StrategyContext): ComponentsByVariant | null {
  const logentry = ctx.model.event.logentry;
  if (!isRecord(logentry)) return null;
  const raw = asString(logentry.message) || asString(logentry.formatted) || '';
  const normalized = normalizeMessageForGrouping(raw);
  const hint = raw !== normalized ? 'stripped event-specific values' : undefined;
  return single('default', new GroupingComponent('message', [normalized], undefined, hint));
}

export function templateStrategy(ctx: StrategyContext): ComponentsByVariant | null {
  const t = ctx.model.event.template;
  if (!isRecord(t)) return null;
  const filename = new GroupingComponent('filename');
  const fname = asString(t.filename);
  if (fname !== undefined) filename.update([fname]);
  const line = new GroupingComponent('context-line');
  const cl = asString(t.context_line);
  if (cl !== undefined) line.update([cl]);
  return single('default', new GroupingComponent('template', [filename, line]));
}

function securityStrategy(ctx: StrategyContext, key: string, id: string): ComponentsByVariant | null {
  const report = ctx.model.event[key];
  if (!isRecord(report)) return null;
  const hostname = asString(report.hostname);
  return single(
    'default',
    new GroupingComponent(id, [
      new GroupingComponent('salt', [id]),
      new GroupingComponent('hostname', hostname === undefined ? [] : [hostname]),
    ]),
  );
}

export const expectCtStrategy = (ctx: StrategyContext) => securityStrategy(ctx, 'expectct', 'expect-ct');
export const expectStapleStrategy = (ctx: StrategyContext) => securityStrategy(ctx, 'expectstaple', 'expect-staple');
export const hpkpStrategy = (ctx: StrategyContext) => securityStrategy(ctx, 'hpkp', 'hpkp');

const LOCAL = "'self'";

/** Sentry's CSP `normalized_blocked_uri`: `'self'` for local, host for http(s), scheme otherwise. */
export function normalizeBlockedUri(value: string | undefined): string {
  if (value === undefined || value === '' || value === LOCAL || value === 'self') return LOCAL;
  if (!value.includes(':')) return `${value}:`;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?/.exec(value);
  if (!m) return value;
  const scheme = (m[1] as string).toLowerCase();
  const host = m[2] ?? '';
  if (scheme === 'http' || scheme === 'https') return host;
  return host ? `${scheme}://${host}` : `${scheme}:`;
}

export function cspLocalViolationType(csp: JsonRecord): string | undefined {
  const violated = asString(csp.violated_directive);
  if (violated && asString(csp.effective_directive) === 'script-src') {
    if (normalizeBlockedUri(asString(csp.blocked_uri)) === LOCAL) {
      if (violated.includes("'unsafe-inline'")) return 'unsafe-inline';
      if (violated.includes("'unsafe-eval'")) return 'unsafe-eval';
    }
  }
  return undefined;
}

export function cspStrategy(ctx: StrategyContext): ComponentsByVariant | null {
  const csp = ctx.model.event.csp;
  if (!isRecord(csp)) return null;
  const violation = new GroupingComponent('violation');
  const uri = new GroupingComponent('uri');
  const blocked = normalizeBlockedUri(asString(csp.blocked_uri));
  const local = cspLocalViolationType(csp);
  if (local) {
    violation.update([`'${local}'`]);
    uri.update([blocked], false, 'violation takes precedence');
  } else {
    violation.mark(false, 'not a local script violation');
    uri.update([blocked]);
  }
  const directive = asString(getPath(csp, 'effective_directive'));
  const salt = new GroupingComponent('salt', directive === undefined ? [] : [directive]);
  return single('default', new GroupingComponent('csp', [salt, violation, uri]));
}
