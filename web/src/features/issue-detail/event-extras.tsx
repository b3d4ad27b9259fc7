/** Attachments of an event (download links) and the JSON view of the whole event. */
import { useQuery } from '@tanstack/react-query';
import { CopyButton } from '../../components/ui.js';
import { attachmentUrl, request } from '../../lib/api.js';
import type { EventAttachment, SentryEvent } from '../../lib/api-types.js';
import { formatBytes } from '../../lib/format.js';
import { asString } from './event-data.js';

export function Attachments({ org, project, event }: { org: string; project: string; event: SentryEvent }) {
  const list = useQuery({
    queryKey: ['attachments', project, event.eventID],
    queryFn: () =>
      request<EventAttachment[]>(
        `/projects/${encodeURIComponent(org)}/${encodeURIComponent(project)}/events/${encodeURIComponent(event.eventID)}/attachments/`,
      ),
    retry: false,
  });
  const items = Array.isArray(list.data) ? list.data.slice(0, 100) : [];
  if (items.length === 0) return null;
  return (
    <section className="section" aria-label="Attachments">
      <div className="section-title">Attachments</div>
      <ul className="panel attachment-list">
        {items.map((a) => (
          <li key={String(a.id)} className="row">
            <a href={attachmentUrl(org, project, event.eventID, String(a.id))} download>
              {asString(a.name) ?? 'attachment'}
            </a>
            <span className="subtle">{formatBytes(a.size)}</span>
            <span className="subtle">{asString(a.mimetype) ?? ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function EventJson({ event }: { event: SentryEvent }) {
  let text: string;
  try {
    text = JSON.stringify(event, null, 2);
  } catch {
    text = '(cannot serialize this event)';
  }
  if (text.length > 2_000_000) text = `${text.slice(0, 2_000_000)}\n… (truncated)`;
  return (
    <section className="section" aria-label="Event JSON">
      <div className="section-title">
        <span className="grow">Event JSON</span>
        <CopyButton text={text} label="Copy JSON" />
      </div>
      <pre className="code-block json-view" data-testid="event-json">
        {text}
      </pre>
    </section>
  );
}
