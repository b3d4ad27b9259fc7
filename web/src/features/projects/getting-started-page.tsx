/**
 * Onboarding for a project: its DSN, setup snippets per platform, and a "waiting for the first event"
 * state that flips live (SSE) when the project receives one.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CopyButton, CopyField, ErrorState, LoadingState, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys, useLiveIssues } from '../../lib/queries.js';
import './projects.css';
import { useDocumentTitle } from '../../lib/use-title.js';
import { defaultSnippet, snippets } from './snippets.js';

export default function GettingStartedPage() {
  const { orgSlug = '', projectSlug = '' } = useParams();
  useDocumentTitle(`Set up ${projectSlug}`, orgSlug);
  const project = useQuery({
    queryKey: keys.project(orgSlug, projectSlug),
    queryFn: () => api.project(orgSlug, projectSlug),
  });
  const projectKeys = useQuery({
    queryKey: keys.keys(orgSlug, projectSlug),
    queryFn: () => api.keys(orgSlug, projectSlug),
  });
  const projectId = project.data?.id;
  const existing = useQuery({
    queryKey: ['first-issue', orgSlug, projectId],
    queryFn: () => api.issues(orgSlug, { project: projectId, query: '', limit: 1, groupStatsPeriod: '' }),
    enabled: !!projectId,
  });
  const [liveIssue, setLiveIssue] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>(null);

  useLiveIssues(orgSlug, (m) => {
    if (projectId && m.projectId === String(projectId)) setLiveIssue(m.id);
  });

  if (project.isPending || projectKeys.isPending) return <LoadingState />;
  if (project.isError) return <ErrorState error={project.error} retry={() => project.refetch()} />;
  if (projectKeys.isError) return <ErrorState error={projectKeys.error} retry={() => projectKeys.refetch()} />;

  const key = projectKeys.data.find((k) => k.isActive) ?? projectKeys.data[0];
  const dsn = key?.dsn?.public ?? '';
  const all = snippets(dsn);
  const active = all.find((s) => s.id === (tab ?? defaultSnippet(project.data.platform))) ?? all[0];
  const firstIssue = liveIssue ?? existing.data?.items[0]?.id ?? null;
  const received = !!firstIssue || !!project.data.firstEvent;
  const o = encodeURIComponent(orgSlug);

  return (
    <div className="stack onboarding">
      <div className="page-header">
        <h1>Set up {project.data.name}</h1>
      </div>
      <div className={received ? 'waiting received' : 'waiting'} data-testid="first-event-status" aria-live="polite">
        {received ? (
          <>
            <strong>Your first event arrived.</strong>{' '}
            {firstIssue ? (
              <Link to={`/organizations/${o}/issues/${encodeURIComponent(firstIssue)}/`}>Take me to the issue →</Link>
            ) : (
              <Link to={`/organizations/${o}/issues/?project=${encodeURIComponent(project.data.id)}`}>
                Open the issue stream →
              </Link>
            )}
          </>
        ) : (
          <>
            <span className="pulse" /> Waiting for the first event… Install the SDK below and trigger an error; this
            page updates by itself.
          </>
        )}
      </div>
      <Panel title="DSN">
        <div className="panel-body stack">
          {dsn ? <CopyField value={dsn} label="DSN" /> : <p className="subtle">This project has no active key.</p>}
          <Link to={`/settings/${o}/projects/${encodeURIComponent(projectSlug)}/keys/`}>Manage keys</Link>
        </div>
      </Panel>
      <div className="tabs" role="tablist" aria-label="Platform">
        {all.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            className="tab"
            aria-selected={s.id === active?.id}
            onClick={() => setTab(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {active && (
        <div className="stack">
          <div>
            <div className="section-title">
              <span className="grow">Install</span>
              <CopyButton text={active.install} />
            </div>
            <pre className="code-block">{active.install}</pre>
          </div>
          <div>
            <div className="section-title">
              <span className="grow">Configure</span>
              <CopyButton text={active.code} />
            </div>
            <pre className="code-block" data-testid="setup-snippet">
              {active.code}
            </pre>
          </div>
        </div>
      )}
    </div>
  );
}
