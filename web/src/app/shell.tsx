/** The signed-in layout: sidebar (organization switcher, navigation, user menu) and the page outlet. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  isRouteErrorResponse,
  Link,
  NavLink,
  Outlet,
  useLocation,
  useNavigate,
  useParams,
  useRouteError,
} from 'react-router';
import { Dropdown } from '../components/menu.js';
import { Avatar, EmptyState } from '../components/ui.js';
import { api } from '../lib/api.js';
import { lastOrg, rememberOrg, useAuthConfig, useOrganizations } from '../lib/queries.js';
import { applyTheme, effectiveTheme, storedTheme, type ThemeChoice } from '../lib/theme.js';

function useCurrentOrg(): string | undefined {
  const { orgSlug } = useParams();
  const orgs = useOrganizations();
  if (orgSlug) return orgSlug;
  const remembered = lastOrg();
  return orgs.data?.find((o) => o.slug === remembered)?.slug ?? orgs.data?.[0]?.slug;
}

function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const next: ThemeChoice = effectiveTheme(choice) === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        setChoice(next);
      }}
    >
      {next === 'dark' ? '☾' : '☀'}
    </button>
  );
}

export function Shell() {
  const org = useCurrentOrg();
  const orgs = useOrganizations();
  const auth = useAuthConfig();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [navOpen, setNavOpen] = useState(false);
  const { orgSlug } = useParams();
  const location = useLocation();

  useEffect(() => {
    if (orgSlug) rememberOrg(orgSlug);
  }, [orgSlug]);
  // Close the mobile navigation drawer after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on location changes
  useEffect(() => setNavOpen(false), [location.pathname]);

  const user = auth.data?.user;
  const current = orgs.data?.find((o) => o.slug === org);
  const o = encodeURIComponent(org ?? '');

  const logout = async () => {
    try {
      await api.logout();
    } finally {
      qc.clear();
      navigate('/auth/login/', { replace: true });
    }
  };

  return (
    <div className={navOpen ? 'shell nav-open' : 'shell'}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-label="Toggle navigation"
          aria-expanded={navOpen}
          onClick={() => setNavOpen((v) => !v)}
        >
          ☰
        </button>
        <span className="brand">Faultline</span>
        <span className="spacer" />
        <ThemeToggle />
      </header>
      <nav className="sidebar" aria-label="Main">
        <div className="sidebar-top">
          <Dropdown
            buttonClassName="org-switcher"
            title="Switch organization"
            label={
              <>
                <Avatar name={current?.name ?? org} />
                <span className="truncate" data-testid="current-org">
                  {current?.name ?? org ?? 'Organization'}
                </span>
                <span aria-hidden="true">▾</span>
              </>
            }
            header={<div className="menu-label">Organizations</div>}
            items={(orgs.data ?? []).map((x) => ({
              key: x.slug,
              label: (
                <>
                  <Avatar name={x.name} />
                  {x.name}
                </>
              ),
              onSelect: () => navigate(`/organizations/${encodeURIComponent(x.slug)}/issues/`),
            }))}
          />
        </div>
        {org && (
          <div className="nav-links">
            <NavLink to={`/organizations/${o}/issues/`} className="nav-link">
              Issues
            </NavLink>
            <NavLink to={`/organizations/${o}/projects/`} className="nav-link">
              Projects
            </NavLink>
            <NavLink to={`/settings/${o}/`} className="nav-link">
              Settings
            </NavLink>
          </div>
        )}
        <div className="spacer" />
        <div className="sidebar-bottom">
          <Dropdown
            buttonClassName="user-menu"
            title="Account"
            label={
              <>
                <Avatar name={user?.name || user?.email} />
                <span className="truncate">{user?.name || user?.email}</span>
              </>
            }
            items={[
              { key: 'account', label: 'Account settings', onSelect: () => navigate('/settings/account/details/') },
              { key: 'tokens', label: 'API tokens', onSelect: () => navigate('/settings/account/api/auth-tokens/') },
              { key: 'logout', label: 'Sign out', onSelect: logout },
            ]}
          />
          <span className="desktop-only">
            <ThemeToggle />
          </span>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

export function NotFound() {
  return (
    <EmptyState title="Page not found">
      <Link to="/">Go to your issues</Link>
    </EmptyState>
  );
}

export function RouteError() {
  const err = useRouteError();
  const text = isRouteErrorResponse(err) ? `${err.status} ${err.statusText}` : err instanceof Error ? err.message : '';
  return (
    <div className="state state-error" role="alert">
      <div className="state-title">Something went wrong</div>
      <div className="break">{text}</div>
      <a href="/">Reload</a>
    </div>
  );
}
