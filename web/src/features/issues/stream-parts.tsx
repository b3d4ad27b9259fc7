/** Presentational parts of the issue stream: empty state, "select all matching" banner, pager. */
import { Link } from 'react-router';
import { Button, EmptyState } from '../../components/ui.js';
import type { Project } from '../../lib/api-types.js';
import type { PageLinks } from '../../lib/link-header.js';

export function StreamEmpty({
  org,
  projects,
  projectsLoaded,
  paged,
  defaultView,
}: {
  org: string;
  projects: Project[];
  projectsLoaded: boolean;
  paged: boolean;
  defaultView: boolean;
}) {
  const o = encodeURIComponent(org);
  return (
    <EmptyState title={paged ? 'No more issues' : 'No issues match your search'}>
      {projects.length > 0 && !paged && defaultView ? (
        <span>
          Nothing unresolved. Waiting for events?{' '}
          <Link to={`/organizations/${o}/projects/${encodeURIComponent(projects[0]?.slug ?? '')}/getting-started/`}>
            Set up an SDK
          </Link>
        </span>
      ) : projectsLoaded && projects.length === 0 ? (
        <span>
          No projects yet. <Link to={`/organizations/${o}/projects/new/`}>Create your first project</Link>
        </span>
      ) : (
        <span>Try a different search or time range.</span>
      )}
    </EmptyState>
  );
}

export function SelectAllBanner({
  pageCount,
  hits,
  allMatching,
  setAllMatching,
}: {
  pageCount: number;
  hits: number;
  allMatching: boolean;
  setAllMatching: (v: boolean) => void;
}) {
  return (
    <div className="select-all-banner" role="status">
      {allMatching ? (
        <>
          All {hits} issues that match this search are selected.{' '}
          <button type="button" className="link-button" onClick={() => setAllMatching(false)}>
            Only this page
          </button>
        </>
      ) : (
        <>
          The {pageCount} issues on this page are selected.{' '}
          <button type="button" className="link-button" onClick={() => setAllMatching(true)}>
            Select all {hits} issues that match this search
          </button>
        </>
      )}
    </div>
  );
}

export function Pager({
  hits,
  links,
  onCursor,
}: {
  hits: number | undefined;
  links: PageLinks | undefined;
  onCursor: (cursor: string) => void;
}) {
  return (
    <div className="pager row">
      {hits !== undefined && <span className="subtle">{hits} issues</span>}
      <span className="subtle kbd-hint">
        <kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>Enter</kbd> open
      </span>
      <span className="spacer" />
      <Button
        size="sm"
        disabled={!links?.previous?.results}
        onClick={() => onCursor(links?.previous?.cursor ?? '')}
        aria-label="Previous page"
      >
        ← Previous
      </Button>
      <Button
        size="sm"
        disabled={!links?.next?.results}
        onClick={() => onCursor(links?.next?.cursor ?? '')}
        aria-label="Next page"
      >
        Next →
      </Button>
    </div>
  );
}
