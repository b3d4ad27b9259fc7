/**
 * The per-event processors other parts of the pipeline provide: normalization (Relay rules),
 * inbound filters and scrubbing. Gathered behind one interface so the batch code reads top to
 * bottom and tests can count calls; `defaultProcessors` wires the real ones.
 */
import { checkInboundFilters } from '../filters/index.js';
import type { JsonRecord } from '../items/common.js';
import type { ItemContext } from '../items/context.js';
import { type NormalizeContext, normalizeEvent } from '../normalize/index.js';
import type { PipelineProject } from '../projects.js';
import { scrubEvent } from '../scrub/index.js';

export interface EventProcessors {
  normalize(raw: unknown, ctx: NormalizeContext): { event: JsonRecord };
  /** The inbound filter that drops this event (Sentry's filter id), or null to keep it. */
  filter(event: JsonRecord, project: PipelineProject, ctx: ItemContext): string | null;
  /** Removes secrets and PII per the project's settings; may return the same object. */
  scrub(event: JsonRecord, project: PipelineProject): JsonRecord;
}

export const defaultProcessors: EventProcessors = {
  normalize: (raw, ctx) => normalizeEvent(raw, ctx),
  filter: (event, project) => checkInboundFilters(event, project.filters),
  scrub: (event, project) => scrubEvent(event, project.scrub),
};
