/**
 * The issue stream `/organizations/:org/issues/`: search, filters, sort, bulk actions, pagination
 * by Link-header cursors, and live updates over SSE. All state is in the URL.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import { ErrorState, errorMessage, LoadingState } from '../../components/ui.js';
import { api, type IssueUpdate } from '../../lib/api.js';
import type { Issue } from '../../lib/api-types.js';
import { useLiveStatus, useProjects } from '../../lib/queries.js';
import { filterValue, setFilter } from '../../lib/search-query.js';
import { useTagCatalog } from '../../lib/tag-catalog.js';
import { BulkActions } from './bulk-actions.js';
import { IssueRow } from './issue-row.js';
import './issues.css';
import { useDocumentTitle } from '../../lib/use-title.js';
import { StreamFilters } from './stream-filters.js';
import { periodStart, SORTS, useStreamParams } from './stream-params.js';
import { Pager, SelectAllBanner, StreamEmpty } from './stream-parts.js';
import { useLiveStream } from './use-live-stream.js';
import { useStreamKeyboard } from './use-stream-keyboard.js';

const STATUS_TABS = [
  { label: 'Unresolved', value: 'unresolved' },
  { label: 'For review', value: 'for_review' },
  { label: 'Ignored', value: 'ignored' },
  { label: 'Resolved', value: 'resolved' },
  { label: 'All', value: '' },
];

function allSelectedOnPage(items: Issue[], selected: Set<string>): boolean {
  return items.length > 0 && items.every((i) => selected.has(i.id));
}

export default function IssueStreamPage() {
  const { orgSlug = '' } = useParams();
  const location = useLocation();
  const [params, update] = useStreamParams();
  useDocumentTitle('Issues', orgSlug);
  const qc = useQueryClient();
  const toast = useToast();
  const projects = useProjects(orgSlug);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // "Select all N issues that match this search": bulk actions then go by query, not by id.
  const [allMatching, setAllMatching] = useState(false);
  const [busy, setBusy] = useState(false);
  const liveStatus = useLiveStatus(orgSlug);
  const lastClicked = useRef<string | null>(null);
  const navigate = useNavigate();
  // Set when the user submits a search: a short id or event id then jumps straight to its issue.
  const justSearched = useRef(false);

  const listParams = useMemo(
    () => ({
      query: params.query,
      sort: params.sort,
      // The time range goes as `start` (the server's issue stream takes start/end); sparklines are 24h.
      start: periodStart(params.statsPeriod),
      groupStatsPeriod: '24h',
      environment: params.environment || undefined,
      project: params.project || undefined,
      cursor: params.cursor || undefined,
      limit: params.limit,
      shortIdLookup: 1,
    }),
    [params.query, params.sort, params.statsPeriod, params.environment, params.project, params.cursor, params.limit],
  );
  const queryKey = ['issues', orgSlug, listParams];
  const issues = useQuery({
    queryKey,
    queryFn: () => api.issues(orgSlug, listParams),
    placeholderData: keepPreviousData,
  });

  // Clear the selection whenever the list itself changes (new search, page, filters).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on parameter changes only
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [listParams]);

  const liveCount = useLiveStream(orgSlug, queryKey, params.sort, !params.cursor);

  const items = issues.data?.items ?? [];
  const o = encodeURIComponent(orgSlug);

  useEffect(() => {
    const hit = issues.data?.directHit && issues.data.items.length === 1 ? issues.data.items[0] : undefined;
    if (justSearched.current && !issues.isFetching && issues.data) {
      justSearched.current = false;
      if (hit) navigate(`/organizations/${o}/issues/${encodeURIComponent(hit.id)}/`);
    }
  }, [issues.data, issues.isFetching, navigate, o]);

  const toggleOne = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  useStreamKeyboard(toggleOne);

  const onSearch = async (q: string) => {
    // An event id (32 hex digits, dashes allowed): open its issue, as Sentry's search does.
    const compact = q.replace(/-/g, '');
    if (/^[0-9a-f]{32}$/i.test(compact)) {
      try {
        const r = await api.resolveEventId(orgSlug, compact.toLowerCase());
        navigate(
          `/organizations/${o}/issues/${encodeURIComponent(r.groupId)}/events/${encodeURIComponent(r.eventId)}/`,
        );
        return;
      } catch {
        // Not an event of this organization: search for the text.
      }
    }
    justSearched.current = q !== params.query;
    update({ query: q });
  };
  const catalog = useTagCatalog(items.map((i) => i.id));
  const selectedIds = items.filter((i) => selected.has(i.id)).map((i) => i.id);
  const allSelected = items.length > 0 && selectedIds.length === items.length;

  const toggle = (id: string, shift: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (shift && lastClicked.current) {
        const a = items.findIndex((i) => i.id === lastClicked.current);
        const b = items.findIndex((i) => i.id === id);
        if (a >= 0 && b >= 0) {
          for (const i of items.slice(Math.min(a, b), Math.max(a, b) + 1)) next.add(i.id);
          return next;
        }
      }
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    lastClicked.current = id;
  };

  const run = async (what: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await what();
      toast(message);
      setSelected(new Set());
      setAllMatching(false);
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setBusy(false);
      await qc.invalidateQueries({ queryKey: ['issues', orgSlug] });
    }
  };
  const hits = issues.data?.hits;
  const byQuery = allMatching && allSelectedOnPage(items, selected);
  const n = byQuery && hits !== undefined ? hits : selectedIds.length;
  const plural = `${n} issue${n === 1 ? '' : 's'}`;
  const { cursor: _cursor, limit: _limit, ...queryParams } = listParams;
  const targets = byQuery ? ('query' as const) : selectedIds;
  const onUpdate = (upd: IssueUpdate, verb: string) =>
    run(() => api.bulkUpdateIssues(orgSlug, targets, upd, queryParams), `${verb} ${plural}`);
  const onMerge = () =>
    run(() => api.bulkUpdateIssues(orgSlug, selectedIds, { merge: true }, listParams), `Merged ${plural}`);
  const onDelete = () => run(() => api.bulkDeleteIssues(orgSlug, targets, queryParams), `Deleted ${plural}`);

  const status = filterValue(params.query, 'is') ?? '';
  const links = issues.data?.links;
  const projectList = projects.data ?? [];

  return (
    <div className="issue-stream">
      <div className="page-header">
        <h1>Issues</h1>
        <span
          className={`live-indicator subtle live-${liveStatus}`}
          title={liveStatus === 'open' ? 'New events appear without reloading' : 'Connecting to live updates…'}
          data-live-count={liveCount}
          data-testid="live-status"
        >
          <span className="pulse" />{' '}
          {liveStatus === 'open' ? 'Live' : liveStatus === 'closed' ? 'Offline' : 'Connecting…'}
        </span>
        <span className="spacer" />
        <Link to={`/organizations/${encodeURIComponent(orgSlug)}/projects/new/`} className="btn btn-sm">
          New project
        </Link>
      </div>
      <StreamFilters params={params} update={update} projects={projectList} catalog={catalog} onSearch={onSearch} />
      <div className="tabs status-tabs" role="tablist" aria-label="Status">
        {STATUS_TABS.map((t) => (
          <button
            key={t.label}
            type="button"
            role="tab"
            className="tab"
            aria-selected={status === t.value}
            onClick={() => update({ query: setFilter(params.query, 'is', t.value || null) })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="panel stream-panel">
        <div className={n > 0 ? 'stream-head has-selection' : 'stream-head'}>
          <input
            type="checkbox"
            className="checkbox"
            aria-label="Select all issues on this page"
            checked={allSelected}
            onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))}
          />
          {n > 0 ? <span className="selected-count">{n} selected</span> : null}
          <BulkActions
            org={orgSlug}
            count={n}
            canMerge={!byQuery && selectedIds.length >= 2}
            busy={busy}
            onUpdate={onUpdate}
            onMerge={onMerge}
            onDelete={onDelete}
          />
          <span className="spacer" />
          <label className="sr-only" htmlFor="sort">
            Sort by
          </label>
          <select
            id="sort"
            className="select select-sm"
            value={params.sort}
            onChange={(e) => update({ sort: e.target.value })}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                Sort: {s.label}
              </option>
            ))}
          </select>
        </div>
        {allSelected && hits !== undefined && hits > items.length && (
          <SelectAllBanner pageCount={items.length} hits={hits} allMatching={byQuery} setAllMatching={setAllMatching} />
        )}
        <div className="stream-columns" aria-hidden="true">
          <span className="grow">Issue</span>
          <span className="issue-col issue-spark">24h</span>
          <span className="issue-col issue-seen">Last seen</span>
          <span className="issue-col issue-num">Events</span>
          <span className="issue-col issue-num">Users</span>
          <span className="issue-col issue-assignee">Assignee</span>
        </div>
        {issues.isPending ? (
          <LoadingState label="Loading issues…" />
        ) : issues.isError ? (
          <ErrorState error={issues.error} retry={() => issues.refetch()} />
        ) : items.length === 0 ? (
          <StreamEmpty
            org={orgSlug}
            projects={projectList}
            projectsLoaded={projects.isSuccess}
            paged={!!params.cursor}
            defaultView={status === 'unresolved' && params.query === 'is:unresolved'}
          />
        ) : (
          <ul className={issues.isFetching ? 'issue-list fetching' : 'issue-list'} aria-label="Issues">
            {items.map((issue) => (
              <IssueRow
                key={issue.id}
                issue={issue}
                org={orgSlug}
                selected={selected.has(issue.id)}
                onToggle={toggle}
                search={location.search}
              />
            ))}
          </ul>
        )}
      </div>
      <Pager hits={hits} links={links} onCursor={(cursor) => update({ cursor })} />
    </div>
  );
}
