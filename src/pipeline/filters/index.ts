/**
 * Inbound data filters (Sentry's project "Inbound Filters"): decide before storage whether an
 * event is dropped, and why. `checkInboundFilters(event, inboundFiltersFromProject(options))`
 * returns Sentry's reason name (`localhost`, `browser-extensions`, `legacy-browsers`,
 * `web-crawlers`, `error-message`, `release-version`, `ip-address`, `filtered-transaction`) or
 * null. See docs/data-handling.md.
 */
export { checkInboundFilters, type FilterReason, type InboundFilters } from './check-inbound-filters.js';
export { globToRegExp, matchesAnyGlob } from './glob.js';
export { DEFAULT_LEGACY_BROWSERS, LEGACY_BROWSER_RULES } from './legacy-browsers.js';
export { inboundFiltersFromProject } from './options.js';
