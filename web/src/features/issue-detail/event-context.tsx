/** Event sections other than the stack: message, tags, user, HTTP request, contexts, SDK, extra. */
import { Link } from 'react-router';
import { CopyButton } from '../../components/ui.js';
import type { SentryEvent } from '../../lib/api-types.js';
import { toCurl } from '../../lib/curl.js';
import { displayValue } from '../../lib/format.js';
import { safeHttpUrl } from '../../lib/safe-url.js';
import { quoteValue } from '../../lib/search-query.js';
import { asArray, asRecord, asString, entry, type Rec } from './event-data.js';

/** Empty values (null, "", {}) carry no information: Sentry hides them too. */
function hasValue(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '' && !(typeof v === 'object' && Object.keys(v).length === 0);
}

function KeyValues({ data, label }: { data: Rec | [string, unknown][]; label?: string }) {
  const rows = (Array.isArray(data) ? data : Object.entries(data)).filter(([, v]) => hasValue(v)).slice(0, 200);
  if (rows.length === 0) return <p className="subtle panel-body">Empty.</p>;
  return (
    <table className="kv" aria-label={label}>
      <tbody>
        {rows.map(([k, v], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: keys may repeat (header pairs)
          <tr key={`${k}-${i}`}>
            <td>{String(k)}</td>
            <td>{displayValue(v, 4000)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function pairs(v: unknown): [string, unknown][] {
  if (Array.isArray(v)) {
    return v
      .slice(0, 200)
      .filter((p): p is unknown[] => Array.isArray(p) && p.length >= 2)
      .map((p) => [String(p[0]), p[1]]);
  }
  return Object.entries(asRecord(v)).slice(0, 200);
}

export function MessageSection({ event }: { event: SentryEvent }) {
  const data = entry(event, 'message');
  const text = asString(data?.formatted) ?? asString(data?.message);
  if (!text) return null;
  return (
    <section className="section" aria-label="Message">
      <div className="section-title">Message</div>
      <pre className="code-block message-block" data-testid="event-message">
        {text}
      </pre>
    </section>
  );
}

export function TagsSection({ event, streamLink }: { event: SentryEvent; streamLink: (query: string) => string }) {
  const tags = asArray(event.tags, 200).map(asRecord);
  if (tags.length === 0) return null;
  return (
    <section className="section" aria-label="Tags">
      <div className="section-title">Tags</div>
      <ul className="tag-pills" data-testid="event-tags">
        {tags.map((t, i) => {
          const key = asString(t.key) ?? '';
          const value = asString(t.value) ?? '';
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: tags may repeat
            <li key={i} className="tag-pill">
              <span className="tag-key">{key}</span>
              <Link className="tag-value" to={streamLink(`${key}:${quoteValue(value)}`)}>
                {value}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function UserSection({ event }: { event: SentryEvent }) {
  const user = asRecord(event.user);
  if (Object.keys(user).length === 0) return null;
  return (
    <section className="section" aria-label="User">
      <div className="section-title">User</div>
      <div className="panel">
        <KeyValues data={user} label="User" />
      </div>
    </section>
  );
}

export function RequestSection({ event }: { event: SentryEvent }) {
  const req = entry(event, 'request');
  if (!req) return null;
  const url = asString(req.url) ?? '';
  const href = safeHttpUrl(url);
  const method = (asString(req.method) ?? 'GET').toUpperCase().slice(0, 16);
  const query = req.query ?? req.query_string;
  return (
    <section className="section" aria-label="HTTP request">
      <div className="section-title">
        <span className="grow">HTTP request</span>
        <CopyButton text={toCurl(req)} label="Copy as cURL" />
      </div>
      <div className="panel">
        <div className="panel-body request-line break">
          <strong>{method}</strong>{' '}
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer nofollow">
              {url}
            </a>
          ) : (
            <span>{url}</span>
          )}
        </div>
        {query !== undefined && query !== '' && (
          <>
            <div className="panel-header">Query</div>
            {typeof query === 'string' ? (
              <div className="panel-body mono break">{query}</div>
            ) : (
              <KeyValues data={pairs(query)} />
            )}
          </>
        )}
        {req.data !== undefined && req.data !== null && (
          <>
            <div className="panel-header">Body</div>
            {typeof req.data === 'string' ? (
              <pre className="code-block">{req.data.slice(0, 20_000)}</pre>
            ) : (
              <KeyValues data={pairs(req.data)} />
            )}
          </>
        )}
        {pairs(req.headers).length > 0 && (
          <>
            <div className="panel-header">Headers</div>
            <KeyValues data={pairs(req.headers)} label="Headers" />
          </>
        )}
        {pairs(req.cookies).length > 0 && (
          <>
            <div className="panel-header">Cookies</div>
            <KeyValues data={pairs(req.cookies)} />
          </>
        )}
        {pairs(req.env).length > 0 && (
          <>
            <div className="panel-header">Environment</div>
            <KeyValues data={pairs(req.env)} />
          </>
        )}
      </div>
    </section>
  );
}

const CONTEXT_ORDER = ['runtime', 'os', 'browser', 'device', 'app', 'trace', 'culture', 'cloud_resource'];

export function ContextsSection({ event }: { event: SentryEvent }) {
  const contexts = Object.entries(asRecord(event.contexts))
    .filter(([, v]) => Object.entries(asRecord(v)).some(([k, x]) => k !== 'type' && hasValue(x)))
    .slice(0, 50);
  if (contexts.length === 0) return null;
  contexts.sort(([a], [b]) => {
    const ia = CONTEXT_ORDER.indexOf(a);
    const ib = CONTEXT_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return (
    <section className="section" aria-label="Contexts">
      <div className="section-title">Contexts</div>
      <div className="context-grid">
        {contexts.map(([name, value]) => {
          const rec = asRecord(value);
          const title = [asString(rec.name), asString(rec.version)].filter(Boolean).join(' ');
          return (
            <div className="panel" key={name} data-testid={`context-${name}`}>
              <div className="panel-header">
                <span className="grow truncate">{name}</span>
                <span className="context-summary truncate">{title}</span>
              </div>
              <KeyValues data={Object.entries(rec).filter(([k]) => k !== 'type')} label={name} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

export function SdkSection({ event }: { event: SentryEvent }) {
  const sdk = asRecord(event.sdk);
  if (Object.keys(sdk).length === 0) return null;
  const integrations = asArray(sdk.integrations, 100).map((x) => asString(x) ?? '');
  const rows: [string, unknown][] = [
    ['name', sdk.name],
    ['version', sdk.version],
  ];
  if (integrations.length) rows.push(['integrations', integrations.join(', ')]);
  const packages = asArray(sdk.packages, 50).map(asRecord);
  if (packages.length)
    rows.push(['packages', packages.map((p) => `${asString(p.name)}@${asString(p.version)}`).join(', ')]);
  return (
    <section className="section" aria-label="SDK">
      <div className="section-title">SDK</div>
      <div className="panel">
        <KeyValues data={rows} label="SDK" />
      </div>
    </section>
  );
}

export function ExtraSection({ event }: { event: SentryEvent }) {
  const extra = asRecord(event.context);
  if (Object.keys(extra).length === 0) return null;
  return (
    <section className="section" aria-label="Additional data">
      <div className="section-title">Additional data</div>
      <div className="panel">
        <KeyValues data={extra} label="Additional data" />
      </div>
    </section>
  );
}
