/** Members of the organization: roles, invitations (pending members) and removal. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import {
  Avatar,
  Badge,
  Button,
  CopyField,
  ErrorState,
  errorMessage,
  LoadingState,
  Panel,
} from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys, useAuthConfig, useMembers } from '../../lib/queries.js';
import { SettingsLayout } from './settings-layout.js';

const ROLES = ['member', 'admin', 'manager', 'owner'];

export default function MembersPage() {
  const { orgSlug = '' } = useParams();
  const members = useMembers(orgSlug);
  const me = useAuthConfig().data?.user;
  const qc = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [inviteLink, setInviteLink] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: keys.members(orgSlug) });
  const onError = (err: unknown) => toast(errorMessage(err), 'error');

  const invite = useMutation({
    mutationFn: () => api.inviteMember(orgSlug, email, role),
    onSuccess: (m) => {
      toast(`Invited ${email}`);
      setInviteLink(typeof m?.inviteLink === 'string' ? m.inviteLink : null);
      setEmail('');
      refresh();
    },
    onError,
  });
  const changeRole = useMutation({
    mutationFn: ({ id, r }: { id: string; r: string }) => api.updateMember(orgSlug, id, r),
    onSuccess: () => {
      toast('Role updated');
      refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.removeMember(orgSlug, id),
    onSuccess: () => {
      toast('Member removed');
      refresh();
    },
    onError,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };

  return (
    <SettingsLayout title="Members">
      <Panel title="Invite a member">
        <form className="panel-body row-wrap" onSubmit={submit}>
          <label className="sr-only" htmlFor="invite-email">
            Email
          </label>
          <input
            id="invite-email"
            type="email"
            required
            className="input grow"
            placeholder="teammate@example.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label className="sr-only" htmlFor="invite-role">
            Role
          </label>
          <select id="invite-role" className="select" value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <Button type="submit" variant="primary" disabled={invite.isPending}>
            Send invitation
          </Button>
        </form>
        {inviteLink && (
          <div className="panel-body field">
            <span className="field-label">Invitation link (share it if email is not configured)</span>
            <CopyField value={inviteLink} label="Invitation link" />
          </div>
        )}
      </Panel>
      <Panel title="Members">
        {members.isPending ? (
          <LoadingState />
        ) : members.isError ? (
          <ErrorState error={members.error} retry={() => members.refetch()} />
        ) : (
          <table className="table" data-testid="members-table">
            <tbody>
              {members.data.map((m) => {
                const r = m.orgRole ?? m.role ?? 'member';
                const self = !!me && m.user?.id === me.id;
                return (
                  <tr key={m.id}>
                    <td>
                      <div className="row">
                        <Avatar name={m.name || m.email} />
                        <div className="grow">
                          <div className="truncate">
                            <strong>{m.name || m.email}</strong> {self && <Badge>you</Badge>}{' '}
                            {m.pending && <Badge tone="warning">{m.expired ? 'invitation expired' : 'invited'}</Badge>}
                          </div>
                          <div className="subtle truncate">{m.email}</div>
                        </div>
                      </div>
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`role-${m.id}`}>
                        Role of {m.email}
                      </label>
                      <select
                        id={`role-${m.id}`}
                        className="select select-sm"
                        value={r}
                        disabled={self}
                        onChange={(e) => changeRole.mutate({ id: m.id, r: e.target.value })}
                      >
                        {ROLES.includes(r) ? null : <option>{r}</option>}
                        {ROLES.map((x) => (
                          <option key={x}>{x}</option>
                        ))}
                      </select>
                    </td>
                    <td style={{ textAlign: 'right' }}>
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={self || remove.isPending}
                        onClick={() => remove.mutate(m.id)}
                      >
                        {m.pending ? 'Revoke' : 'Remove'}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Panel>
    </SettingsLayout>
  );
}
