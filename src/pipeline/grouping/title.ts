/**
 * Event title and culprit, derived the way Sentry's event types do: errors are titled
 * `Type: first line of value`, messages by their first line, security reports by what was
 * blocked; the culprit is the client's, else the transaction, else the crashing (in-app) frame.
 */
import {
  asArray,
  asNonEmptyString,
  asString,
  canonicalizeInterfaces,
  getPath,
  isRecord,
  type JsonRecord,
} from '../normalize/interfaces/index.js';
import { functionNameForFrame } from './functions.js';
import { cspLocalViolationType, normalizeBlockedUri } from './strategies/newstyle-2023-01-11/other.js';

export interface TitleAndCulprit {
  title: string;
  culprit: string;
}

export interface TitleOptions {
  /** From `computeGrouping(...).mainExceptionId` when an exception group picked one. */
  mainExceptionId?: number;
  /** From `computeGrouping(...).titleOverride` (fingerprint rule `title="…"`). */
  titleOverride?: string;
  /** The input already is a canonical event (`enhanceAndGroup(...).event`): skip canonicalizing it again. */
  canonical?: boolean;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function firstLine(value: string): string {
  return value.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/, 1)[0] ?? '';
}

function frameList(stacktrace: unknown): JsonRecord[] {
  return (asArray(getPath(stacktrace, 'frames')) ?? []).filter(isRecord);
}

function crashFrame(frames: JsonRecord[], filter?: (f: JsonRecord) => boolean): JsonRecord | undefined {
  let fallback: JsonRecord | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as JsonRecord;
    if (filter && !filter(f)) continue;
    if (f.in_app === true) return f;
    fallback ??= f;
  }
  return fallback;
}

function mainException(event: JsonRecord, mainId: number | undefined): JsonRecord | undefined {
  const values = (asArray(getPath(event, 'exception', 'values')) ?? []).filter(isRecord);
  const id = mainId ?? getPath(event, 'main_exception_id');
  if (typeof id === 'number') {
    const hit = values.find((e) => getPath(e, 'mechanism', 'exception_id') === id);
    if (hit) return hit;
  }
  return values[values.length - 1];
}

function errorTitle(event: JsonRecord, exc: JsonRecord): string {
  const platform = asString(event.platform);
  if (getPath(exc, 'mechanism', 'synthetic') !== true) {
    const type = truncate(asNonEmptyString(exc.type) ?? 'Error', 128);
    const value = asString(exc.value);
    return value ? `${type}: ${truncate(firstLine(value), 100)}` : type;
  }
  // Synthetic exceptions carry no meaningful type: Sentry titles them by the crashing function.
  const frames = frameList(exc.stacktrace);
  const named = (f: JsonRecord) => {
    const fn = asString(f.function);
    return fn !== undefined && fn !== '<redacted>' && fn !== '<unknown>';
  };
  const frame = crashFrame(frames.length ? frames : frameList(event.stacktrace), named);
  const fn = frame
    ? functionNameForFrame(asNonEmptyString(frame.function), asNonEmptyString(frame.raw_function), platform)
    : undefined;
  return fn || '<unknown>';
}

function securityTitle(event: JsonRecord): string | undefined {
  const message = asNonEmptyString(getPath(event, 'logentry', 'formatted'));
  const csp = event.csp;
  if (isRecord(csp)) {
    if (message) return truncate(firstLine(message), 100);
    const directive = asString(csp.effective_directive) ?? 'unknown';
    const kind = directive.replace(/-src(-elem|-attr)?$/, '');
    const local = cspLocalViolationType(csp);
    if (local === 'unsafe-inline') return `Blocked unsafe inline '${kind}'`;
    if (local === 'unsafe-eval') return `Blocked unsafe eval() '${kind}'`;
    return `Blocked '${kind}' from '${normalizeBlockedUri(asString(csp.blocked_uri))}'`;
  }
  const host = (key: string) => asString(getPath(event, key, 'hostname')) ?? '';
  if (isRecord(event.hpkp)) return `Public key pinning validation failed for '${host('hpkp')}'`;
  if (isRecord(event.expectct)) return `Expect-CT failed for '${host('expectct')}'`;
  if (isRecord(event.expectstaple)) return `Expect-Staple failed for '${host('expectstaple')}'`;
  return undefined;
}

function frameCulprit(frame: JsonRecord, platform: string | undefined): string {
  const p = asNonEmptyString(frame.platform) ?? platform;
  const fn = asNonEmptyString(frame.function) ?? '?';
  if (p === 'objc' || p === 'cocoa' || p === 'native') return fn;
  const loc = asNonEmptyString(frame.module) ?? asNonEmptyString(frame.filename);
  if (!loc) return '';
  return p === 'javascript' || p === 'node' ? `${fn}(${loc})` : `${loc} in ${fn}`;
}

function generateCulprit(event: JsonRecord): string {
  const platform = asString(event.platform);
  const exceptions = (asArray(getPath(event, 'exception', 'values')) ?? []).filter(isRecord);
  let frames: JsonRecord[] = [];
  if (exceptions.length > 0) {
    if (getPath(exceptions[exceptions.length - 1], 'mechanism', 'synthetic') === true) return '';
    for (const e of exceptions) {
      const f = frameList(e.stacktrace);
      if (f.length > 0) frames = f;
    }
  } else {
    frames = frameList(event.stacktrace);
  }
  let culprit = '';
  let fallback: string | undefined;
  for (let i = frames.length - 1; i >= 0 && !culprit; i--) {
    const f = frames[i] as JsonRecord;
    if (f.in_app === true) culprit = frameCulprit(f, platform);
    else fallback ??= frameCulprit(f, platform);
  }
  culprit ||= fallback || asString(getPath(event, 'request', 'url')) || '';
  return truncate(culprit, 200);
}

/** Title and culprit for an event (canonicalized internally; pass the enhanced event for in_app). */
export function deriveTitleAndCulprit(input: unknown, options: TitleOptions = {}): TitleAndCulprit {
  const event = options.canonical && isRecord(input) ? input : canonicalizeInterfaces(input);
  const culprit = asNonEmptyString(event.culprit) ?? asNonEmptyString(event.transaction) ?? generateCulprit(event);
  if (options.titleOverride) return { title: options.titleOverride, culprit };
  const security = securityTitle(event);
  if (security !== undefined) return { title: security, culprit };
  const exc = mainException(event, options.mainExceptionId);
  if (exc) return { title: errorTitle(event, exc), culprit };
  const message =
    asNonEmptyString(getPath(event, 'logentry', 'formatted'))?.trim() ||
    asNonEmptyString(getPath(event, 'logentry', 'message'))?.trim();
  return { title: message ? truncate(firstLine(message), 100) : '<unlabeled event>', culprit };
}
