/** Route guards: signed-out users go to the login page; `/` goes to the issue stream of the last org. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../components/ui.js';
import { lastOrg, useAuthConfig, useOrganizations } from '../lib/queries.js';

export function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuthConfig();
  const location = useLocation();
  if (auth.isPending) return <LoadingState />;
  if (auth.isError) return <ErrorState error={auth.error} retry={() => auth.refetch()} />;
  if (!auth.data.user) {
    const next = location.pathname + location.search;
    const target = auth.data.hasUsers ? '/auth/login/' : '/auth/register/';
    return <Navigate to={next === '/' ? target : `${target}?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

function useDefaultOrg() {
  const orgs = useOrganizations();
  const remembered = lastOrg();
  const slug =
    orgs.data?.find((o) => o.slug === remembered)?.slug ??
    (orgs.data && orgs.data.length > 0 ? orgs.data[0]?.slug : undefined);
  return { orgs, slug };
}

export function RootRedirect() {
  const { orgs, slug } = useDefaultOrg();
  if (orgs.isPending) return <LoadingState />;
  if (orgs.isError) return <ErrorState error={orgs.error} retry={() => orgs.refetch()} />;
  if (!slug) {
    return (
      <EmptyState title="You are not a member of any organization">
        Ask an owner for an invitation, or create one with <code>faultline bootstrap</code>.
      </EmptyState>
    );
  }
  return <Navigate to={`/organizations/${encodeURIComponent(slug)}/issues/`} replace />;
}

export function SettingsRedirect() {
  const { orgs, slug } = useDefaultOrg();
  if (orgs.isPending) return <LoadingState />;
  return <Navigate to={slug ? `/settings/${encodeURIComponent(slug)}/` : '/settings/account/details/'} replace />;
}
