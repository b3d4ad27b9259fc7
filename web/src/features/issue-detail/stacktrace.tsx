/**
 * A stack trace, newest frame first: in-app frames expanded with their source context (failing line
 * highlighted) and local variables; runs of system frames collapsed until "show all frames".
 */
import { useState } from 'react';
import { displayValue } from '../../lib/format.js';
import type { Frame } from './event-data.js';

function frameTitle(f: Frame): string {
  return f.filename ?? f.absPath ?? f.module ?? f.package ?? '<unknown>';
}

function FrameRow({ frame, defaultOpen }: { frame: Frame; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const expandable = frame.context.length > 0 || (frame.vars && Object.keys(frame.vars).length > 0);
  return (
    <li className={frame.inApp ? 'frame in-app' : 'frame'} data-testid="frame" data-in-app={frame.inApp}>
      <button
        type="button"
        className="frame-header"
        aria-expanded={expandable ? open : undefined}
        onClick={() => expandable && setOpen((o) => !o)}
        disabled={!expandable}
      >
        <span className="frame-file break">{frameTitle(frame)}</span>
        {frame.function && (
          <>
            <span className="subtle"> in </span>
            <span className="frame-fn break">{frame.function}</span>
          </>
        )}
        {frame.lineNo !== undefined && (
          <span className="subtle">
            {' '}
            at line {frame.lineNo}
            {frame.colNo !== undefined ? `:${frame.colNo}` : ''}
          </span>
        )}
        <span className="spacer" />
        {frame.inApp && <span className="badge badge-accent">In App</span>}
        {expandable && <span aria-hidden="true">{open ? '▾' : '▸'}</span>}
      </button>
      {open && expandable && (
        <div className="frame-body">
          {frame.context.length > 0 && (
            <ol className="context-lines" aria-label="Source context">
              {frame.context.map(([n, text]) => (
                <li
                  key={n}
                  className={n === frame.lineNo ? 'context-line active' : 'context-line'}
                  data-testid={n === frame.lineNo ? 'context-line-active' : undefined}
                >
                  <span className="line-no">{n}</span>
                  <code className="line-text">{text}</code>
                </li>
              ))}
            </ol>
          )}
          {frame.vars && Object.keys(frame.vars).length > 0 && (
            <table className="kv frame-vars" aria-label="Local variables">
              <tbody>
                {Object.entries(frame.vars)
                  .slice(0, 100)
                  .map(([k, v]) => (
                    <tr key={k}>
                      <td>{k}</td>
                      <td>{displayValue(v, 1000)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </li>
  );
}

function HiddenFrames({ frames }: { frames: Frame[] }) {
  const [open, setOpen] = useState(false);
  if (open) {
    // biome-ignore lint/suspicious/noArrayIndexKey: frames have no identity besides their position
    return frames.map((f, i) => <FrameRow key={`h${i}-${frameTitle(f)}`} frame={f} defaultOpen={false} />);
  }
  return (
    <li className="frame hidden-frames">
      <button type="button" className="frame-header subtle" onClick={() => setOpen(true)}>
        Show {frames.length} more frame{frames.length === 1 ? '' : 's'}
      </button>
    </li>
  );
}

export function Stacktrace({
  frames,
  showAll,
  newestFirst,
}: {
  frames: Frame[];
  showAll: boolean;
  newestFirst: boolean;
}) {
  const ordered = newestFirst ? [...frames].reverse() : frames;
  const hasInApp = frames.some((f) => f.inApp);
  const onlyInApp = hasInApp && !showAll;
  // Expand in-app frames (the newest few), or the newest frame when none is in-app.
  let expandedBudget = 5;
  const items: React.ReactNode[] = [];
  let hidden: Frame[] = [];
  const flush = (key: string) => {
    if (hidden.length) items.push(<HiddenFrames key={key} frames={hidden} />);
    hidden = [];
  };
  ordered.forEach((f, i) => {
    if (onlyInApp && !f.inApp) {
      hidden.push(f);
      return;
    }
    flush(`hidden-${i}`);
    const open = hasInApp ? f.inApp && expandedBudget-- > 0 : i === 0;
    // biome-ignore lint/suspicious/noArrayIndexKey: frames have no identity besides their position
    items.push(<FrameRow key={`f${i}-${frameTitle(f)}`} frame={f} defaultOpen={open} />);
  });
  flush('hidden-end');
  if (frames.length === 0) return <p className="subtle">No stack trace.</p>;
  return <ol className="frames">{items}</ol>;
}
