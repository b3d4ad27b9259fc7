/** Personal API tokens (`sntryu_…`): create with scopes (the token is shown once), list, revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useToast } from '../../components/toast.js';
import {
  Button,
  CopyField,
  EmptyState,
  ErrorState,
  errorMessage,
  LoadingState,
  Panel,
  TimeAgo,
} from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys } from '../../lib/queries.js';
import { SettingsLayout } from './settings-layout.js';

const SCOPES = [
  'org:read',
  'org:write',
  'org:admin',
  'project:read',
  'project:write',
  'project:admin',
  'project:releases',
  'team:read',
  'team:write',
  'team:admin',
  'member:read',
  'member:write',
  'member:admin',
  'event:read',
  'event:write',
  'event:admin',
];
const DEFAULT = new Set(['org:read', 'project:read', 'project:releases', 'event:read', 'team:read', 'member:read']);

export default function TokensPage() {
  const qc = useQueryClient();
  const toast = useToast();
  const tokens = useQuery({ queryKey: keys.tokens, queryFn: api.apiTokens });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<string>>(new Set(DEFAULT));
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: keys.tokens });

  const create = useMutation({
    mutationFn: () => api.createApiToken([...scopes], name || undefined),
    onSuccess: (t) => {
      setCreated(t.token ?? null);
      setName('');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteApiToken(id),
    onSuccess: () => {
      toast('Token revoked');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <SettingsLayout title="API tokens">
      {created && (
        <div className="token-once stack" role="status">
          <strong>Copy your new token now: it will not be shown again.</strong>
          <CopyField value={created} label="New token" />
        </div>
      )}
      <Panel title="Create a token">
        <form className="panel-body stack" onSubmit={submit}>
          <div className="field">
            <label htmlFor="t-name">Name</label>
            <input
              id="t-name"
              className="input"
              value={name}
              maxLength={255}
              onChange={(e) => setName(e.target.value)}
              placeholder="CI releases"
            />
          </div>
          <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
            <legend className="field-label">Scopes</legend>
            <div className="scope-grid">
              {SCOPES.map((s) => (
                <label key={s} className="toggle-row mono">
                  <input
                    type="checkbox"
                    className="checkbox"
                    checked={scopes.has(s)}
                    onChange={(e) => {
                      const next = new Set(scopes);
                      if (e.target.checked) next.add(s);
                      else next.delete(s);
                      setScopes(next);
                    }}
                  />
                  {s}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <Button type="submit" variant="primary" disabled={create.isPending || scopes.size === 0}>
              Create token
            </Button>
          </div>
        </form>
      </Panel>
      <Panel title="Tokens">
        {tokens.isPending ? (
          <LoadingState />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} retry={() => tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No tokens yet" />
        ) : (
          <table className="table">
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <strong>{t.name || 'Token'}</strong>
                    <div className="mono subtle">
                      {t.tokenLastCharacters ? `sntryu_…${t.tokenLastCharacters}` : ''} · created{' '}
                      <TimeAgo date={t.dateCreated} />
                    </div>
                  </td>
                  <td className="mono subtle break">{(t.scopes ?? []).join(' ')}</td>
                  <td style={{ textAlign: 'right' }}>
                    <Button size="sm" variant="danger" onClick={() => remove.mutate(t.id)} disabled={remove.isPending}>
                      Revoke
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
