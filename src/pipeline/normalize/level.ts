const LEVELS: Readonly<Record<string, string>> = {
  debug: 'debug',
  trace: 'debug',
  info: 'info',
  log: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  fatal: 'fatal',
  critical: 'fatal',
};

/** Python logging levels, which some SDKs send as numbers. */
const NUMERIC: Readonly<Record<number, string>> = { 10: 'debug', 20: 'info', 30: 'warning', 40: 'error', 50: 'fatal' };

/**
 * Sentry level (`debug|info|warning|error|fatal`) from a string (case-insensitive, aliases
 * `warn`, `log`, `critical`, `trace`) or a Python logging number; undefined when invalid.
 */
export function normalizeLevel(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (value.length > 16) return undefined;
    const key = value.trim().toLowerCase();
    return Object.hasOwn(LEVELS, key) ? LEVELS[key] : undefined;
  }
  if (typeof value === 'number') return NUMERIC[value];
  return undefined;
}
