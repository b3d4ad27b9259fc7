/**
 * Server-side data scrubbing (Sentry's "Data Scrubber" project settings). Run on the normalized
 * event before anything is stored: `scrubEvent(event, scrubOptionsFromProject(project.options))`.
 * See docs/data-handling.md.
 */
export { scrubOptionsFromProject } from './options.js';
export { FILTERED } from './patterns.js';
export { DEFAULT_SENSITIVE_FIELDS, type ScrubOptions, scrubEvent } from './scrub-event.js';
