/** Teams of the organization: create and delete. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import { Button, EmptyState, ErrorState, errorMessage, LoadingState, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys, useTeams } from '../../lib/queries.js';
import { SettingsLayout } from './settings-layout.js';
import { TeamMembers } from './team-members.js';

export default function TeamsPage() {
  const { orgSlug = '' } = useParams();
  const teams = useTeams(orgSlug);
  const qc = useQueryClient();
  const toast = useToast();
  const [slug, setSlug] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: keys.teams(orgSlug) });
  const create = useMutation({
    mutationFn: () => api.createTeam(orgSlug, slug),
    onSuccess: () => {
      toast(`Team #${slug} created`);
      setSlug('');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const remove = useMutation({
    mutationFn: (team: string) => api.deleteTeam(orgSlug, team),
    onSuccess: () => {
      toast('Team deleted');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <SettingsLayout title="Teams">
      <Panel title="Create a team">
        <form className="panel-body row-wrap" onSubmit={submit}>
          <label className="sr-only" htmlFor="team-slug">
            Team slug
          </label>
          <input
            id="team-slug"
            className="input grow"
            required
            pattern="[a-z0-9_\-]+"
            title="lowercase letters, digits, - and _"
            placeholder="backend"
            value={slug}
            onChange={(e) => setSlug(e.target.value.toLowerCase())}
          />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create team
          </Button>
        </form>
      </Panel>
      <Panel title="Teams">
        {teams.isPending ? (
          <LoadingState />
        ) : teams.isError ? (
          <ErrorState error={teams.error} retry={() => teams.refetch()} />
        ) : teams.data.length === 0 ? (
          <EmptyState title="No teams" />
        ) : (
          <table className="table">
            <tbody>
              {teams.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <details>
                      <summary>
                        <strong>#{t.slug}</strong> <span className="subtle">{t.name !== t.slug ? t.name : ''}</span>
                      </summary>
                      <TeamMembers org={orgSlug} team={t.slug} />
                    </details>
                  </td>
                  <td className="subtle">
                    {t.memberCount !== undefined ? `${t.memberCount} member${t.memberCount === 1 ? '' : 's'}` : ''}
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    <Button
                      size="sm"
                      variant="danger"
                      onClick={() => remove.mutate(t.slug)}
                      disabled={remove.isPending}
                    >
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </SettingsLayout>
  );
}
