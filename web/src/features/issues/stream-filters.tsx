/** The stream's filter bar: project, environment, time range and the search bar. */
import type { Project } from '../../lib/api-types.js';
import type { TagCatalog } from '../../lib/tag-catalog.js';
import { SearchBar } from './search-bar.js';
import { PERIODS, type StreamParams } from './stream-params.js';

export function StreamFilters({
  params,
  update,
  projects,
  catalog,
  onSearch,
}: {
  params: StreamParams;
  update: (patch: Partial<Omit<StreamParams, 'limit'>>) => void;
  projects: Project[];
  catalog: TagCatalog;
  onSearch: (q: string) => void;
}) {
  const environments = catalog.values.environment ?? [];
  return (
    <div className="filters row-wrap">
      <label className="sr-only" htmlFor="project-filter">
        Project
      </label>
      <select
        id="project-filter"
        className="select"
        value={params.project}
        onChange={(e) => update({ project: e.target.value })}
      >
        <option value="">All projects</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name || p.slug}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="env-filter">
        Environment
      </label>
      <select
        id="env-filter"
        className="select"
        value={params.environment}
        onChange={(e) => update({ environment: e.target.value })}
      >
        <option value="">All environments</option>
        {environments.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
        {params.environment && !environments.includes(params.environment) && (
          <option value={params.environment}>{params.environment}</option>
        )}
      </select>
      <label className="sr-only" htmlFor="period-filter">
        Time range
      </label>
      <select
        id="period-filter"
        className="select"
        value={params.statsPeriod}
        onChange={(e) => update({ statsPeriod: e.target.value })}
      >
        {PERIODS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </select>
      <div className="grow search-cell">
        <SearchBar catalog={catalog} value={params.query} onSearch={onSearch} />
      </div>
    </div>
  );
}
