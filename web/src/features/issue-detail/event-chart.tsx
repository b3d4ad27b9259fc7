/** Events over time for one issue (24h hourly / 30d daily) drawn with uPlot, loaded on demand. */
import { useEffect, useRef, useState } from 'react';
import 'uplot/dist/uPlot.min.css';

export function EventChart({ points, label }: { points: unknown; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(false);

  useEffect(() => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const p of Array.isArray(points) ? points.slice(0, 1000) : []) {
      if (!Array.isArray(p)) continue;
      const t = Number(p[0]);
      const n = Number(p[1]);
      if (Number.isFinite(t)) {
        xs.push(t > 1e12 ? t / 1000 : t);
        ys.push(Number.isFinite(n) ? n : 0);
      }
    }
    setEmpty(xs.length === 0);
    const node = el.current;
    if (!node || xs.length === 0) return;
    let chart: { destroy(): void; setSize(s: { width: number; height: number }): void } | undefined;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const css = getComputedStyle(document.documentElement);
      const accent = css.getPropertyValue('--accent').trim() || '#5b4ee0';
      const axis = css.getPropertyValue('--fg-subtle').trim() || '#888';
      const grid = css.getPropertyValue('--border').trim() || '#ddd';
      const width = Math.max(200, node.clientWidth);
      const barWidth = xs.length > 1 ? 0.8 : 0.3;
      // Half a bucket of room on both sides so the first and last bars are not clipped.
      const step = xs.length > 1 ? (xs[1] ?? 0) - (xs[0] ?? 0) : 3600;
      const xMin = (xs[0] ?? 0) - step / 2;
      const xMax = (xs[xs.length - 1] ?? 0) + step / 2;
      chart = new UPlot(
        {
          width,
          height: 120,
          legend: { show: false },
          cursor: { y: false },
          scales: {
            x: { time: true, range: () => [xMin, xMax] },
            y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
          },
          axes: [
            { stroke: axis, grid: { show: false }, ticks: { stroke: grid }, size: 28 },
            {
              stroke: axis,
              grid: { stroke: grid, width: 1 },
              ticks: { show: false },
              size: 36,
              splits: (_u, _i, _min, max) => [0, Math.max(1, Math.round(max))],
            },
          ],
          series: [
            {},
            {
              label: 'Events',
              stroke: accent,
              fill: `${accent}99`,
              paths: UPlot.paths.bars?.({ size: [barWidth, 40] }),
              points: { show: false },
            },
          ],
        },
        [xs, ys],
        node,
      );
      observer = new ResizeObserver(() => chart?.setSize({ width: Math.max(200, node.clientWidth), height: 120 }));
      observer.observe(node);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [points]);

  return (
    <div className="event-chart" role="img" aria-label={label}>
      {empty ? <p className="subtle">No data for this period.</p> : <div ref={el} />}
    </div>
  );
}
