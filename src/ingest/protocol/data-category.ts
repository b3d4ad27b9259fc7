/**
 * Data categories: what rate limits and outcomes count.
 * Spec: https://develop.sentry.dev/sdk/expected-features/rate-limiting/#definitions
 * (Relay `relay-base-schema/src/data_category.rs`; docs/sentry-protocol.md §2.5).
 */
export type DataCategory =
  | 'default'
  | 'error'
  | 'transaction'
  | 'security'
  | 'attachment'
  | 'attachment_item'
  | 'session'
  | 'profile'
  | 'replay'
  | 'monitor'
  | 'span'
  | 'log_item'
  | 'log_byte'
  | 'feedback'
  | 'trace_metric'
  | 'unknown';

/** The categories a DSN key's rate limit applies to (Sentry: error categories). */
export const KEY_LIMITED_CATEGORIES: readonly DataCategory[] = ['default', 'error', 'security'];

/** A category name as an SDK reports it in a client report, or null when it is not one. */
export function sanitizeCategory(value: unknown): string | null {
  return typeof value === 'string' && /^[a-z][a-z0-9_]{0,39}$/.test(value) ? value : null;
}
