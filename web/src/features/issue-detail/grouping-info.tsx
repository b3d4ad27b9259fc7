/**
 * "Why grouped": the issue's hashes (each with its latest event; unmerge moves selected hashes to a
 * new issue), the event's grouping config, what the default config hashes for this event (in-app
 * frames, else all frames, else the message), and — when the server provides grouping info — each
 * variant with the components that contributed to its hash.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useToast } from '../../components/toast.js';
import { Badge, Button, errorMessage, Spinner, TimeAgo } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import type { Issue, SentryEvent } from '../../lib/api-types.js';
import { asArray, asRecord, asString, exceptionValues, type Rec } from './event-data.js';

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

/** What the default grouping (newstyle:2023-01-11) looks at for this event. */
function DefaultBasis({ event }: { event: SentryEvent }) {
  const values = exceptionValues(event);
  const frames = values.flatMap((v) => v.frames);
  const inApp = frames.filter((f) => f.inApp);
  const basis = inApp.length > 0 ? inApp : frames;
  if (basis.length > 0) {
    return (
      <div className="stack">
        <p className="subtle">
          {inApp.length > 0
            ? `Grouped by its in-app stack trace: the ${inApp.length} in-app frame${inApp.length === 1 ? '' : 's'} below (module or file name and function), with the exception type.`
            : 'No in-app frames: grouped by the full stack trace with the exception type.'}
        </p>
        <ol className="gc-tree mono">
          {basis.slice(-30).map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: frames have no identity besides their position
            <li key={i} className="gc contributes break">
              {f.module ?? f.filename ?? '?'} · {f.function ?? '?'}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (values.length > 0) return <p className="subtle">No stack trace: grouped by the exception type and message.</p>;
  return <p className="subtle">No exception: grouped by the message (with numbers, ids and dates parameterized).</p>;
}

export function GroupingInfo({ issue, event, org }: { issue: Issue; event: SentryEvent | undefined; org: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [picked, setPicked] = useState<Set<string>>(new Set());
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
  const unmerge = useMutation({
    mutationFn: () => api.unmergeHashes(issue.id, [...picked]),
    onSuccess: () => {
      toast(`Unmerged ${picked.size} hash${picked.size === 1 ? '' : 'es'} into a new issue`);
      setPicked(new Set());
      qc.invalidateQueries({ queryKey: ['issue-hashes', issue.id] });
      qc.invalidateQueries({ queryKey: ['issue', issue.id] });
      qc.invalidateQueries({ queryKey: ['issues', org] });
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const variantsRaw = asRecord(info.data);
  const variants = Object.entries(asRecord(variantsRaw.variants ?? variantsRaw)).slice(0, 20);
  const fingerprints = asArray(event?.fingerprints, 50).map((f) => asString(f) ?? '');
  const list = asArray(hashes.data, 100).map(asRecord);

  return (
    <div className="stack" data-testid="grouping-info">
      <section className="section">
        <div className="section-title">
          <span className="grow">Hashes of this issue</span>
          {list.length > 1 && (
            <Button
              size="sm"
              disabled={picked.size === 0 || picked.size >= list.length || unmerge.isPending}
              onClick={() => unmerge.mutate()}
            >
              Unmerge selected
            </Button>
          )}
        </div>
        {hashes.isPending ? (
          <Spinner />
        ) : hashes.isError ? (
          <p className="subtle">Hashes are unavailable.</p>
        ) : (
          <ul className="panel hash-list">
            {list.map((h) => {
              const id = asString(h.id) ?? '';
              const latest = asRecord(h.latestEvent);
              return (
                <li key={id} className="row hash-row">
                  {list.length > 1 && (
                    <input
                      type="checkbox"
                      className="checkbox"
                      aria-label={`Select hash ${id}`}
                      checked={picked.has(id)}
                      onChange={(e) => {
                        const next = new Set(picked);
                        if (e.target.checked) next.add(id);
                        else next.delete(id);
                        setPicked(next);
                      }}
                    />
                  )}
                  <span className="mono">{id}</span>
                  {fingerprints.includes(id) && <Badge tone="accent">this event</Badge>}
                  <span className="grow truncate subtle">{asString(latest.title) ?? ''}</span>
                  {asString(latest.dateCreated) && (
                    <span className="subtle">
                      <TimeAgo date={latest.dateCreated} />
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {event && (
        <section className="section">
          <div className="section-title">
            What grouped this event{' '}
            <span className="mono subtle">{asString(asRecord(event.groupingConfig).id) ?? 'newstyle:2023-01-11'}</span>
          </div>
          <DefaultBasis event={event} />
        </section>
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
