/** Activity (status changes, assignments, first seen…) and comments ("notes") of an issue. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useToast } from '../../components/toast.js';
import { Avatar, Button, errorMessage, Spinner, TimeAgo } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import type { Activity, Issue } from '../../lib/api-types.js';
import { useMembers, useTeams } from '../../lib/queries.js';
import { asRecord, asString } from './event-data.js';

function describe(a: Activity, nameOf: (type: string, id: string) => string | undefined): string {
  const d = asRecord(a.data);
  switch (a.type) {
    case 'note':
      return 'commented';
    case 'set_resolved':
      return 'marked this issue as resolved';
    case 'set_resolved_in_release':
      return `marked this issue as resolved in ${asString(d.version) || 'the next release'}`;
    case 'set_unresolved':
      return 'marked this issue as unresolved';
    case 'set_ignored':
      return 'ignored this issue';
    case 'set_regression':
      return 'marked this issue as a regression';
    case 'first_seen':
      return 'first saw this issue';
    case 'assigned': {
      const id = asString(d.assignee) ?? '';
      const type = asString(d.assigneeType) ?? 'user';
      return `assigned this issue to ${nameOf(type, id) ?? asString(d.assigneeEmail) ?? (type === 'team' ? 'a team' : 'someone')}`;
    }
    case 'unassigned':
      return 'unassigned this issue';
    case 'merge':
      return `merged ${asString(d.issues && Array.isArray(d.issues) ? d.issues.length : '') ?? ''} issues into this issue`;
    default:
      return a.type.replace(/_/g, ' ');
  }
}

function toList(data: unknown): Activity[] {
  if (Array.isArray(data)) return data.slice(0, 200) as Activity[];
  const inner = asRecord(data).activity;
  return Array.isArray(inner) ? (inner.slice(0, 200) as Activity[]) : [];
}

export function ActivitySection({ issue, org }: { issue: Issue; org: string }) {
  const qc = useQueryClient();
  const members = useMembers(org);
  const teams = useTeams(org);
  const nameOf = (type: string, id: string): string | undefined => {
    if (type === 'team') {
      const t = teams.data?.find((x) => x.id === id);
      return t ? `#${t.slug}` : undefined;
    }
    const m = members.data?.find((x) => x.user?.id === id);
    return m ? m.user?.name || m.email : undefined;
  };
  const toast = useToast();
  const [text, setText] = useState('');
  const activity = useQuery({
    queryKey: ['issue-activity', issue.id],
    queryFn: async () => toList(await api.issueActivities(issue.id)),
    retry: false,
  });
  const add = useMutation({
    mutationFn: (t: string) => api.addComment(issue.id, t),
    onSuccess: () => {
      setText('');
      qc.invalidateQueries({ queryKey: ['issue-activity', issue.id] });
      qc.invalidateQueries({ queryKey: ['issue', issue.id] });
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const items = activity.isError || !activity.data ? toList(issue.activity) : activity.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) add.mutate(text.trim());
  };
  return (
    <div className="stack" data-testid="activity">
      <form onSubmit={submit} className="stack">
        <label className="sr-only" htmlFor="comment">
          Add a comment
        </label>
        <textarea
          id="comment"
          className="textarea"
          placeholder="Add a comment… (Ctrl+Enter to post)"
          value={text}
          maxLength={10_000}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
          }}
        />
        <div>
          <Button type="submit" size="sm" variant="primary" disabled={!text.trim() || add.isPending}>
            Comment
          </Button>
        </div>
      </form>
      {activity.isPending && <Spinner />}
      <ul className="activity-list">
        {items.map((a) => {
          const note = a.type === 'note' ? asString(asRecord(a.data).text) : undefined;
          const who = a.user ? a.user.name || a.user.email : 'Faultline';
          return (
            <li key={a.id} className="activity-item">
              <Avatar name={who} />
              <div className="grow">
                <div>
                  <strong>{who}</strong> {describe(a, nameOf)}{' '}
                  <span className="subtle">
                    · <TimeAgo date={a.dateCreated} />
                  </span>
                </div>
                {note && <div className="note break">{note}</div>}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
