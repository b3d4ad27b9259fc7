/** Create a project in one of the organization's teams, then go to its setup instructions. */
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, ErrorState, errorMessage, LoadingState, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys, useTeams } from '../../lib/queries.js';
import './projects.css';
import { PLATFORMS } from './snippets.js';

export default function NewProjectPage() {
  const { orgSlug = '' } = useParams();
  const teams = useTeams(orgSlug);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState('javascript');
  const [team, setTeam] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (teams.isPending) return <LoadingState />;
  if (teams.isError) return <ErrorState error={teams.error} retry={() => teams.refetch()} />;
  const teamSlug = team || teams.data[0]?.slug || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await api.createProject(orgSlug, teamSlug, { name, platform });
      await qc.invalidateQueries({ queryKey: keys.projects(orgSlug) });
      navigate(`/organizations/${encodeURIComponent(orgSlug)}/projects/${encodeURIComponent(p.slug)}/getting-started/`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="form-narrow">
      <div className="page-header">
        <h1>Create a project</h1>
      </div>
      <Panel>
        <form className="panel-body stack" onSubmit={submit}>
          <div className="field">
            <label htmlFor="project-name">Name</label>
            <input
              id="project-name"
              className="input"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="my-app"
            />
          </div>
          <div className="field">
            <label htmlFor="project-platform">Platform</label>
            <select
              id="project-platform"
              className="select"
              value={platform}
              onChange={(e) => setPlatform(e.target.value)}
            >
              {PLATFORMS.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="project-team">Team</label>
            <select id="project-team" className="select" value={teamSlug} onChange={(e) => setTeam(e.target.value)}>
              {teams.data.map((t) => (
                <option key={t.id} value={t.slug}>
                  #{t.slug}
                </option>
              ))}
            </select>
          </div>
          {error && (
            <div className="alert" role="alert">
              {error}
            </div>
          )}
          <div>
            <Button type="submit" variant="primary" disabled={busy || !name.trim() || !teamSlug}>
              Create project
            </Button>
          </div>
        </form>
      </Panel>
    </div>
  );
}
