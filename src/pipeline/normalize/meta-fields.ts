import { BAG, type BagLimits, setOwn, trimBag } from './databag.js';
import { isRecord, type JsonRecord, type Report, stringField, truncate } from './util.js';

const MAX_FINGERPRINT = 64;
const MAX_MODULES = 1000;
const DEBUG_META: BagLimits = { depth: 5, bytes: 128 * 1024 };
const SDK: BagLimits = { depth: 4, bytes: 16 * 1024 };

/** Top-level keys handled by a dedicated step; everything else is kept but bounded. */
const HANDLED = new Set([
  'event_id',
  'type',
  'timestamp',
  'start_timestamp',
  'received',
  'platform',
  'level',
  'logger',
  'culprit',
  'transaction',
  'transaction_info',
  'server_name',
  'release',
  'dist',
  'environment',
  'fingerprint',
  'modules',
  'sdk',
  'debug_meta',
  'logentry',
  'exception',
  'threads',
  'stacktrace',
  'breadcrumbs',
  'request',
  'contexts',
  'user',
  'extra',
  'tags',
  'spans',
  'measurements',
  'errors',
]);

/**
 * Scalar event attributes (`logger`, `transaction`, `server_name`, `release`, `dist`,
 * `environment`, …) with Sentry's lengths and validity rules, plus `fingerprint`, `modules`,
 * `sdk`, `debug_meta` and any unknown top-level key, all bounded.
 */
export function normalizeMetaFields(event: JsonRecord, report: Report): void {
  stringField(event, 'logger', 64, report);
  stringField(event, 'culprit', 200, report);
  stringField(event, 'transaction', 200, report);
  stringField(event, 'server_name', 256, report);
  validated(event, 'release', 200, RELEASE_INVALID, report);
  validated(event, 'dist', 64, DIST_INVALID, report);
  validated(event, 'environment', 64, ENVIRONMENT_INVALID, report);
  if (event.dist !== undefined && event.release === undefined) delete event.dist;

  if (event.transaction_info !== undefined) {
    if (isRecord(event.transaction_info)) trimBag(event.transaction_info, BAG.other, 'transaction_info', report);
    else delete event.transaction_info;
  }
  if (event.fingerprint !== undefined) {
    const fp = Array.isArray(event.fingerprint)
      ? event.fingerprint
          .filter((x): x is string | number => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)))
          .slice(0, MAX_FINGERPRINT)
          .map((x) => truncate(String(x), 1024))
      : [];
    if (fp.length > 0) event.fingerprint = fp;
    else {
      report.error('invalid_data', 'fingerprint', 'expected a list of strings');
      delete event.fingerprint;
    }
  }
  normalizeModules(event, report);
  if (event.sdk !== undefined) {
    if (!isRecord(event.sdk)) delete event.sdk;
    else {
      stringField(event.sdk, 'name', 128, report, 'sdk.name');
      stringField(event.sdk, 'version', 128, report, 'sdk.version');
      trimBag(event.sdk, SDK, 'sdk', report);
    }
  }
  if (event.debug_meta !== undefined) {
    if (isRecord(event.debug_meta)) trimBag(event.debug_meta, DEBUG_META, 'debug_meta', report);
    else delete event.debug_meta;
  }
  for (const key of Object.keys(event)) {
    if (HANDLED.has(key)) continue;
    const v = event[key];
    if (v === null) delete event[key];
    else if (typeof v === 'object' || (typeof v === 'string' && v.length > 1024)) {
      setOwn(event, key, trimBag(v, BAG.other, key, report));
    }
  }
}

const RELEASE_INVALID = /^(?:\.|\.\.|latest)$|[\r\n\t\f/\\]/i;
const DIST_INVALID = /[\r\n\t\f]/;
const ENVIRONMENT_INVALID = /[\r\n\f/]|^none$/i;

function validated(event: JsonRecord, key: string, max: number, invalid: RegExp, report: Report): void {
  const s = stringField(event, key, max, report);
  if (s === undefined) return;
  const t = s.trim();
  if (t === '' || invalid.test(t)) {
    report.error('invalid_data', key, s);
    delete event[key];
  } else if (t !== s) {
    event[key] = t;
  }
}

function normalizeModules(event: JsonRecord, report: Report): void {
  const m = event.modules;
  if (m === undefined) return;
  if (!isRecord(m)) {
    delete event.modules;
    return;
  }
  let n = 0;
  for (const name of Object.keys(m)) {
    const v = m[name];
    if (++n > MAX_MODULES || typeof v !== 'string' || name.length > 256) {
      delete m[name];
      continue;
    }
    if (v.length > 256) m[name] = truncate(v, 256);
  }
  if (n > MAX_MODULES) report.trim(`modules: ${n - MAX_MODULES} entries dropped`);
}
