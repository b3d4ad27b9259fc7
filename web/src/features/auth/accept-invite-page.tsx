/**
 * `/accept/:memberId/:token/`: an invitation link. Signed-in users join with one click; others
 * create an account bound to the invitation, or sign in first and come back.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, ErrorState, errorMessage, LoadingState } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys } from '../../lib/queries.js';
import './auth.css';

export default function AcceptInvitePage() {
  const { memberId = '', token = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const details = useQuery({
    queryKey: ['invite', memberId, token],
    queryFn: () => api.inviteDetails(memberId, token),
  });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (details.isPending) return <LoadingState />;
  if (details.isError)
    return (
      <div className="auth-page">
        <ErrorState title="This invitation is not valid" error={details.error} />
      </div>
    );
  const d = details.data;
  const orgPath = `/organizations/${encodeURIComponent(d.orgSlug)}/issues/`;
  const here = `/accept/${encodeURIComponent(memberId)}/${encodeURIComponent(token)}/`;

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.authConfig[0] });
      await qc.refetchQueries({ queryKey: keys.authConfig });
      navigate(orgPath, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const register = (e: FormEvent) => {
    e.preventDefault();
    run(() => api.register(d.email, password, { name: name || undefined, invite: { memberId, token } }));
  };

  return (
    <div className="auth-page">
      <div className="auth-card panel">
        <div className="auth-brand">Faultline</div>
        <h1>Join {d.orgName}</h1>
        <p className="muted">
          {d.email} is invited to <strong>{d.orgName}</strong> as {d.role}.
        </p>
        {error && (
          <div className="alert" role="alert">
            {error}
          </div>
        )}
        {d.needsAuthentication ? (
          <form className="stack" onSubmit={register}>
            <div className="field">
              <label htmlFor="invite-name">Name</label>
              <input id="invite-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="invite-password">Choose a password</label>
              <input
                id="invite-password"
                type="password"
                className="input"
                required
                minLength={8}
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <Button type="submit" variant="primary" disabled={busy}>
              Create account and join
            </Button>
            <p className="muted auth-switch">
              <Link to={`/auth/login/?next=${encodeURIComponent(here)}`}>I already have an account</Link>
            </p>
          </form>
        ) : (
          <Button variant="primary" disabled={busy} onClick={() => run(() => api.acceptInvite(memberId, token))}>
            Join {d.orgName}
          </Button>
        )}
      </div>
    </div>
  );
}
