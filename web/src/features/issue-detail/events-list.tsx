/** The "All events" tab: an issue's events, newest first, with search and Link-header paging. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Button, EmptyState, ErrorState, LoadingState, TimeAgo } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { asArray, asRecord, asString } from './event-data.js';

function tagValue(tags: unknown, key: string): string {
  const t = asArray(tags, 200)
    .map(asRecord)
    .find((x) => x.key === key);
  return asString(t?.value) ?? '';
}

export function EventsList({ issueId, base, environment }: { issueId: string; base: string; environment?: string }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const events = useQuery({
    queryKey: ['issue-events', issueId, cursor, query, environment],
    queryFn: () => api.issueEvents(issueId, { cursor, query: query || undefined, environment }),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursor(undefined);
    setQuery(text.trim());
  };
  const links = events.data?.links;
  return (
    <div className="stack" data-testid="events-list">
      <form onSubmit={submit} className="row">
        <label className="sr-only" htmlFor="event-search">
          Search events
        </label>
        <input
          id="event-search"
          className="input grow"
          type="search"
          placeholder="Search events: user.email:…, release:…, browser:…"
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit" size="sm">
          Search
        </Button>
      </form>
      {events.isPending ? (
        <LoadingState />
      ) : events.isError ? (
        <ErrorState error={events.error} retry={() => events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <EmptyState title="No events match" />
      ) : (
        <div className="panel scroll-x">
          <table className="table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Time</th>
                <th>User</th>
                <th>Environment</th>
                <th>Release</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((e) => {
                const user = asRecord(e.user);
                const who =
                  asString(user.email) ??
                  asString(user.username) ??
                  asString(user.id) ??
                  asString(user.ip_address) ??
                  '';
                const id = asString(e.eventID) ?? asString(e.id) ?? '';
                return (
                  <tr key={id}>
                    <td>
                      <Link to={`${base}events/${encodeURIComponent(id)}/`} className="mono">
                        {id.slice(0, 8)}
                      </Link>
                      <div className="subtle truncate" style={{ maxWidth: 360 }}>
                        {asString(e.message) || asString(e.title)}
                      </div>
                    </td>
                    <td>
                      <TimeAgo date={e.dateCreated} />
                    </td>
                    <td className="break">{who}</td>
                    <td>{tagValue(e.tags, 'environment')}</td>
                    <td className="break">{tagValue(e.tags, 'release')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        <span className="spacer" />
        <Button size="sm" disabled={!links?.previous?.results} onClick={() => setCursor(links?.previous?.cursor)}>
          ← Newer
        </Button>
        <Button size="sm" disabled={!links?.next?.results} onClick={() => setCursor(links?.next?.cursor)}>
          Older →
        </Button>
      </div>
    </div>
  );
}
