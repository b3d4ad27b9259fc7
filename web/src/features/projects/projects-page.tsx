/** The organization's projects, each with links to its issues, setup instructions and settings. */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Sparkline } from '../../components/sparkline.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { formatCount } from '../../lib/format.js';
import { useProjects } from '../../lib/queries.js';

/** Events accepted by the project over the last 24 hours (from ingest outcomes). */
function ProjectActivity({ org, project }: { org: string; project: string }) {
  const stats = useQuery({
    queryKey: ['project-stats', org, project],
    queryFn: () => api.projectStats(org, project, 'received', '1h', Math.floor(Date.now() / 1000) - 86_400),
    retry: false,
    staleTime: 60_000,
  });
  if (!Array.isArray(stats.data)) return <div className="subtle">—</div>;
  const total = stats.data.reduce((sum, p) => sum + (Array.isArray(p) ? Number(p[1]) || 0 : 0), 0);
  return (
    <div className="row">
      <Sparkline points={stats.data} width={160} height={28} />
      <span className="subtle">{formatCount(total)} events in 24h</span>
    </div>
  );
}

import './projects.css';
import { useDocumentTitle } from '../../lib/use-title.js';

export default function ProjectsPage() {
  const { orgSlug = '' } = useParams();
  const projects = useProjects(orgSlug);
  useDocumentTitle('Projects', orgSlug);
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
                <ProjectActivity org={orgSlug} project={p.slug} />
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
