/** One row of the issue stream. Every string here comes from event data and is rendered as text. */
import { Link } from 'react-router';
import { Sparkline } from '../../components/sparkline.js';
import { Avatar, Badge, LevelDot } from '../../components/ui.js';
import type { Issue } from '../../lib/api-types.js';
import { formatCount, formatDateTime, shortAgo } from '../../lib/format.js';

function statsSeries(issue: Issue): unknown {
  const stats = issue.stats;
  if (!stats || typeof stats !== 'object') return [];
  return stats['24h'] ?? Object.values(stats)[0] ?? [];
}

function substatusBadge(issue: Issue) {
  if (issue.status === 'resolved') return <Badge tone="success">Resolved</Badge>;
  if (issue.status === 'ignored') return <Badge>Ignored</Badge>;
  if (issue.substatus === 'new') return <Badge tone="accent">New</Badge>;
  if (issue.substatus === 'regressed') return <Badge tone="warning">Regressed</Badge>;
  if (issue.substatus === 'escalating') return <Badge tone="danger">Escalating</Badge>;
  return null;
}

export function IssueRow({
  issue,
  org,
  selected,
  onToggle,
  search,
}: {
  issue: Issue;
  org: string;
  selected: boolean;
  onToggle: (id: string, shift: boolean) => void;
  search: string;
}) {
  const meta = issue.metadata && typeof issue.metadata === 'object' ? issue.metadata : {};
  const metaValue = typeof meta.value === 'string' ? meta.value : '';
  const metaType = typeof meta.type === 'string' ? meta.type : '';
  const fullTitle = String(issue.title ?? '<untitled>');
  // As Sentry's stream: "TypeError" as the title and its message below, when the title is exactly both.
  const split = metaType !== '' && fullTitle === `${metaType}: ${metaValue}`;
  const title = split ? metaType : fullTitle;
  const href = `/organizations/${encodeURIComponent(org)}/issues/${encodeURIComponent(issue.id)}/${search}`;
  return (
    <li className={selected ? 'issue-row selected' : 'issue-row'} data-issue-id={issue.id} data-testid="issue-row">
      <div className="issue-check">
        <input
          type="checkbox"
          className="checkbox"
          aria-label={`Select ${issue.shortId}`}
          checked={selected}
          onChange={(e) => onToggle(issue.id, (e.nativeEvent as MouseEvent).shiftKey === true)}
        />
      </div>
      <div className="issue-main">
        <div className="row">
          <LevelDot level={issue.level} />
          <Link
            to={href}
            className={issue.hasSeen ? 'issue-title seen truncate' : 'issue-title truncate'}
            title={fullTitle}
          >
            {title}
          </Link>
          {substatusBadge(issue)}
          {issue.isUnhandled && <Badge tone="danger">Unhandled</Badge>}
        </div>
        {metaValue && metaValue !== title && (
          <div className="issue-value truncate" title={metaValue}>
            {metaValue}
          </div>
        )}
        <div className="issue-meta row-wrap">
          <span className="mono">{issue.shortId}</span>
          {issue.culprit && <span className="truncate culprit">{String(issue.culprit)}</span>}
          <span title={`First seen ${formatDateTime(issue.firstSeen)}`}>{shortAgo(issue.firstSeen)} old</span>
          {Number(issue.numComments) > 0 && (
            <span>
              {Number(issue.numComments)} comment{Number(issue.numComments) === 1 ? '' : 's'}
            </span>
          )}
        </div>
      </div>
      <div className="issue-col issue-spark" aria-hidden="true">
        <Sparkline points={statsSeries(issue)} />
      </div>
      <div className="issue-col issue-seen" title={`Last seen ${formatDateTime(issue.lastSeen)}`}>
        {shortAgo(issue.lastSeen)}
      </div>
      <div className="issue-col issue-num" data-testid="issue-count" title={`${issue.count} events`}>
        {formatCount(issue.count)}
      </div>
      <div className="issue-col issue-num" title={`${issue.userCount} users`}>
        {formatCount(issue.userCount)}
      </div>
      <div className="issue-col issue-assignee">
        {issue.assignedTo ? (
          <span title={`Assigned to ${issue.assignedTo.name}`}>
            <Avatar name={issue.assignedTo.name} />
          </span>
        ) : (
          <span className="subtle" title="Unassigned">
            —
          </span>
        )}
      </div>
    </li>
  );
}
