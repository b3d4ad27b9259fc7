import { asArray, asString, isRecord, type JsonRecord, scalarToString } from './guards.js';

/**
 * Canonical `logentry` `{message?, params?, formatted}` from either a logentry object or the
 * legacy top-level `message` (string or `{message, params}`). `formatted` is filled from the
 * template when missing; `message` is dropped when identical to `formatted` (as Relay does).
 */
export function canonicalizeLogentry(value: unknown): JsonRecord | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { formatted: value };
  if (!isRecord(value)) return undefined;
  const out: JsonRecord = { ...value };
  const message = asString(out.message);
  let formatted = asString(out.formatted);
  if (message === undefined) delete out.message;
  if (formatted === undefined) delete out.formatted;
  if (message === undefined && formatted === undefined) return undefined;
  if (formatted === undefined && message !== undefined) {
    formatted = formatTemplate(message, out.params);
    out.formatted = formatted;
  }
  if (message !== undefined && message === formatted) delete out.message;
  return out;
}

/** Substitute `%s`-style (positional) or `{name}` (named) parameters like Relay's formatter. */
export function formatTemplate(template: string, params: unknown): string {
  const list = asArray(params);
  if (list !== undefined && list.length > 0) {
    let i = 0;
    return template.replace(/%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]/g, (spec) => {
      if (spec === '%%') return '%';
      if (i >= list.length) return spec;
      const v = list[i++];
      return scalarToString(v) ?? JSON.stringify(v) ?? '';
    });
  }
  if (isRecord(params)) {
    return template.replace(/%\((\w+)\)s/g, (spec, name: string) => {
      const v = params[name];
      return v === undefined ? spec : (scalarToString(v) ?? JSON.stringify(v) ?? '');
    });
  }
  return template;
}
