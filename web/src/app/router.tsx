/**
 * Routes, on Sentry's paths. Every page is its own chunk (React.lazy) so the first load of the
 * issue stream carries only the shell and the stream.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, useParams } from 'react-router';
import { LoadingState } from '../components/ui.js';
import { RequireAuth, RootRedirect, SettingsRedirect } from './session.js';
import { NotFound, RouteError, Shell } from './shell.js';

const LoginPage = lazy(() => import('../features/auth/login-page.js'));
const AcceptInvitePage = lazy(() => import('../features/auth/accept-invite-page.js'));
const IssueStreamPage = lazy(() => import('../features/issues/issue-stream-page.js'));
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

function page(node: ReactNode) {
  return <Suspense fallback={<LoadingState />}>{node}</Suspense>;
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
      { path: '/organizations/:orgSlug/issues/', element: page(<IssueStreamPage />) },
      { path: '/organizations/:orgSlug/issues/:issueId/', element: page(<IssueDetailRoute />) },
      { path: '/organizations/:orgSlug/issues/:issueId/events/:eventId/', element: page(<IssueDetailRoute />) },
      { path: '/organizations/:orgSlug/projects/', element: page(<ProjectsPage />) },
      { path: '/organizations/:orgSlug/projects/new/', element: page(<NewProjectPage />) },
      {
        path: '/organizations/:orgSlug/projects/:projectSlug/getting-started/',
        element: page(<GettingStartedPage />),
      },
      { path: '/settings/', element: <SettingsRedirect /> },
      { path: '/settings/account/', element: <Navigate to="details/" replace /> },
      { path: '/settings/account/details/', element: page(<AccountPage />) },
      { path: '/settings/account/api/auth-tokens/', element: page(<TokensPage />) },
      { path: '/settings/:orgSlug/', element: page(<OrgSettingsPage />) },
      { path: '/settings/:orgSlug/members/', element: page(<MembersPage />) },
      { path: '/settings/:orgSlug/teams/', element: page(<TeamsPage />) },
      { path: '/settings/:orgSlug/projects/', element: <Navigate to="../../" relative="path" replace /> },
      { path: '/settings/:orgSlug/projects/:projectSlug/', element: page(<ProjectSettingsPage />) },
      { path: '/settings/:orgSlug/projects/:projectSlug/keys/', element: page(<ProjectKeysPage />) },
      { path: '/settings/:orgSlug/projects/:projectSlug/filters/', element: page(<ProjectFiltersPage />) },
      {
        path: '/settings/:orgSlug/projects/:projectSlug/security-and-privacy/',
        element: page(<ProjectSecurityPage />),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
