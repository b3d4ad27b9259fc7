/** The breadcrumbs timeline, newest first, with a text filter; all values rendered as text. */
import { useState } from 'react';
import type { SentryEvent } from '../../lib/api-types.js';
import { displayValue, parseDate } from '../../lib/format.js';
import { asArray, asRecord, asString, entry } from './event-data.js';

const LEVEL_TONES: Record<string, string> = { fatal: 'danger', error: 'danger', warning: 'warning', info: 'info' };

export function Breadcrumbs({ event }: { event: SentryEvent }) {
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  const values = asArray(entry(event, 'breadcrumbs')?.values, 1000).map(asRecord);
  if (values.length === 0) return null;
  const base = parseDate(event.dateCreated)?.getTime();
  const rows = values
    .map((b, i) => {
      const data = b.data && typeof b.data === 'object' ? displayValue(b.data, 600) : '';
      const message = asString(b.message) ?? '';
      return {
        i,
        type: asString(b.type) ?? 'default',
        category: asString(b.category) ?? '',
        level: asString(b.level) ?? 'info',
        message,
        data,
        ts: parseDate(b.timestamp),
      };
    })
    .reverse()
    .filter((r) => {
      if (!filter) return true;
      const f = filter.toLowerCase();
      return `${r.type} ${r.category} ${r.message} ${r.data}`.toLowerCase().includes(f);
    });
  const shown = all ? rows : rows.slice(0, 15);
  return (
    <section className="section" aria-labelledby="breadcrumbs-title" data-testid="breadcrumbs">
      <div className="section-title">
        <span id="breadcrumbs-title" className="grow">
          Breadcrumbs
        </span>
        <input
          className="input select-sm"
          type="search"
          placeholder="Filter breadcrumbs"
          aria-label="Filter breadcrumbs"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <div className="panel scroll-x">
        <table className="table breadcrumbs-table">
          <thead>
            <tr>
              <th>Type</th>
              <th>Category</th>
              <th>Description</th>
              <th>Level</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.i}>
                <td className="mono">{r.type}</td>
                <td className="mono break">{r.category}</td>
                <td className="break">
                  {r.message && <div>{r.message}</div>}
                  {r.data && <code className="subtle break">{r.data}</code>}
                </td>
                <td>
                  <span className={`badge badge-${LEVEL_TONES[r.level] ?? 'muted'}`}>{r.level.slice(0, 12)}</span>
                </td>
                <td className="mono subtle" title={r.ts?.toISOString()}>
                  {r.ts
                    ? base !== undefined && Math.abs(base - r.ts.getTime()) < 86_400_000
                      ? `${((r.ts.getTime() - base) / 1000).toFixed(1)}s`
                      : r.ts.toISOString().slice(11, 19)
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > shown.length && (
          <div className="panel-body">
            <button type="button" className="btn btn-sm" onClick={() => setAll(true)}>
              Show all {rows.length} breadcrumbs
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
