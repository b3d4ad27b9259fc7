/** The exception chain (most recent first) with each exception's stack trace, or a bare stack trace. */
import { useState } from 'react';
import { Badge, CopyButton } from '../../components/ui.js';
import type { SentryEvent } from '../../lib/api-types.js';
import { asArray, asRecord, asString, entry, exceptionValues, framesOf, rawStacktrace } from './event-data.js';
import { Stacktrace } from './stacktrace.js';

function Toolbar({
  showAll,
  setShowAll,
  raw,
  setRaw,
  newestFirst,
  setNewestFirst,
  rawText,
}: {
  showAll: boolean;
  setShowAll: (v: boolean) => void;
  raw: boolean;
  setRaw: (v: boolean) => void;
  newestFirst: boolean;
  setNewestFirst: (v: boolean) => void;
  rawText: string;
}) {
  return (
    <div className="row-wrap">
      <button type="button" className="btn btn-sm" aria-pressed={showAll} onClick={() => setShowAll(!showAll)}>
        Show all frames
      </button>
      <button type="button" className="btn btn-sm" aria-pressed={raw} onClick={() => setRaw(!raw)}>
        Raw
      </button>
      <button type="button" className="btn btn-sm" onClick={() => setNewestFirst(!newestFirst)}>
        {newestFirst ? 'Newest first' : 'Oldest first'}
      </button>
      {raw && <CopyButton text={rawText} label="Copy raw" />}
    </div>
  );
}

export function ExceptionSection({ event }: { event: SentryEvent }) {
  const [showAll, setShowAll] = useState(false);
  const [raw, setRaw] = useState(false);
  const [newestFirst, setNewestFirst] = useState(true);
  const platform = asString(event.platform);
  const values = exceptionValues(event);

  // No exception: a bare `stacktrace` entry, or the crashed/current thread.
  let frames = values.length === 0 ? framesOf(entry(event, 'stacktrace')) : [];
  if (values.length === 0 && frames.length === 0) {
    const threads = asArray(entry(event, 'threads')?.values, 100).map(asRecord);
    const t = threads.find((x) => x.crashed === true) ?? threads.find((x) => x.current === true) ?? threads[0];
    if (t) frames = framesOf(t.stacktrace);
  }
  if (values.length === 0 && frames.length === 0) return null;

  const rawText =
    values.length > 0
      ? rawStacktrace(values, platform)
      : rawStacktrace([{ frames, rawFrames: [], type: asString(event.title) }], platform);
  const chain = newestFirst ? [...values].reverse() : values;

  return (
    <section className="section" aria-labelledby="exception-title" data-testid="exception">
      <div className="section-title">
        <span id="exception-title" className="grow">
          {values.length > 0 ? (values.length > 1 ? 'Exceptions' : 'Exception') : 'Stack trace'}
        </span>
        <Toolbar {...{ showAll, setShowAll, raw, setRaw, newestFirst, setNewestFirst, rawText }} />
      </div>
      {raw ? (
        <pre className="code-block" data-testid="raw-stacktrace">
          {rawText}
        </pre>
      ) : values.length > 0 ? (
        chain.map((v, i) => {
          const handled = v.mechanism?.handled;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the chain order is stable for one event
            <div className="exception" key={i}>
              {i > 0 && (
                <div className="chain-note subtle">{newestFirst ? 'Caused by' : 'During handling, raised'}</div>
              )}
              <div className="exception-head">
                <h3 className="break">{v.type ?? 'Error'}</h3>
                {v.mechanism && (
                  <span className="row-wrap">
                    <Badge>mechanism: {asString(v.mechanism.type) ?? 'generic'}</Badge>
                    {handled === false && <Badge tone="danger">unhandled</Badge>}
                    {handled === true && <Badge>handled</Badge>}
                  </span>
                )}
              </div>
              {v.value && <p className="exception-value break">{v.value}</p>}
              <Stacktrace frames={v.frames} showAll={showAll} newestFirst={newestFirst} />
            </div>
          );
        })
      ) : (
        <Stacktrace frames={frames} showAll={showAll} newestFirst={newestFirst} />
      )}
    </section>
  );
}
