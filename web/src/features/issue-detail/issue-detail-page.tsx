/**
 * Issue detail `/organizations/:org/issues/:issueId/` (+ `/events/:eventId/`): header and actions,
 * event navigation, the event (exception, breadcrumbs, request, contexts…), and a sidebar with the
 * events chart, tag distributions; tabs for activity and "why grouped". Tab and event are in the URL.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Modal } from '../../components/modal.js';
import { useToast } from '../../components/toast.js';
import { Button, ErrorState, errorMessage, LoadingState } from '../../components/ui.js';
import { ApiError, api, type IssueUpdate } from '../../lib/api.js';
import type { SentryEvent } from '../../lib/api-types.js';
import { useLiveIssues } from '../../lib/queries.js';
import { ActivitySection } from './activity.js';
import { Breadcrumbs } from './breadcrumbs.js';
import './detail.css';
import { useDocumentTitle } from '../../lib/use-title.js';
import { EventChart } from './event-chart.js';
import {
  ContextsSection,
  ExtraSection,
  MessageSection,
  RequestSection,
  SdkSection,
  TagsSection,
  UserSection,
} from './event-context.js';
import { Attachments, EventJson } from './event-extras.js';
import { EventNav } from './event-nav.js';
import { EventsList } from './events-list.js';
import { ExceptionSection } from './exception.js';
import { GroupingInfo } from './grouping-info.js';
import { IssueHeader } from './issue-header.js';
import { TagDistributions } from './tags-sidebar.js';

const TABS = [
  { id: '', label: 'Details' },
  { id: 'events', label: 'All events' },
  { id: 'activity', label: 'Activity' },
  { id: 'grouping', label: 'Why grouped' },
];

async function loadEvent(issueId: string, eventId: string, environment?: string): Promise<SentryEvent> {
  try {
    return await api.issueEvent(issueId, eventId, environment);
  } catch (err) {
    // Older servers may not know "recommended": fall back to the latest event.
    if (eventId === 'recommended' && err instanceof ApiError && err.status === 404) {
      return api.issueEvent(issueId, 'latest', environment);
    }
    throw err;
  }
}

export default function IssueDetailPage() {
  const { orgSlug = '', issueId = '', eventId = 'recommended' } = useParams();
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [period, setPeriod] = useState<'24h' | '30d'>('24h');
  const environment = sp.get('environment') ?? undefined;
  const tab = sp.get('tab') ?? '';
  const showJson = sp.get('json') === '1';

  const issue = useQuery({ queryKey: ['issue', issueId], queryFn: () => api.issue(orgSlug, issueId) });
  useDocumentTitle(issue.data?.shortId, issue.data?.title, orgSlug);
  const event = useQuery({
    queryKey: ['issue-event', issueId, eventId, environment],
    queryFn: () => loadEvent(issueId, eventId, environment),
    enabled: issue.isSuccess,
  });

  // Opening an issue marks it seen for the viewer (as Sentry does); the stream shows unseen issues bold.
  const seenSent = useRef(false);
  useEffect(() => {
    if (issue.data?.hasSeen !== false || seenSent.current) return;
    seenSent.current = true;
    api.updateIssue(orgSlug, issueId, { hasSeen: true }).then(
      () => qc.invalidateQueries({ queryKey: ['issues', orgSlug] }),
      () => {},
    );
  }, [issue.data, orgSlug, issueId, qc]);

  useLiveIssues(orgSlug, (m) => {
    if (m.id !== issueId) return;
    qc.invalidateQueries({ queryKey: ['issue', issueId] });
    if (eventId === 'latest') qc.invalidateQueries({ queryKey: ['issue-event', issueId, 'latest'] });
  });

  if (issue.isPending) return <LoadingState label="Loading issue…" />;
  if (issue.isError) return <ErrorState error={issue.error} retry={() => issue.refetch()} />;
  const data = issue.data;

  const base = `/organizations/${encodeURIComponent(orgSlug)}/issues/${encodeURIComponent(issueId)}/`;
  const keep = new URLSearchParams(sp);
  keep.delete('tab');
  keep.delete('json');
  const keepQs = keep.toString() ? `?${keep}` : '';
  const streamLink = (query: string) => {
    const p = new URLSearchParams({ project: data.project.id, query });
    if (environment) p.set('environment', environment);
    return `/organizations/${encodeURIComponent(orgSlug)}/issues/?${p}`;
  };

  const onUpdate = async (update: IssueUpdate, message: string) => {
    setBusy(true);
    try {
      const updated = await api.updateIssue(orgSlug, issueId, update);
      if (updated && typeof updated === 'object' && 'id' in updated) {
        qc.setQueryData(['issue', issueId], { ...data, ...updated });
      }
      toast(message);
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setBusy(false);
      qc.invalidateQueries({ queryKey: ['issue', issueId] });
      qc.invalidateQueries({ queryKey: ['issues', orgSlug] });
      qc.invalidateQueries({ queryKey: ['issue-activity', issueId] });
    }
  };

  const onDelete = async () => {
    setConfirmDelete(false);
    try {
      await api.deleteIssue(orgSlug, issueId);
      toast('Issue deleted');
      qc.invalidateQueries({ queryKey: ['issues', orgSlug] });
      navigate(`/organizations/${encodeURIComponent(orgSlug)}/issues/`);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next, { replace: k === 'json' });
  };

  const stats = data.stats && typeof data.stats === 'object' ? data.stats : {};

  return (
    <div className="issue-detail">
      <IssueHeader issue={data} org={orgSlug} busy={busy} onUpdate={onUpdate} onDelete={() => setConfirmDelete(true)} />
      <div className="tabs detail-tabs" role="tablist" aria-label="Issue sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === t.id}
            onClick={() => setParam('tab', t.id || null)}
          >
            {t.label}
            {t.id === 'activity' && Number(data.numComments) > 0 ? ` (${Number(data.numComments)})` : ''}
          </button>
        ))}
      </div>
      <div className="detail-layout">
        <div className="detail-main">
          {tab === 'events' ? (
            <EventsList issueId={issueId} base={base} environment={environment} />
          ) : tab === 'activity' ? (
            <ActivitySection issue={data} org={orgSlug} />
          ) : tab === 'grouping' ? (
            <GroupingInfo issue={data} event={event.data} org={orgSlug} />
          ) : (
            <>
              <EventNav
                event={event.data}
                base={base}
                search={keepQs}
                current={eventId}
                json={showJson}
                onToggleJson={() => setParam('json', showJson ? null : '1')}
              />
              {event.isPending ? (
                <LoadingState label="Loading event…" />
              ) : event.isError ? (
                <ErrorState error={event.error} retry={() => event.refetch()} />
              ) : showJson ? (
                <EventJson event={event.data} />
              ) : (
                <div className="event-body" data-testid="event-body">
                  <MessageSection event={event.data} />
                  <ExceptionSection event={event.data} />
                  <TagsSection event={event.data} streamLink={streamLink} />
                  <Breadcrumbs event={event.data} />
                  <RequestSection event={event.data} />
                  <UserSection event={event.data} />
                  <ContextsSection event={event.data} />
                  <SdkSection event={event.data} />
                  <ExtraSection event={event.data} />
                  <Attachments org={orgSlug} project={data.project.slug} event={event.data} />
                </div>
              )}
            </>
          )}
        </div>
        <aside className="detail-side" aria-label="Issue summary">
          <section className="section">
            <div className="section-title">
              <span className="grow">Events</span>
              <div className="btn-group">
                {(['24h', '30d'] as const).map((p) => (
                  <button
                    key={p}
                    type="button"
                    className="btn btn-sm"
                    aria-pressed={period === p}
                    onClick={() => setPeriod(p)}
                  >
                    {p}
                  </button>
                ))}
              </div>
            </div>
            <EventChart points={stats[period]} label={`Events in the last ${period}`} />
          </section>
          <section className="section">
            <div className="section-title">First and last seen</div>
            <dl className="seen-list">
              <dt>First seen</dt>
              <dd title={data.firstSeen}>{new Date(data.firstSeen).toLocaleString()}</dd>
              <dt>Last seen</dt>
              <dd title={data.lastSeen}>{new Date(data.lastSeen).toLocaleString()}</dd>
            </dl>
          </section>
          <section className="section">
            <div className="section-title">Tags</div>
            <TagDistributions issueId={issueId} environment={environment} streamLink={streamLink} />
          </section>
          <section className="section">
            <Link to={`${base}?tab=grouping`} className="subtle">
              Why are these events grouped together?
            </Link>
          </section>
        </aside>
      </div>
      <Modal
        open={confirmDelete}
        title="Delete this issue?"
        onClose={() => setConfirmDelete(false)}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button variant="danger" onClick={onDelete}>
              Delete
            </Button>
          </>
        }
      >
        The issue and all its events are removed.
      </Modal>
    </div>
  );
}
