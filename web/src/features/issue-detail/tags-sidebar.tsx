/** Tag distributions of an issue: one bar per key with its top values, linking to a filtered stream. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Spinner } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import type { TagSummary } from '../../lib/api-types.js';
import { quoteValue } from '../../lib/search-query.js';

const COLORS = ['var(--accent)', 'var(--info)', 'var(--success)', 'var(--warning)', 'var(--danger)'];

export function TagDistributions({
  issueId,
  environment,
  streamLink,
}: {
  issueId: string;
  environment?: string;
  streamLink: (query: string) => string;
}) {
  const tags = useQuery({
    queryKey: ['issue-tags', issueId, environment],
    queryFn: () => api.issueTags(issueId, environment),
  });
  if (tags.isPending) return <Spinner />;
  if (tags.isError) return <p className="subtle">Tags are unavailable.</p>;
  const list: TagSummary[] = Array.isArray(tags.data) ? tags.data.slice(0, 40) : [];
  if (list.length === 0) return <p className="subtle">No tags.</p>;
  return (
    <ul className="tag-dists" data-testid="tag-distributions">
      {list.map((t) => {
        const total = Math.max(1, Number(t.totalValues) || 0);
        const top = Array.isArray(t.topValues) ? t.topValues.slice(0, 5) : [];
        const first = top[0];
        const pct = first ? Math.round(((Number(first.count) || 0) / total) * 100) : 0;
        return (
          <li key={t.key} className="tag-dist">
            <div className="row">
              <span className="tag-dist-key truncate">{t.key}</span>
              <span className="spacer" />
              {first && (
                <span className="subtle truncate tag-dist-top" title={String(first.value)}>
                  {String(first.value)} {pct}%
                </span>
              )}
            </div>
            <div className="bar" aria-hidden="true">
              {top.map((v, i) => (
                <span
                  key={String(v.value)}
                  className="bar-seg"
                  style={{ width: `${((Number(v.count) || 0) / total) * 100}%`, background: COLORS[i], opacity: 0.8 }}
                />
              ))}
            </div>
            <details className="tag-values">
              <summary className="subtle">Top values</summary>
              <ul>
                {top.map((v) => (
                  <li key={String(v.value)} className="row">
                    <Link className="truncate grow" to={streamLink(`${t.key}:${quoteValue(String(v.value))}`)}>
                      {String(v.value)}
                    </Link>
                    <span className="subtle">{Math.round(((Number(v.count) || 0) / total) * 100)}%</span>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
