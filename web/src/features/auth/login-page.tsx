/** Sign in, and sign-up of the first user (or anyone, when open registration is enabled). */
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Button, errorMessage, LoadingState } from '../../components/ui.js';
import { ApiError, api } from '../../lib/api.js';
import type { AuthConfig } from '../../lib/api-types.js';
import { keys, useAuthConfig } from '../../lib/queries.js';
import './auth.css';
import { useDocumentTitle } from '../../lib/use-title.js';

/** Only same-site paths are valid `next` targets (no `//evil.example` or `javascript:`). */
function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export default function LoginPage({ register = false }: { register?: boolean }) {
  const auth = useAuthConfig();
  useDocumentTitle(register ? 'Sign up' : 'Sign in');
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [organization, setOrganization] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (auth.isPending) return <LoadingState />;
  if (auth.data?.user) return <Navigate to={next} replace />;

  const firstUser = auth.data ? !auth.data.hasUsers : false;
  const canRegister = firstUser || !!auth.data?.canRegister;
  const isRegister = (register || firstUser) && canRegister;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { user } = isRegister
        ? await api.register(email, password, {
            name: name || undefined,
            organization: firstUser && organization ? organization : undefined,
          })
        : await api.login(email, password);
      // Nothing cached for a previous session may leak into this one.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.authConfig[0] });
      // With a user in the auth config this page renders <Navigate to={next}>: the one redirect.
      // (Navigating here as well would race it and could leave the app on `/`.)
      qc.setQueryData<AuthConfig>(keys.authConfig, (old) => ({
        hasUsers: true,
        canRegister: old?.canRegister ?? false,
        user,
      }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError('Too many attempts. Wait a minute and try again.');
      else if (err instanceof ApiError && (err.status === 401 || err.status === 400) && !isRegister)
        setError(err.detail || 'Invalid email or password.');
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="auth-card panel" onSubmit={submit} aria-labelledby="auth-title">
        <div className="auth-brand">Faultline</div>
        <h1 id="auth-title">
          {isRegister ? (firstUser ? 'Create the first account' : 'Create your account') : 'Sign in'}
        </h1>
        {firstUser && <p className="muted">This account will be the owner and superuser of this Faultline.</p>}
        {auth.isError && <div className="alert">{errorMessage(auth.error)}</div>}
        {isRegister && (
          <div className="field">
            <label htmlFor="name">Name</label>
            <input
              id="name"
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
            />
          </div>
        )}
        {firstUser && (
          <div className="field">
            <label htmlFor="organization">Organization name</label>
            <input
              id="organization"
              className="input"
              maxLength={64}
              placeholder="Acme"
              value={organization}
              onChange={(e) => setOrganization(e.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            className="input"
            required
            autoComplete={isRegister ? 'email' : 'username'}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            className="input"
            required
            minLength={isRegister ? 8 : undefined}
            autoComplete={isRegister ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error && (
          <div className="alert" role="alert">
            {error}
          </div>
        )}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Please wait…' : isRegister ? 'Create account' : 'Sign in'}
        </Button>
        {!firstUser && canRegister && (
          <p className="muted auth-switch">
            {isRegister ? (
              <Link to={`/auth/login/${params.toString() ? `?${params}` : ''}`}>Already have an account? Sign in</Link>
            ) : (
              <Link to={`/auth/register/${params.toString() ? `?${params}` : ''}`}>Create an account</Link>
            )}
          </p>
        )}
      </form>
    </div>
  );
}
