/** Issue header: title, culprit, counts, and the status/assignee/bookmark actions. */
import { Link } from 'react-router';
import { Dropdown } from '../../components/menu.js';
import { Badge, Button, LevelBadge } from '../../components/ui.js';
import type { IssueUpdate } from '../../lib/api.js';
import type { Issue } from '../../lib/api-types.js';
import { formatCount } from '../../lib/format.js';
import {
  IGNORE_OPTIONS,
  RESOLVE,
  RESOLVE_NEXT_RELEASE,
  UNRESOLVE,
  useAssigneeOptions,
} from '../../lib/issue-actions.js';
import { asRecord, asString } from './event-data.js';

function statusLabel(issue: Issue): string | null {
  const d = asRecord(issue.statusDetails);
  if (issue.status === 'resolved') {
    if (d.inNextRelease) return 'Resolved in next release';
    if (asString(d.inRelease)) return `Resolved in ${asString(d.inRelease)}`;
    return 'Resolved';
  }
  if (issue.status === 'ignored') {
    if (asString(d.ignoreUntil)) return `Ignored until ${new Date(String(d.ignoreUntil)).toLocaleString()}`;
    if (d.ignoreCount) return `Ignored until ${String(d.ignoreCount)} more events`;
    if (d.ignoreUserCount) return `Ignored until ${String(d.ignoreUserCount)} more users`;
    return 'Ignored';
  }
  return null;
}

export function IssueHeader({
  issue,
  org,
  busy,
  onUpdate,
  onDelete,
}: {
  issue: Issue;
  org: string;
  busy: boolean;
  onUpdate: (update: IssueUpdate, message: string) => void;
  onDelete: () => void;
}) {
  const assignees = useAssigneeOptions(org);
  const meta = asRecord(issue.metadata);
  const value = asString(meta.value);
  const resolved = issue.status === 'resolved';
  const ignored = issue.status === 'ignored';
  const label = statusLabel(issue);
  return (
    <header className="issue-header">
      <nav className="crumbs subtle" aria-label="Breadcrumb">
        <Link to={`/organizations/${encodeURIComponent(org)}/issues/?project=${encodeURIComponent(issue.project.id)}`}>
          {issue.project.slug}
        </Link>{' '}
        / <span className="mono">{issue.shortId}</span>
      </nav>
      <div className="issue-header-top">
        <div className="grow">
          <h1 className="break issue-detail-title" data-testid="issue-title">
            {issue.title}
          </h1>
          {value && value !== issue.title && <div className="muted break">{value}</div>}
          <div className="row-wrap issue-sub">
            <LevelBadge level={issue.level} />
            {label && <Badge tone={resolved ? 'success' : undefined}>{label}</Badge>}
            {issue.isUnhandled && <Badge tone="danger">Unhandled</Badge>}
            {issue.culprit && <span className="mono subtle break">{issue.culprit}</span>}
          </div>
        </div>
        <dl className="issue-counts">
          <div>
            <dt>Events</dt>
            <dd data-testid="issue-event-count">{formatCount(issue.count)}</dd>
          </div>
          <div>
            <dt>Users</dt>
            <dd>{formatCount(issue.userCount)}</dd>
          </div>
        </dl>
      </div>
      <div className="row-wrap issue-actions" role="toolbar" aria-label="Issue actions">
        {resolved || ignored ? (
          <Button
            variant="primary"
            size="sm"
            disabled={busy}
            onClick={() => onUpdate(UNRESOLVE, 'Marked as unresolved')}
          >
            {resolved ? 'Unresolve' : 'Stop ignoring'}
          </Button>
        ) : (
          <div className="btn-group">
            <Button variant="primary" size="sm" disabled={busy} onClick={() => onUpdate(RESOLVE, 'Resolved')}>
              Resolve
            </Button>
            <Dropdown
              buttonClassName="btn btn-sm btn-primary"
              label="▾"
              title="More resolve options"
              disabled={busy}
              items={[
                {
                  key: 'next',
                  label: 'In the next release',
                  onSelect: () => onUpdate(RESOLVE_NEXT_RELEASE, 'Resolved in next release'),
                },
              ]}
            />
          </div>
        )}
        {!ignored && (
          <Dropdown
            buttonClassName="btn btn-sm"
            label="Ignore ▾"
            disabled={busy}
            items={IGNORE_OPTIONS.map((o) => ({
              key: o.key,
              label: o.label,
              onSelect: () => onUpdate(o.update, 'Ignored'),
            }))}
          />
        )}
        <Dropdown
          buttonClassName="btn btn-sm"
          label={issue.assignedTo ? `Assigned: ${issue.assignedTo.name}` : 'Assign ▾'}
          disabled={busy}
          items={assignees.map((a) => ({
            key: a.key,
            label: a.label,
            onSelect: () => onUpdate({ assignedTo: a.value }, a.value ? `Assigned to ${a.label}` : 'Unassigned'),
          }))}
        />
        <Button
          size="sm"
          aria-pressed={issue.isBookmarked === true}
          disabled={busy}
          onClick={() =>
            onUpdate({ isBookmarked: !issue.isBookmarked }, issue.isBookmarked ? 'Bookmark removed' : 'Bookmarked')
          }
        >
          {issue.isBookmarked ? '★ Bookmarked' : '☆ Bookmark'}
        </Button>
        <Button
          size="sm"
          aria-pressed={issue.isSubscribed === true}
          disabled={busy}
          onClick={() =>
            onUpdate(
              { isSubscribed: !issue.isSubscribed },
              issue.isSubscribed ? 'Unsubscribed' : 'Subscribed to updates',
            )
          }
        >
          {issue.isSubscribed ? 'Subscribed' : 'Subscribe'}
        </Button>
        <Dropdown
          buttonClassName="btn btn-sm"
          label="⋯"
          title="More actions"
          align="right"
          items={[{ key: 'delete', label: 'Delete issue…', danger: true, onSelect: onDelete }]}
        />
      </div>
    </header>
  );
}
