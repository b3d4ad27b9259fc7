/**
 * The issue stream `/organizations/:org/issues/`: search, filters, sort, bulk actions, pagination
 * by Link-header cursors, and live updates over SSE. All state is in the URL.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import { Button, EmptyState, ErrorState, errorMessage, LoadingState } from '../../components/ui.js';
import { api, type IssueUpdate, type Page } from '../../lib/api.js';
import type { Issue, LiveIssueMessage } from '../../lib/api-types.js';
import { useLiveIssues, useLiveStatus, useProjects } from '../../lib/queries.js';
import { filterValue, setFilter } from '../../lib/search-query.js';
import { useTagCatalog } from '../../lib/tag-catalog.js';
import { BulkActions } from './bulk-actions.js';
import { IssueRow } from './issue-row.js';
import './issues.css';
import { useDocumentTitle } from '../../lib/use-title.js';
import { SearchBar } from './search-bar.js';
import { PERIODS, periodStart, SORTS, useStreamParams } from './stream-params.js';

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
  const [liveCount, setLiveCount] = useState(0);
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

  // Live updates: counts and order are patched in place; new issues (or ones not on this page) refetch.
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    },
    [],
  );
  // Messages are coalesced: one cache patch per 500 ms, however many events arrive (a busy
  // project can touch hundreds of issues a second), and a refetch at most once a second.
  const pending = useRef(new Map<string, LiveIssueMessage>());
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (flushTimer.current) clearTimeout(flushTimer.current);
    },
    [],
  );
  useLiveIssues(orgSlug, (m: LiveIssueMessage) => {
    const prev = pending.current.get(m.id);
    pending.current.set(m.id, prev ? { ...m, isNew: prev.isNew || m.isNew, count: Math.max(prev.count, m.count) } : m);
    if (pending.current.size > 10_000) pending.current.clear();
    if (flushTimer.current) return;
    flushTimer.current = setTimeout(() => {
      flushTimer.current = null;
      const batch = pending.current;
      pending.current = new Map();
      setLiveCount((c) => c + batch.size);
      let needRefetch = false;
      qc.setQueryData<Page<Issue>>(queryKey, (old) => {
        if (!old) return old;
        const onPage = new Set(old.items.map((i) => i.id));
        for (const m of batch.values()) if (m.isNew || !onPage.has(m.id)) needRefetch = true;
        const items = old.items.map((i) => {
          const u = batch.get(i.id);
          return u ? { ...i, count: String(Math.max(Number(i.count) || 0, u.count)), lastSeen: u.lastSeen } : i;
        });
        if (params.sort === 'date') items.sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
        if (params.sort === 'freq') items.sort((a, b) => (Number(b.count) || 0) - (Number(a.count) || 0));
        return { ...old, items };
      });
      if (!needRefetch || params.cursor || refetchTimer.current) return;
      refetchTimer.current = setTimeout(() => {
        refetchTimer.current = null;
        qc.invalidateQueries({ queryKey: ['issues', orgSlug] });
      }, 500);
    }, 500);
  });

  const items = issues.data?.items ?? [];
  const o = encodeURIComponent(orgSlug);

  useEffect(() => {
    const hit = issues.data?.directHit && issues.data.items.length === 1 ? issues.data.items[0] : undefined;
    if (justSearched.current && !issues.isFetching && issues.data) {
      justSearched.current = false;
      if (hit) navigate(`/organizations/${o}/issues/${encodeURIComponent(hit.id)}/`);
    }
  }, [issues.data, issues.isFetching, navigate, o]);

  // Keyboard triage: j/k move between issues, x selects the focused one, Enter opens it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || !['j', 'k', 'x'].includes(e.key)) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('.issue-list .issue-title'));
      if (links.length === 0) return;
      const current = links.indexOf(document.activeElement as HTMLAnchorElement);
      if (e.key === 'x') {
        const id = links[current]?.closest<HTMLElement>('[data-issue-id]')?.dataset.issueId;
        if (id)
          setSelected((prev) => {
            const next = new Set(prev);
            if (next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          });
        return;
      }
      e.preventDefault();
      const next = e.key === 'j' ? Math.min(links.length - 1, current + 1) : Math.max(0, current - 1);
      links[next]?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

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
  const environments = catalog.values.environment ?? [];
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
      <div className="filters row-wrap">
        <label className="sr-only" htmlFor="project-filter">
          Project
        </label>
        <select
          id="project-filter"
          className="select"
          value={params.project}
          onChange={(e) => update({ project: e.target.value })}
        >
          <option value="">All projects</option>
          {projectList.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name || p.slug}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="env-filter">
          Environment
        </label>
        <select
          id="env-filter"
          className="select"
          value={params.environment}
          onChange={(e) => update({ environment: e.target.value })}
        >
          <option value="">All environments</option>
          {environments.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
          {params.environment && !environments.includes(params.environment) && (
            <option value={params.environment}>{params.environment}</option>
          )}
        </select>
        <label className="sr-only" htmlFor="period-filter">
          Time range
        </label>
        <select
          id="period-filter"
          className="select"
          value={params.statsPeriod}
          onChange={(e) => update({ statsPeriod: e.target.value })}
        >
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        <div className="grow search-cell">
          <SearchBar catalog={catalog} value={params.query} onSearch={onSearch} />
        </div>
      </div>
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
          <div className="select-all-banner" role="status">
            {byQuery ? (
              <>
                All {hits} issues that match this search are selected.{' '}
                <button type="button" className="link-button" onClick={() => setAllMatching(false)}>
                  Only this page
                </button>
              </>
            ) : (
              <>
                The {items.length} issues on this page are selected.{' '}
                <button type="button" className="link-button" onClick={() => setAllMatching(true)}>
                  Select all {hits} issues that match this search
                </button>
              </>
            )}
          </div>
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
          <EmptyState title={params.cursor ? 'No more issues' : 'No issues match your search'}>
            {projectList.length > 0 && !params.cursor && status === 'unresolved' && params.query === 'is:unresolved' ? (
              <span>
                Nothing unresolved. Waiting for events?{' '}
                <Link
                  to={`/organizations/${encodeURIComponent(orgSlug)}/projects/${encodeURIComponent(projectList[0]?.slug ?? '')}/getting-started/`}
                >
                  Set up an SDK
                </Link>
              </span>
            ) : projects.isSuccess && projectList.length === 0 ? (
              <span>
                No projects yet.{' '}
                <Link to={`/organizations/${encodeURIComponent(orgSlug)}/projects/new/`}>
                  Create your first project
                </Link>
              </span>
            ) : (
              <span>Try a different search or time range.</span>
            )}
          </EmptyState>
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
      <div className="pager row">
        {issues.data?.hits !== undefined && <span className="subtle">{issues.data.hits} issues</span>}
        <span className="subtle kbd-hint">
          <kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>Enter</kbd> open
        </span>
        <span className="spacer" />
        <Button
          size="sm"
          disabled={!links?.previous?.results}
          onClick={() => update({ cursor: links?.previous?.cursor ?? '' })}
          aria-label="Previous page"
        >
          ← Previous
        </Button>
        <Button
          size="sm"
          disabled={!links?.next?.results}
          onClick={() => update({ cursor: links?.next?.cursor ?? '' })}
          aria-label="Next page"
        >
          Next →
        </Button>
      </div>
    </div>
  );
}
