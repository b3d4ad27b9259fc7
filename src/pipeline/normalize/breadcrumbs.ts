import { BAG, trimBag, trimUnknownKeys } from './databag.js';
import { normalizeLevel } from './level.js';
import { normalizeNestedTimestamp } from './timestamps.js';
import { isRecord, type JsonRecord, type Report, stringField, valuesOf } from './util.js';

/** Sentry keeps at most 100 breadcrumbs per event: the newest ones. */
export const MAX_BREADCRUMBS = 100;
export const MAX_MESSAGE = 8192;
const CRUMB_KEYS = new Set(['timestamp', 'type', 'level', 'category', 'message', 'data', 'event_id']);

/**
 * `breadcrumbs` as `{values: [...]}` with at most 100 (newest kept), each an object with a
 * float `timestamp` (shifted by clock-drift correction), `type` (default `default`), a valid
 * `level` (default `info`), bounded `category`/`message` and `data` databag.
 */
export function normalizeBreadcrumbs(event: JsonRecord, shift: number, report: Report): void {
  const raw = event.breadcrumbs;
  if (raw === undefined || raw === null) {
    delete event.breadcrumbs;
    return;
  }
  let list = valuesOf(raw);
  if (list === undefined) {
    report.error('invalid_data', 'breadcrumbs', 'expected a list');
    delete event.breadcrumbs;
    return;
  }
  if (list.length > MAX_BREADCRUMBS) {
    report.trim(`breadcrumbs: ${list.length - MAX_BREADCRUMBS} oldest of ${list.length} dropped`);
    list = list.slice(list.length - MAX_BREADCRUMBS);
  }
  const out: JsonRecord[] = [];
  let invalid = 0;
  for (let i = 0; i < list.length; i++) {
    const crumb = list[i];
    if (!isRecord(crumb)) {
      invalid++;
      continue;
    }
    const index = out.length;
    const path = `breadcrumbs.values.${index}`;
    normalizeNestedTimestamp(crumb, 'timestamp', shift);
    const type = stringField(crumb, 'type', 128, report, () => `${path}.type`);
    if (type === undefined || type === '') crumb.type = 'default';
    const level = normalizeLevel(crumb.level);
    crumb.level = level ?? 'info';
    stringField(crumb, 'category', 128, report, () => `${path}.category`);
    stringField(crumb, 'message', MAX_MESSAGE, report, () => `${path}.message`);
    if (crumb.data !== undefined) {
      if (isRecord(crumb.data)) trimBag(crumb.data, BAG.crumbData, `${path}.data`, report);
      else delete crumb.data;
    }
    trimUnknownKeys(crumb, CRUMB_KEYS, path, report);
    out.push(crumb);
  }
  if (invalid > 0) report.error('invalid_data', 'breadcrumbs', `${invalid} non-object breadcrumbs dropped`);
  if (out.length === 0) delete event.breadcrumbs;
  else event.breadcrumbs = { values: out };
}
