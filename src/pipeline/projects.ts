/**
 * Per-project settings the pipeline needs (organization for notifications, platform, options for
 * inbound filters, scrubbing and grouping), loaded once per batch for the batch's projects and
 * cached briefly so settings changes apply within seconds.
 */
import { type ProjectOptions, parseOptionsJson, readProjectOptions } from '../accounts/project-options.js';
import type { Db } from '../storage/index.js';
import { type InboundFilters, inboundFiltersFromProject } from './filters/index.js';
import { type ScrubOptions, scrubOptionsFromProject } from './scrub/index.js';

export interface PipelineProject {
  id: number;
  organizationId: number;
  platform: string | null;
  /** Typed projects.options (scrubbing, inbound filters, grouping rules), with Sentry's defaults. */
  options: ProjectOptions;
  /** The stored option keys as they are (`sentry:…`, `filters:…`). */
  rawOptions: Record<string, unknown>;
  /** Compiled once per load: the project's inbound filters and scrubbing settings. */
  filters: InboundFilters;
  scrub: ScrubOptions;
}

const TTL_MS = 5_000;

export class ProjectCache {
  private readonly entries = new Map<number, { project: PipelineProject | null; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = TTL_MS,
  ) {}

  /** The projects by id; ids of deleted/unknown projects map to null. */
  async load(ids: Iterable<number>, now = Date.now()): Promise<Map<number, PipelineProject | null>> {
    const out = new Map<number, PipelineProject | null>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const e = this.entries.get(id);
      if (e && now - e.at < this.ttlMs) out.set(id, e.project);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await this.db
        .selectFrom('projects')
        .select(['id', 'organization_id', 'platform', 'options'])
        .where('id', 'in', missing)
        .execute();
      const found = new Map(rows.map((r) => [r.id, r]));
      for (const id of missing) {
        const r = found.get(id);
        const project: PipelineProject | null = r
          ? {
              id: r.id,
              organizationId: r.organization_id,
              platform: r.platform,
              options: readProjectOptions(r.options),
              rawOptions: parseOptionsJson(r.options),
              filters: inboundFiltersFromProject(r.options),
              scrub: scrubOptionsFromProject(r.options),
            }
          : null;
        this.entries.set(id, { project, at: now });
        out.set(id, project);
      }
    }
    return out;
  }
}
