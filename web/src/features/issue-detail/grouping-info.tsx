/**
 * "Why grouped": the issue's hashes, the event's fingerprint and grouping config, and — when the
 * server provides grouping info — each variant with the components that contributed to its hash.
 */
import { useQuery } from '@tanstack/react-query';
import { Badge, Spinner } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import type { Issue, SentryEvent } from '../../lib/api-types.js';
import { asArray, asRecord, asString, type Rec } from './event-data.js';

function Component({ c, depth }: { c: Rec; depth: number }) {
  if (depth > 8) return null;
  const values = asArray(c.values, 100);
  const contributes = c.contributes !== false;
  return (
    <li className={contributes ? 'gc contributes' : 'gc'}>
      <span className="mono">{asString(c.name) ?? asString(c.id) ?? 'component'}</span>
      {asString(c.hint) && <span className="subtle"> ({asString(c.hint)})</span>}
      {values.length > 0 && (
        <ul>
          {values.map((v, i) =>
            v && typeof v === 'object' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: static tree
              <Component key={i} c={asRecord(v)} depth={depth + 1} />
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: static tree
              <li key={i} className="mono break">
                {String(v)}
              </li>
            ),
          )}
        </ul>
      )}
    </li>
  );
}

export function GroupingInfo({ issue, event, org }: { issue: Issue; event: SentryEvent | undefined; org: string }) {
  const hashes = useQuery({
    queryKey: ['issue-hashes', issue.id],
    queryFn: () => api.issueHashes(issue.id),
    retry: false,
  });
  const info = useQuery({
    queryKey: ['grouping-info', event?.id],
    queryFn: () => api.groupingInfo(org, issue.project.slug, event?.eventID ?? event?.id ?? ''),
    enabled: !!event,
    retry: false,
  });
  const variantsRaw = asRecord(info.data);
  const variants = Object.entries(asRecord(variantsRaw.variants ?? variantsRaw)).slice(0, 20);
  const fingerprints = asArray(event?.fingerprints, 50).map((f) => asString(f) ?? '');
  return (
    <div className="stack" data-testid="grouping-info">
      <div>
        <div className="field-label">Hashes of this issue</div>
        {hashes.isPending ? (
          <Spinner />
        ) : hashes.isError ? (
          <p className="subtle">Hashes are unavailable.</p>
        ) : (
          <ul className="hash-list">
            {asArray(hashes.data, 100).map((h) => {
              const id = asString(asRecord(h).id) ?? '';
              return (
                <li key={id} className="mono">
                  {id} {fingerprints.includes(id) && <Badge tone="accent">this event</Badge>}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {event?.groupingConfig && (
        <div className="subtle">
          Grouping config: <span className="mono">{asString(asRecord(event.groupingConfig).id) ?? 'default'}</span>
        </div>
      )}
      {variants.length > 0 && (
        <div className="stack">
          {variants.map(([name, raw]) => {
            const v = asRecord(raw);
            const contributes = v.contributes === true || (v.hash !== null && v.hash !== undefined);
            return (
              <div key={name} className="panel">
                <div className="panel-header">
                  <span className="grow truncate">
                    {name} {asString(v.description) && <span className="subtle">— {asString(v.description)}</span>}
                  </span>
                  {contributes ? <Badge tone="success">contributes</Badge> : <Badge>does not contribute</Badge>}
                </div>
                <div className="panel-body">
                  {asString(v.hash) && <div className="mono">hash: {asString(v.hash)}</div>}
                  {asArray(v.values, 20).length > 0 && (
                    <div className="mono">
                      fingerprint:{' '}
                      {asArray(v.values, 20)
                        .map((x) => String(x))
                        .join(', ')}
                    </div>
                  )}
                  {v.component !== undefined && (
                    <ul className="gc-tree">
                      <Component c={asRecord(v.component)} depth={0} />
                    </ul>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
