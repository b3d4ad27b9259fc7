/** The settings frame: a navigation column (account, organization, projects) and the page body. */
import type { ReactNode } from 'react';
import { NavLink, useParams } from 'react-router';
import { lastOrg, useOrganizations, useProjects } from '../../lib/queries.js';
import './settings.css';
import { useDocumentTitle } from '../../lib/use-title.js';

export function SettingsLayout({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const params = useParams();
  useDocumentTitle(title, 'Settings', params.orgSlug);
  const orgs = useOrganizations();
  const org = params.orgSlug ?? lastOrg() ?? orgs.data?.[0]?.slug;
  const projects = useProjects(org);
  const o = encodeURIComponent(org ?? '');
  const project = params.projectSlug;
  const p = encodeURIComponent(project ?? '');
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label="Settings">
        <div className="settings-nav-group">
          <div className="menu-label">Account</div>
          <NavLink end to="/settings/account/details/">
            Account details
          </NavLink>
          <NavLink end to="/settings/account/api/auth-tokens/">
            API tokens
          </NavLink>
        </div>
        {org && (
          <div className="settings-nav-group">
            <div className="menu-label">Organization</div>
            <NavLink end to={`/settings/${o}/`}>
              General settings
            </NavLink>
            <NavLink end to={`/settings/${o}/members/`}>
              Members
            </NavLink>
            <NavLink end to={`/settings/${o}/teams/`}>
              Teams
            </NavLink>
          </div>
        )}
        {org && (
          <div className="settings-nav-group">
            <div className="menu-label">Projects</div>
            {(projects.data ?? []).slice(0, 50).map((x) => (
              <NavLink key={x.id} end to={`/settings/${o}/projects/${encodeURIComponent(x.slug)}/`}>
                {x.slug}
              </NavLink>
            ))}
          </div>
        )}
        {org && project && (
          <div className="settings-nav-group">
            <div className="menu-label">Project: {project}</div>
            <NavLink end to={`/settings/${o}/projects/${p}/`}>
              General
            </NavLink>
            <NavLink end to={`/settings/${o}/projects/${p}/keys/`}>
              Client keys (DSN)
            </NavLink>
            <NavLink end to={`/settings/${o}/projects/${p}/filters/`}>
              Inbound filters
            </NavLink>
            <NavLink end to={`/settings/${o}/projects/${p}/security-and-privacy/`}>
              Security &amp; privacy
            </NavLink>
          </div>
        )}
      </nav>
      <div className="settings-body">
        <div className="page-header">
          <h1>{title}</h1>
          <span className="spacer" />
          {actions}
        </div>
        {children}
      </div>
    </div>
  );
}

/** Splits a textarea into trimmed, non-empty lines (bounded). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 1000);
}
