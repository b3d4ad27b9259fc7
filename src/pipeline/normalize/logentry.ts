import { BAG, trimBag } from './databag.js';
import { isRecord, type JsonRecord, type Report, scalarString, stringField } from './util.js';

export const MAX_MESSAGE = 8192;
const PERCENT = /%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifFrxXoeEgGcau%]/g;
const BRACES = /\{(\w*)\}/g;

/**
 * `logentry` ({message, params, formatted}): the legacy top-level `message` (string or object) is
 * moved into it, `formatted` is produced from `message` + `params` when missing (`%s`/`%d`/…,
 * `%(name)s`, `{}`/`{0}`/`{name}`), and `message` is dropped when it equals `formatted`.
 */
export function normalizeLogentry(event: JsonRecord, report: Report): void {
  if (event.message !== undefined) {
    if (event.logentry === undefined || event.logentry === null) {
      event.logentry = typeof event.message === 'string' ? { formatted: event.message } : event.message;
    }
    delete event.message;
  }
  const le = event.logentry;
  if (le === undefined || le === null) {
    delete event.logentry;
    return;
  }
  if (typeof le === 'string') {
    event.logentry = { formatted: le };
  } else if (!isRecord(le)) {
    report.error('invalid_data', 'logentry', 'expected an object');
    delete event.logentry;
    return;
  }
  const entry = event.logentry as JsonRecord;
  const message = stringField(entry, 'message', MAX_MESSAGE, report, 'logentry.message');
  if (entry.params !== undefined) {
    if (Array.isArray(entry.params) || isRecord(entry.params)) {
      trimBag(entry.params, BAG.other, 'logentry.params', report);
    } else {
      entry.params = [entry.params];
    }
  }
  let formatted = stringField(entry, 'formatted', MAX_MESSAGE, report, 'logentry.formatted');
  if (formatted === undefined && message !== undefined) {
    formatted = report.str(formatMessage(message, entry.params), MAX_MESSAGE, 'logentry.formatted');
    entry.formatted = formatted;
  }
  if (message !== undefined && message === formatted) delete entry.message;
  if (entry.formatted === undefined && entry.message === undefined) delete event.logentry;
}

function render(v: unknown): string {
  return scalarString(v) ?? (v === null ? 'None' : (JSON.stringify(v) ?? ''));
}

/** Substitutes positional or named parameters into a log message template. */
export function formatMessage(template: string, params: unknown): string {
  if (Array.isArray(params) && params.length > 0) {
    let i = 0;
    let out = template.replace(PERCENT, (spec) => {
      if (spec === '%%') return '%';
      if (i >= params.length) return spec;
      return render(params[i++]);
    });
    if (i === 0) {
      let j = 0;
      out = out.replace(BRACES, (spec, name: string) => {
        if (name === '') return j < params.length ? render(params[j++]) : spec;
        const idx = /^\d+$/.test(name) ? Number(name) : -1;
        return idx >= 0 && idx < params.length ? render(params[idx]) : spec;
      });
    }
    return out;
  }
  if (isRecord(params)) {
    return template
      .replace(PERCENT, (spec, name: string | undefined) => {
        if (spec === '%%') return '%';
        return name !== undefined && Object.hasOwn(params, name) ? render(params[name]) : spec;
      })
      .replace(BRACES, (spec, name: string) => (Object.hasOwn(params, name) ? render(params[name]) : spec));
  }
  return template;
}
