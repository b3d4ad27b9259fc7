/** Event navigation: oldest / older / newer / newest / recommended, the event id and the JSON toggle. */
import { Link } from 'react-router';
import { TimeAgo } from '../../components/ui.js';
import type { SentryEvent } from '../../lib/api-types.js';
import { asString } from './event-data.js';

function NavLink({ to, label, disabled, title }: { to: string; label: string; disabled: boolean; title: string }) {
  if (disabled) {
    return (
      <span className="btn btn-sm" aria-disabled="true" title={title} style={{ opacity: 0.5 }}>
        {label}
      </span>
    );
  }
  return (
    <Link className="btn btn-sm" to={to} title={title}>
      {label}
    </Link>
  );
}

export function EventNav({
  event,
  base,
  search,
  current,
  json,
  onToggleJson,
}: {
  event: SentryEvent | undefined;
  base: string;
  search: string;
  current: string;
  json: boolean;
  onToggleJson: () => void;
}) {
  const to = (id: string) => `${base}events/${encodeURIComponent(id)}/${search}`;
  const prev = asString(event?.previousEventID);
  const next = asString(event?.nextEventID);
  const id = asString(event?.eventID) ?? asString(event?.id) ?? '';
  return (
    <div className="event-nav row-wrap" data-testid="event-nav">
      <div className="grow">
        <strong>Event</strong>{' '}
        <span className="mono" title={id}>
          {id.slice(0, 8)}
        </span>{' '}
        {event && (
          <span className="subtle">
            · <TimeAgo date={event.dateCreated} />
          </span>
        )}
        {current === 'recommended' && <span className="badge badge-accent">Recommended</span>}
      </div>
      <nav className="btn-group" aria-label="Event navigation">
        <NavLink to={to('oldest')} label="⇤ Oldest" disabled={!prev} title="First event" />
        <NavLink to={to(prev ?? '')} label="‹ Older" disabled={!prev} title="Previous event" />
        <NavLink to={to(next ?? '')} label="Newer ›" disabled={!next} title="Next event" />
        <NavLink to={to('latest')} label="Newest ⇥" disabled={!next} title="Latest event" />
      </nav>
      <Link className="btn btn-sm" to={to('recommended')}>
        Recommended
      </Link>
      <button type="button" className="btn btn-sm" aria-pressed={json} onClick={onToggleJson}>
        JSON
      </button>
    </div>
  );
}
