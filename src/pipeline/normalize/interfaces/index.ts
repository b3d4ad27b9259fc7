/**
 * Canonicalisation of event interfaces, the part of Relay's normalization that grouping depends
 * on. Pure: the input is never mutated; untouched sub-objects are shared with the result.
 * Timestamps, tags and user agents are handled elsewhere in src/pipeline/normalize/.
 */
import { canonicalizeException } from './exception.js';
import { isRecord, type JsonRecord } from './guards.js';
import { canonicalizeLogentry } from './logentry.js';
import { canonicalizeStacktrace, canonicalizeThreads } from './stacktrace.js';

export type { JsonRecord } from './guards.js';
export {
  asArray,
  asNonEmptyString,
  asNumber,
  asRecord,
  asString,
  getPath,
  isRecord,
  scalarToString,
} from './guards.js';

/** Legacy `sentry.interfaces.*` keys (and old short aliases) → modern keys. */
const LEGACY_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['sentry.interfaces.Exception', 'exception'],
  ['sentry.interfaces.Message', 'logentry'],
  ['sentry.interfaces.Stacktrace', 'stacktrace'],
  ['sentry.interfaces.Threads', 'threads'],
  ['sentry.interfaces.Template', 'template'],
  ['sentry.interfaces.Http', 'request'],
  ['sentry.interfaces.User', 'user'],
  ['sentry.interfaces.Csp', 'csp'],
  ['sentry.interfaces.Hpkp', 'hpkp'],
  ['sentry.interfaces.ExpectCT', 'expectct'],
  ['sentry.interfaces.ExpectStaple', 'expectstaple'],
  ['sentry.interfaces.Breadcrumbs', 'breadcrumbs'],
  ['sentry.interfaces.Contexts', 'contexts'],
  ['sentry.interfaces.DebugMeta', 'debug_meta'],
  ['sentry.interfaces.Debug', 'debug_meta'],
  ['sentry.interfaces.AppleCrashReport', 'applecrashreport'],
  ['sentry.interfaces.Sdk', 'sdk'],
  ['sentry.interfaces.Query', 'query'],
];

const SECURITY_KEYS = ['csp', 'hpkp', 'expectct', 'expectstaple', 'template'] as const;

/** Returns a new event whose interfaces have the canonical shapes grouping expects. */
export function canonicalizeInterfaces(input: unknown): JsonRecord {
  const event: JsonRecord = isRecord(input) ? { ...input } : {};

  for (const [legacy, modern] of LEGACY_KEYS) {
    if (!Object.hasOwn(event, legacy)) continue;
    if (event[modern] === undefined || event[modern] === null) event[modern] = event[legacy];
    delete event[legacy];
  }

  // `logentry` wins over the legacy top-level `message`; a plain string message becomes formatted.
  let logentry = canonicalizeLogentry(event.logentry);
  if (logentry === undefined && event.message !== undefined) logentry = canonicalizeLogentry(event.message);
  if (logentry !== undefined) event.logentry = logentry;
  else delete event.logentry;
  delete event.message;

  if (event.exception !== undefined) {
    const exc = canonicalizeException(event.exception);
    if (exc && Array.isArray(exc.values) && exc.values.length > 0) event.exception = exc;
    else delete event.exception;
  }

  if (event.stacktrace !== undefined) {
    const st = canonicalizeStacktrace(event.stacktrace);
    if (st) event.stacktrace = st;
    else delete event.stacktrace;
  }

  if (event.threads !== undefined) {
    const threads = canonicalizeThreads(event.threads);
    if (threads && Array.isArray(threads.values) && threads.values.length > 0) event.threads = threads;
    else delete event.threads;
  }

  for (const key of SECURITY_KEYS) {
    if (event[key] !== undefined && !isRecord(event[key])) delete event[key];
  }

  if (typeof event.platform !== 'string' || event.platform === '') event.platform = 'other';

  if (event.fingerprint !== undefined) {
    const fp = canonicalizeFingerprint(event.fingerprint);
    if (fp) event.fingerprint = fp;
    else delete event.fingerprint;
  }
  return event;
}

/** Fingerprints are lists of strings; numbers and booleans are stringified, anything else drops. */
function canonicalizeFingerprint(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const v of value) {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(String(v));
    else if (typeof v === 'boolean') out.push(v ? 'True' : 'False');
  }
  return out.length > 0 ? out : undefined;
}
