/** The organization's projects, each with links to its issues, setup instructions and settings. */
import { Link, useParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui.js';
import { useProjects } from '../../lib/queries.js';
import './projects.css';

export default function ProjectsPage() {
  const { orgSlug = '' } = useParams();
  const projects = useProjects(orgSlug);
  const o = encodeURIComponent(orgSlug);
  return (
    <div>
      <div className="page-header">
        <h1>Projects</h1>
        <span className="spacer" />
        <Link className="btn btn-primary" to={`/organizations/${o}/projects/new/`}>
          Create project
        </Link>
      </div>
      {projects.isPending ? (
        <LoadingState />
      ) : projects.isError ? (
        <ErrorState error={projects.error} retry={() => projects.refetch()} />
      ) : projects.data.length === 0 ? (
        <EmptyState title="No projects yet">
          <Link to={`/organizations/${o}/projects/new/`}>Create your first project</Link>
        </EmptyState>
      ) : (
        <div className="project-grid">
          {projects.data.map((p) => {
            const ps = encodeURIComponent(p.slug);
            return (
              <div className="panel project-card" key={p.id}>
                <h2 className="truncate">{p.name || p.slug}</h2>
                <div className="subtle">
                  {p.slug} · {p.platform ?? 'other'}
                </div>
                <div className="row-wrap">
                  <Link to={`/organizations/${o}/issues/?project=${encodeURIComponent(p.id)}`}>Issues</Link>
                  <Link to={`/organizations/${o}/projects/${ps}/getting-started/`}>Setup</Link>
                  <Link to={`/settings/${o}/projects/${ps}/`}>Settings</Link>
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
