/** Members of one team: list, add an organization member, remove. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useToast } from '../../components/toast.js';
import { Avatar, Button, errorMessage, Spinner } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys, useMembers } from '../../lib/queries.js';

export function TeamMembers({ org, team }: { org: string; team: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const members = useMembers(org);
  const list = useQuery({ queryKey: ['team-members', org, team], queryFn: () => api.teamMembers(org, team) });
  const [pick, setPick] = useState('');
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['team-members', org, team] });
    qc.invalidateQueries({ queryKey: keys.teams(org) });
  };
  const add = useMutation({
    mutationFn: (memberId: string) => api.addTeamMember(org, memberId, team),
    onSuccess: () => {
      setPick('');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const remove = useMutation({
    mutationFn: (memberId: string) => api.removeTeamMember(org, memberId, team),
    onSuccess: refresh,
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  if (list.isPending) return <Spinner />;
  if (list.isError) return <p className="alert">{errorMessage(list.error)}</p>;
  const inTeam = new Set(list.data.map((m) => m.id));
  const candidates = (members.data ?? []).filter((m) => !inTeam.has(m.id) && !m.pending);
  return (
    <div className="stack team-members" data-testid={`team-members-${team}`}>
      <ul className="plain-list">
        {list.data.map((m) => (
          <li key={m.id} className="row">
            <Avatar name={m.name || m.email} />
            <span className="grow truncate">
              {m.name || m.email} <span className="subtle">{m.email}</span>
            </span>
            <Button size="sm" onClick={() => remove.mutate(m.id)} disabled={remove.isPending}>
              Remove from team
            </Button>
          </li>
        ))}
        {list.data.length === 0 && <li className="subtle">No members yet.</li>}
      </ul>
      {candidates.length > 0 && (
        <div className="row">
          <label className="sr-only" htmlFor={`add-${team}`}>
            Add a member to #{team}
          </label>
          <select id={`add-${team}`} className="select" value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">Add a member…</option>
            {candidates.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name || m.email}
              </option>
            ))}
          </select>
          <Button size="sm" disabled={!pick || add.isPending} onClick={() => add.mutate(pick)}>
            Add
          </Button>
        </div>
      )}
    </div>
  );
}
