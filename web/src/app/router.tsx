/**
 * Routes, on Sentry's paths. Every page is its own chunk (React.lazy) so the first load of the
 * issue stream carries only the shell and the stream.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, useParams } from 'react-router';
import { LoadingState } from '../components/ui.js';
// The issue stream is where `/` lands: it ships in the entry chunk, every other page is lazy.
import IssueStreamPage from '../features/issues/issue-stream-page.js';
import { RequireAuth, RootRedirect, SettingsRedirect } from './session.js';
import { NotFound, RouteError, Shell } from './shell.js';

const LoginPage = lazy(() => import('../features/auth/login-page.js'));
const AcceptInvitePage = lazy(() => import('../features/auth/accept-invite-page.js'));
const IssueDetailPage = lazy(() => import('../features/issue-detail/issue-detail-page.js'));
const ProjectsPage = lazy(() => import('../features/projects/projects-page.js'));
const NewProjectPage = lazy(() => import('../features/projects/new-project-page.js'));
const GettingStartedPage = lazy(() => import('../features/projects/getting-started-page.js'));
const OrgSettingsPage = lazy(() => import('../features/settings/org-settings-page.js'));
const MembersPage = lazy(() => import('../features/settings/members-page.js'));
const TeamsPage = lazy(() => import('../features/settings/teams-page.js'));
const ProjectSettingsPage = lazy(() => import('../features/settings/project-settings-page.js'));
const ProjectKeysPage = lazy(() => import('../features/settings/project-keys-page.js'));
const ProjectFiltersPage = lazy(() => import('../features/settings/project-filters-page.js'));
const ProjectSecurityPage = lazy(() => import('../features/settings/project-security-page.js'));
const AccountPage = lazy(() => import('../features/settings/account-page.js'));
const TokensPage = lazy(() => import('../features/settings/tokens-page.js'));

/** A lazy page in its own Suspense boundary (keyed, so a navigation shows the fallback, not a stale page). */
function page(node: ReactNode, key?: string) {
  return (
    <Suspense key={key} fallback={<LoadingState />}>
      {node}
    </Suspense>
  );
}

/** Keys a page by its main params so navigating between issues resets its state. */
function IssueDetailRoute() {
  const { issueId = '' } = useParams();
  return <IssueDetailPage key={issueId} />;
}

export const router = createBrowserRouter([
  { path: '/auth/login/', element: page(<LoginPage />), errorElement: <RouteError /> },
  { path: '/auth/register/', element: page(<LoginPage register />), errorElement: <RouteError /> },
  { path: '/accept/:memberId/:token/', element: page(<AcceptInvitePage />), errorElement: <RouteError /> },
  {
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/organizations/:orgSlug/', element: <Navigate to="issues/" replace /> },
      { path: '/organizations/:orgSlug/issues/', element: <IssueStreamPage /> },
      { path: '/organizations/:orgSlug/issues/:issueId/', element: page(<IssueDetailRoute />, 'issue-detail') },
      {
        path: '/organizations/:orgSlug/issues/:issueId/events/:eventId/',
        element: page(<IssueDetailRoute />, 'issue-detail'),
      },
      {
        path: '/organizations/:orgSlug/projects/',
        element: page(<ProjectsPage />, '/organizations/:orgSlug/projects/'),
      },
      {
        path: '/organizations/:orgSlug/projects/new/',
        element: page(<NewProjectPage />, '/organizations/:orgSlug/projects/new/'),
      },
      {
        path: '/organizations/:orgSlug/projects/:projectSlug/getting-started/',
        element: page(<GettingStartedPage />, 'getting-started'),
      },
      { path: '/settings/', element: <SettingsRedirect /> },
      { path: '/settings/account/', element: <Navigate to="details/" replace /> },
      { path: '/settings/account/details/', element: page(<AccountPage />, '/settings/account/details/') },
      {
        path: '/settings/account/api/auth-tokens/',
        element: page(<TokensPage />, '/settings/account/api/auth-tokens/'),
      },
      { path: '/settings/:orgSlug/', element: page(<OrgSettingsPage />, '/settings/:orgSlug/') },
      { path: '/settings/:orgSlug/members/', element: page(<MembersPage />, '/settings/:orgSlug/members/') },
      { path: '/settings/:orgSlug/teams/', element: page(<TeamsPage />, '/settings/:orgSlug/teams/') },
      { path: '/settings/:orgSlug/projects/', element: <Navigate to="../../" relative="path" replace /> },
      {
        path: '/settings/:orgSlug/projects/:projectSlug/',
        element: page(<ProjectSettingsPage />, '/settings/:orgSlug/projects/:projectSlug/'),
      },
      {
        path: '/settings/:orgSlug/projects/:projectSlug/keys/',
        element: page(<ProjectKeysPage />, '/settings/:orgSlug/projects/:projectSlug/keys/'),
      },
      {
        path: '/settings/:orgSlug/projects/:projectSlug/filters/',
        element: page(<ProjectFiltersPage />, '/settings/:orgSlug/projects/:projectSlug/filters/'),
      },
      {
        path: '/settings/:orgSlug/projects/:projectSlug/security-and-privacy/',
        element: page(<ProjectSecurityPage />, 'project-security'),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
